package provider

import (
	"context"
	"sync"
)

// exclusiveCreates holds the assignments that the exclusive assignments
// resources of one provider configuration create, by assignment ID, so that
// identitycenter_application_assignment can tell the 409 its own create gets
// when the exclusive resource made the assignment a moment before from one
// that someone else made. The exclusive resource's docs ask that it declare
// the principal of every identitycenter_application_assignment on its
// application instance, and Terraform applies the two at once: the create
// that comes second is answered 409. The exclusive resource counts that as
// made once a list shows it; identitycenter_application_assignment records
// the assignment only when the record below says the exclusive resource
// made it, since it never takes over one that whoever made it may rely on.
// A nil *exclusiveCreates, before the provider is configured, records
// nothing.
type exclusiveCreates struct {
	mu sync.Mutex
	// sending holds, for each ID with a create on its way, a channel that is
	// closed once every such create has its answer.
	sending map[string]*createsInFlight
	made    map[string]bool
}

type createsInFlight struct {
	count int
	done  chan struct{}
}

func newExclusiveCreates() *exclusiveCreates {
	return &exclusiveCreates{sending: map[string]*createsInFlight{}, made: map[string]bool{}}
}

// start records that a create of id is about to be sent; finish records
// whether the API confirmed that it made the assignment.
func (c *exclusiveCreates) start(id string) (finish func(made bool)) {
	if c == nil {
		return func(bool) {}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.sending[id]
	if f == nil {
		f = &createsInFlight{done: make(chan struct{})}
		c.sending[id] = f
	}
	f.count++
	return func(made bool) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.made[id] = c.made[id] || made
		if f.count--; f.count == 0 {
			close(f.done)
			delete(c.sending, id)
		}
	}
}

// madeByExclusive reports whether an exclusive resource made id. A create
// of id still on its way is waited for, as the 409 that prompts the
// question may answer a create that came second to it.
func (c *exclusiveCreates) madeByExclusive(ctx context.Context, id string) bool {
	if c == nil {
		return false
	}
	for {
		c.mu.Lock()
		f, made := c.sending[id], c.made[id]
		c.mu.Unlock()
		if f == nil {
			return made
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			return false
		}
	}
}
