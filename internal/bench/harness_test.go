package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
)

// writeProfile writes a profile of this process at path, as pprof merges
// any profiles of one kind: the goroutines', which, unlike the CPU's, does
// not conflict with go test -cpuprofile.
func writeProfile(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("goroutine").WriteTo(f, 0); err != nil {
		t.Fatal(err)
	}
}

// TestMergeCPUProfilesTakesVariantA writes the profile builds use from the
// provider's CPU profiles of (a) alone, and refuses to write one from none.
func TestMergeCPUProfilesTakesVariantA(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "provider.pgo")
	writeProfile(t, filepath.Join(dir, "1000-b-plan-1", "cpu-1.pprof"))
	if err := mergeCPUProfiles(t.Context(), dir, out); err == nil || !strings.Contains(err.Error(), "no CPU profiles") {
		t.Fatalf("merging without a profile of (a) = %v, want an error saying there is none", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a failed merge left %s behind (%v)", out, err)
	}

	// A provider process that did not exit normally leaves its profile empty.
	empty := filepath.Join(dir, "1000-a-plan-1", "cpu-2.pprof")
	writeProfile(t, filepath.Join(dir, "1000-a-apply-1", "cpu-3.pprof"))
	if err := os.MkdirAll(filepath.Dir(empty), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := mergeCPUProfiles(t.Context(), dir, out); err == nil || !strings.Contains(err.Error(), empty) {
		t.Fatalf("merging with an empty profile = %v, want an error naming it", err)
	}

	writeProfile(t, empty)
	if err := mergeCPUProfiles(t.Context(), dir, out); err != nil {
		t.Fatal(err)
	}
	merged, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// pprof writes its protocol buffer gzipped.
	if !bytes.HasPrefix(merged, []byte{0x1f, 0x8b}) {
		t.Errorf("%s is not a gzipped profile: % x", out, merged[:min(len(merged), 8)])
	}
	if leftovers, _ := filepath.Glob(out + ".*"); len(leftovers) != 0 {
		t.Errorf("temporary files left beside the profile: %v", leftovers)
	}
}
