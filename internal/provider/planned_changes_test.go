package provider

import (
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Whichever of two conflicting changes to one ID is planned second warns,
// however the two race, with the warning of the conflict: a deletion or an
// exclusive resource's removal and an addition, or a deletion and a
// declaration. Other IDs, the same change planned twice, and a removal and
// a declaration conflict with nothing.
func TestPlannedChanges(t *testing.T) {
	type warned struct{ kind, id string }
	for range 100 {
		p := newPlannedChanges()
		var mu sync.Mutex
		var got []warned
		warn := func(kind string) func(string, *diag.Diagnostics) {
			return func(id string, _ *diag.Diagnostics) {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, warned{kind, id})
			}
		}
		w := plannedWarnings{deletedAndAdded: warn("added"), deletedWhileDeclared: warn("declared")}
		var diags diag.Diagnostics
		var wg sync.WaitGroup
		for _, plan := range []func(){
			func() { p.delete("a", w, &diags) },
			func() { p.add("a", w, &diags) },
			func() { p.add("b", w, &diags) },
			func() { p.add("b", w, &diags) },
			func() { p.delete("c", w, &diags) },
			func() { p.delete("c", w, &diags) },
			func() { p.declare("d", w, &diags) },
			func() { p.delete("d", w, &diags) },
			func() { p.remove("e", w, &diags) },
			func() { p.add("e", w, &diags) },
			func() { p.remove("f", w, &diags) },
			func() { p.declare("f", w, &diags) },
		} {
			wg.Go(plan)
		}
		wg.Wait()
		want := map[warned]bool{{"added", "a"}: true, {"declared", "d"}: true, {"added", "e"}: true}
		if len(got) != len(want) {
			t.Fatalf("warnings %v, want %v", got, want)
		}
		for _, g := range got {
			if !want[g] {
				t.Fatalf("warnings %v, want %v", got, want)
			}
		}
	}
	var unconfigured *plannedChanges
	failing := func(string, *diag.Diagnostics) { t.Error("a nil record warned") }
	w := plannedWarnings{deletedAndAdded: failing, deletedWhileDeclared: failing}
	unconfigured.delete("a", w, nil)
	unconfigured.add("a", w, nil)
	unconfigured.declare("a", w, nil)
	unconfigured.remove("a", w, nil)
}
