package provider

import (
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// plannedChanges holds what the plans of one provider configuration delete
// and add, by the ID of an association or an assignment, so that a plan that
// deletes one and adds the same one says so. For an association, which a
// plan adds by adopting it, Terraform would delete it and then fail to adopt
// it, or adopt it and then delete it, and the API cannot create it again.
// For an assignment, which a plan adds by creating it, Terraform may run the
// create first, which fails as the assignment exists, and the delete then
// removes it. A renamed for_each key, a shifted count index, two resources
// that swap their associations and an exclusive resource's removal of what
// another resource adds all plan that. The two kinds of ID never meet: an
// association's has three parts, an assignment's four.
//
// It also holds what the exclusive resources' plans declare, so that a plan
// in which a resource deletes what an exclusive resource declares says so:
// removing a resource whose association or principal the exclusive resource
// also declares, as its docs ask, deletes it, which was most likely not
// meant. A deleted association can never come back, and the exclusive
// resource's plans then fail; a deleted assignment comes back with the next
// apply. An exclusive resource's own removals do not count there: what one
// removes, it does not declare, and two on one application instance are a
// mistake of their own.
//
// It warns rather than fails, as the provider cannot tell such a plan from
// two that are harmless: a replacement under lifecycle destroy = false
// deletes nothing, though its plan looks like a deletion, and a provider
// configured once for a whole terraform test file sees the plans of all its
// run blocks, so that a teardown's deletions meet the adoptions of earlier
// runs. In terraform plan, Terraform plans every resource of a provider
// configuration in the one provider process the configuration gets, so all
// its plans meet here, and whichever of the two comes second warns. A nil
// *plannedChanges, before the provider is configured, records nothing.
type plannedChanges struct {
	mu       sync.Mutex
	deletes  map[string]bool // by resources of one association or assignment
	removals map[string]bool // by exclusive resources
	adds     map[string]bool
	declares map[string]bool
}

func newPlannedChanges() *plannedChanges {
	return &plannedChanges{deletes: map[string]bool{}, removals: map[string]bool{}, adds: map[string]bool{},
		declares: map[string]bool{}}
}

// plannedChangesReach is what the resources' docs say of the warnings
// plannedChanges gives: it sees only what one provider process plans.
const plannedChangesReach = "These warnings compare what the plans of one provider configuration delete, adopt, " +
	"create and declare: they need both resources on the same provider configuration, the default one or the same " +
	"alias, and they miss a resource that `-target` leaves out of the plan and an ID not known until apply."

// plannedWarnings are what a plan says of one kind of ID, an association's
// or an assignment's.
type plannedWarnings struct {
	// deletedAndAdded warns of an ID that one plan deletes and another adds.
	deletedAndAdded func(id string, diags *diag.Diagnostics)
	// deletedWhileDeclared warns, on the resource that deletes it, of an ID
	// that an exclusive resource's plan declares.
	deletedWhileDeclared func(id string, diags *diag.Diagnostics)
	// declaredWhileDeleted warns, on the exclusive resource that declares
	// it, of an ID that another resource's plan deletes. The two say
	// different things as each advises the resource it is attached to.
	declaredWhileDeleted func(id string, diags *diag.Diagnostics)
}

// delete records that a resource's plan deletes id.
func (p *plannedChanges) delete(id string, w plannedWarnings, diags *diag.Diagnostics) {
	p.record(func() {
		p.deletes[id] = true
		if p.adds[id] {
			w.deletedAndAdded(id, diags)
		}
		if p.declares[id] {
			w.deletedWhileDeclared(id, diags)
		}
	})
}

// remove records that an exclusive resource's plan removes id from its set.
func (p *plannedChanges) remove(id string, w plannedWarnings, diags *diag.Diagnostics) {
	p.record(func() {
		p.removals[id] = true
		if p.adds[id] {
			w.deletedAndAdded(id, diags)
		}
	})
}

// add records that a plan adopts or creates id.
func (p *plannedChanges) add(id string, w plannedWarnings, diags *diag.Diagnostics) {
	p.record(func() {
		p.adds[id] = true
		if p.deletes[id] || p.removals[id] {
			w.deletedAndAdded(id, diags)
		}
	})
}

// declare records that an exclusive resource's plan declares id.
func (p *plannedChanges) declare(id string, w plannedWarnings, diags *diag.Diagnostics) {
	p.record(func() {
		p.declares[id] = true
		if p.deletes[id] {
			w.declaredWhileDeleted(id, diags)
		}
	})
}

// record runs change under the lock, unless p is nil.
func (p *plannedChanges) record(change func()) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	change()
}
