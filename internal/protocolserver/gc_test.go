package protocolserver

import "testing"

func TestGCSettingsLeaveTheEnvironmentsChoice(t *testing.T) {
	if percent, limit, ok := GCSettings([]string{"PATH=/bin", "TF_LOG=trace"}); !ok || percent != gcPercent || limit != memoryLimit {
		t.Errorf("GCSettings without GOGC or GOMEMLIMIT = %d, %d, %v; want %d, %d, true", percent, limit, ok, gcPercent, memoryLimit)
	}
	for _, env := range [][]string{{"GOGC=100"}, {"GOGC=off"}, {"PATH=/bin", "GOMEMLIMIT=1GiB"}, {"GOGC="}} {
		if _, _, ok := GCSettings(env); ok {
			t.Errorf("GCSettings(%q) overrides what the environment sets", env)
		}
	}
}
