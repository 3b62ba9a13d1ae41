package provider

import (
	"sync"
	"sync/atomic"
	"testing"
)

// Whichever of a deletion and an adoption, a creation or a declaration of
// one ID is planned second reports the conflict, however the two race;
// other IDs, and the same change planned twice, conflict with nothing.
func TestPlannedChanges(t *testing.T) {
	for range 100 {
		p := newPlannedChanges()
		var conflicts atomic.Int64
		var wg sync.WaitGroup
		deleteAny := func(id string) bool {
			added, declared := p.delete(id)
			return added || declared
		}
		for _, plan := range []func() bool{
			func() bool { return deleteAny("a") },
			func() bool { return p.add("a") },
			func() bool { return p.add("b") },
			func() bool { return p.add("b") },
			func() bool { return deleteAny("c") },
			func() bool { return deleteAny("c") },
			func() bool { return p.declare("d") },
			func() bool { return deleteAny("d") },
			func() bool { return p.declare("e") },
			func() bool { return p.add("e") },
		} {
			wg.Go(func() {
				if plan() {
					conflicts.Add(1)
				}
			})
		}
		wg.Wait()
		if n := conflicts.Load(); n != 2 {
			t.Fatalf("%d conflicts reported, want 2: a and d", n)
		}
	}
	var unconfigured *plannedChanges
	if added, declared := unconfigured.delete("a"); added || declared || unconfigured.add("a") || unconfigured.declare("a") {
		t.Error("a nil record reported a conflict")
	}
}
