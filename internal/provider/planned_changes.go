package provider

import "sync"

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
// that deletes what an exclusive resource declares says so: removing a
// resource whose association or principal the exclusive resource also
// declares, as its docs ask, deletes it, which was most likely not meant. A
// deleted association can never come back, and the exclusive resource's
// plans then fail; a deleted assignment comes back with the next apply.
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
	deletes  map[string]bool
	adds     map[string]bool
	declares map[string]bool
}

func newPlannedChanges() *plannedChanges {
	return &plannedChanges{deletes: map[string]bool{}, adds: map[string]bool{}, declares: map[string]bool{}}
}

// delete records that a plan deletes id, and reports whether a plan adds it
// and whether an exclusive resource's plan declares it.
func (p *plannedChanges) delete(id string) (added, declared bool) {
	if p == nil {
		return false, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.deletes[id] = true
	return p.adds[id], p.declares[id]
}

// declare records that an exclusive resource's plan declares id, and
// reports whether a plan deletes it.
func (p *plannedChanges) declare(id string) bool {
	return p != nil && p.record(id, p.declares, p.deletes)
}

// add records that a plan adopts or creates id, and reports whether a plan
// deletes it.
func (p *plannedChanges) add(id string) bool { return p != nil && p.record(id, p.adds, p.deletes) }

// record adds id to planned and reports whether opposite holds it.
func (p *plannedChanges) record(id string, planned, opposite map[string]bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	planned[id] = true
	return opposite[id]
}

// added is the first answer of plannedChanges.delete, for the exclusive
// resources, which also declare: what one removes, it does not declare.
func added(adds, _ bool) bool { return adds }
