package provider

import (
	"sync"
	"sync/atomic"
	"testing"
)

// Whichever of a deletion and an adoption of one association is planned
// second reports the conflict, however the two race; other associations,
// and the same change planned twice, conflict with nothing.
func TestPlannedChanges(t *testing.T) {
	for range 100 {
		p := newPlannedChanges()
		var conflicts atomic.Int64
		var wg sync.WaitGroup
		for _, plan := range []func() bool{
			func() bool { return p.delete("a") },
			func() bool { return p.add("a") },
			func() bool { return p.add("b") },
			func() bool { return p.add("b") },
			func() bool { return p.delete("c") },
			func() bool { return p.delete("c") },
		} {
			wg.Go(func() {
				if plan() {
					conflicts.Add(1)
				}
			})
		}
		wg.Wait()
		if n := conflicts.Load(); n != 1 {
			t.Fatalf("%d conflicts reported, want 1", n)
		}
	}
	var unconfigured *plannedChanges
	if unconfigured.delete("a") || unconfigured.add("a") {
		t.Error("a nil record reported a conflict")
	}
}
