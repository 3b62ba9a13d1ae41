package provider

import (
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Whichever of two conflicting changes to one ID is planned second warns,
// however the two race, with the warning of the conflict: a deletion or an
// exclusive resource's removal and an addition, or a deletion and a
// declaration, where the deletion and the declaration each have a warning
// of their own. Other IDs, the same change planned twice, and a removal and
// a declaration conflict with nothing.
func TestPlannedChanges(t *testing.T) {
	type warned struct{ kind, id string }
	for range 100 {
		p := newPlannedChanges()
		var mu sync.Mutex
		var got []warned
		w := recordingWarnings(func(kind, id string) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, warned{kind, id})
		})
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
		counts := map[warned]int{}
		for _, g := range got {
			counts[g]++
		}
		onD := counts[warned{"onDeleter", "d"}] + counts[warned{"onDeclarer", "d"}]
		if len(got) != 3 || counts[warned{"added", "a"}] != 1 || counts[warned{"added", "e"}] != 1 || onD != 1 {
			t.Fatalf("warnings %v, want one each of added a, added e, and d's on whichever side came second", got)
		}
	}
	// Each side of a deletion and a declaration warns with its own
	// warning when it is planned second.
	for _, order := range []struct {
		first, second func(*plannedChanges, plannedWarnings)
		want          string
	}{
		{first: declareD, second: deleteD, want: "onDeleter"},
		{first: deleteD, second: declareD, want: "onDeclarer"},
	} {
		var got []string
		w := recordingWarnings(func(kind, _ string) { got = append(got, kind) })
		p := newPlannedChanges()
		order.first(p, w)
		order.second(p, w)
		if len(got) != 1 || got[0] != order.want {
			t.Errorf("warnings %v, want [%s]", got, order.want)
		}
	}
	var unconfigured *plannedChanges
	failing := func(string, *diag.Diagnostics) { t.Error("a nil record warned") }
	w := plannedWarnings{deletedAndAdded: failing, deletedWhileDeclared: failing, declaredWhileDeleted: failing}
	unconfigured.delete("a", w, nil)
	unconfigured.add("a", w, nil)
	unconfigured.declare("a", w, nil)
	unconfigured.remove("a", w, nil)
}

func declareD(p *plannedChanges, w plannedWarnings) { p.declare("d", w, &diag.Diagnostics{}) }

func deleteD(p *plannedChanges, w plannedWarnings) { p.delete("d", w, &diag.Diagnostics{}) }

// recordingWarnings hands record each warning's kind, named after the side
// that gives it, and ID.
func recordingWarnings(record func(kind, id string)) plannedWarnings {
	warn := func(kind string) func(string, *diag.Diagnostics) {
		return func(id string, _ *diag.Diagnostics) { record(kind, id) }
	}
	return plannedWarnings{deletedAndAdded: warn("added"), deletedWhileDeclared: warn("onDeleter"),
		declaredWhileDeleted: warn("onDeclarer")}
}
