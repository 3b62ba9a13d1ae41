package identitycenter

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// principalKey names an assignment within its application instance.
type principalKey struct{ principalType, principalID string }

func (p principalKey) is(a Assignment) bool {
	return a.PrincipalType == p.principalType && a.PrincipalID == p.principalID
}

// walkAnswer is one complete walk of an application instance's pages,
// shared by every caller that waited for it and by the cache; nobody may
// modify it.
type walkAnswer struct {
	assignments []Assignment
	// index is built by the first lookup, so that N lookups in a walk of N
	// assignments cost O(N) rather than O(N²).
	indexOnce sync.Once
	index     map[principalKey]int
}

func (a *walkAnswer) find(p principalKey) (Assignment, bool) {
	a.indexOnce.Do(func() {
		a.index = make(map[principalKey]int, len(a.assignments))
		for i, as := range a.assignments {
			k := principalKey{as.PrincipalType, as.PrincipalID}
			if _, dup := a.index[k]; !dup {
				a.index[k] = i
			}
		}
	})
	i, ok := a.index[p]
	if !ok {
		return Assignment{}, false
	}
	return a.assignments[i], true
}

// walkCall is one walk and the callers waiting for it. It is pending until
// it starts; once done is closed, answer or err is set.
type walkCall struct {
	done   chan struct{}
	answer *walkAnswer
	err    error

	// Guarded by assignmentLists.mu.
	seq      uint64             // when it started, on the clock of assignmentLists.seq; 0 while pending
	gen      uint64             // the entry's generation when it started
	waiters  int                // callers still waiting
	finished bool               // answer or err is set
	cancel   context.CancelFunc // set when it starts
	base     context.Context    //nolint:containedctx // the first caller's values, kept until a pending walk starts
}

// walkEntry is what is known of the walks of one application instance.
type walkEntry struct {
	gen      uint64 // incremented by every invalidation
	cached   *walkAnswer
	cachedAt time.Time
	cacheSeq uint64    // seq of the walk that answered cached
	flight   *walkCall // the running walk, if any
	next     *walkCall // the walk that starts when flight ends, if any
}

// assignmentLists shares paginated walks of the assignment list between the
// callers of one Client, and keeps the last complete walk for the same short
// while as profile lists (defaultListTTL). A walk follows every page; pages
// are never shared or cached one by one, so every answer is one whole walk.
//
// The invariants are those of profileLists:
//
//   - "Not assigned" only comes from a walk that started after the question
//     was asked. Every question and every walk start takes the next number
//     of one counter (seq) under mu; lookup answers "not assigned" only when
//     the answering walk's seq is greater than the question's, and otherwise
//     asks again with FreshList. The same holds for the API's 404
//     of an instance or application instance, which a finder reads as "not
//     assigned": a 404 from an earlier walk makes lookup ask again.
//   - A question answered from a later walk (ListAssignments,
//     FindAssignment with FreshList) never joins a running walk: freshCallLocked starts
//     one, or hands out the pending one, which is numbered when it starts,
//     after every question that joined it. The confirmations of creates
//     that finish together share that walk.
//
// "Assigned" may come from the cache or from a running walk, because an
// assignment that a walk showed existed at that moment; the TTL bounds how
// old that moment may be. DeleteAssignment invalidates the entry when it
// starts and when it ends: the cache is dropped and the generation moves
// on, so no walk running during the delete fills the cache, nor answers a
// question asked after the delete started. A create needs no invalidation:
// it makes no "assigned" answer false.
type assignmentLists struct {
	fetch func(context.Context, listKey) ([]Assignment, error)
	ttl   time.Duration
	now   func() time.Time

	mu      sync.Mutex
	seq     uint64
	entries map[listKey]*walkEntry
}

func newAssignmentLists(fetch func(context.Context, listKey) ([]Assignment, error)) *assignmentLists {
	return &assignmentLists{fetch: fetch, ttl: defaultListTTL, now: time.Now, entries: map[listKey]*walkEntry{}}
}

func (l *assignmentLists) entryLocked(k listKey) *walkEntry {
	e := l.entries[k]
	if e == nil {
		e = &walkEntry{}
		l.entries[k] = e
	}
	return e
}

// list answers from a walk that started after the call.
func (l *assignmentLists) list(ctx context.Context, k listKey) (*walkAnswer, error) {
	l.mu.Lock()
	e := l.entryLocked(k)
	c := l.freshCallLocked(ctx, e, k)
	c.waiters++
	l.mu.Unlock()
	return l.wait(ctx, k, e, c)
}

// lookup finds one assignment, answering as recency says.
func (l *assignmentLists) lookup(ctx context.Context, k listKey, p principalKey, recency Recency) (Assignment, bool, error) {
	l.mu.Lock()
	l.seq++
	asked := l.seq
	e := l.entryLocked(k)
	recent := recency == RecentList
	if recent && e.cached != nil && l.now().Sub(e.cachedAt) < l.ttl {
		if a, ok := e.cached.find(p); ok {
			l.mu.Unlock()
			return a, true, nil
		}
	}
	var c *walkCall
	if recent && e.flight != nil && e.flight.gen == e.gen {
		c = e.flight
	} else {
		c = l.freshCallLocked(ctx, e, k)
	}
	c.waiters++
	l.mu.Unlock()

	answer, err := l.wait(ctx, k, e, c)
	// c.seq was set before done was closed, which wait has seen.
	later := c.seq > asked
	switch {
	case err != nil && IsNotFound(err) && !later:
		return l.lookup(ctx, k, p, FreshList)
	case err != nil:
		return Assignment{}, false, err
	}
	if a, ok := answer.find(p); ok {
		return a, true, nil
	}
	if later {
		return Assignment{}, false, nil
	}
	return l.lookup(ctx, k, p, FreshList)
}

// freshCallLocked returns a walk that starts after this moment: a new one
// when none is running, else the one that starts when the running one ends,
// which every caller arriving meanwhile shares.
func (l *assignmentLists) freshCallLocked(ctx context.Context, e *walkEntry, k listKey) *walkCall {
	if e.flight == nil {
		c := &walkCall{done: make(chan struct{}), base: ctx}
		l.startLocked(k, e, c)
		return c
	}
	if e.next == nil {
		e.next = &walkCall{done: make(chan struct{}), base: ctx}
	}
	return e.next
}

// startLocked starts the walk of c, with the values of the caller that
// asked first but none of its cancellation: each caller stops waiting at its
// own deadline, and the walk is cancelled when the last one has stopped
// waiting (see wait), as profileLists.startLocked explains.
func (l *assignmentLists) startLocked(k listKey, e *walkEntry, c *walkCall) {
	l.seq++
	c.seq, c.gen = l.seq, e.gen
	ctx, cancel := context.WithCancel(context.WithoutCancel(c.base))
	c.cancel, c.base = cancel, nil
	e.flight = c
	go l.run(ctx, k, e, c)
}

func (l *assignmentLists) run(ctx context.Context, k listKey, e *walkEntry, c *walkCall) {
	defer c.cancel()
	assignments, err := l.fetch(ctx, k)
	var answer *walkAnswer
	if err == nil {
		answer = &walkAnswer{assignments: assignments}
	}

	l.mu.Lock()
	c.answer, c.err, c.finished = answer, err, true
	if e.flight == c {
		e.flight = nil
	}
	// Errors are not kept, nor walks that ran while a change did.
	cached := err == nil && c.gen == e.gen && c.seq > e.cacheSeq
	if cached {
		e.cached, e.cachedAt, e.cacheSeq = answer, l.now(), c.seq
	}
	l.startNextLocked(k, e)
	l.sweepLocked()
	waiters := c.waiters
	l.mu.Unlock()

	// Logged before the waiters are released, while the first caller's
	// logger is still the provider's to use.
	tflog.Debug(ctx, "Identity Center assignment walk shared", map[string]any{
		"instance_id":             k.instanceID,
		"application_instance_id": k.applicationInstanceID,
		"waiters":                 waiters,
		"cached":                  cached,
	})
	close(c.done)
}

func (l *assignmentLists) startNextLocked(k listKey, e *walkEntry) {
	if e.flight == nil && e.next != nil {
		n := e.next
		e.next = nil
		l.startLocked(k, e, n)
	}
}

// sweepLocked drops walks older than the TTL, and empty entries, so that a
// long-lived provider process holds no old lists.
func (l *assignmentLists) sweepLocked() {
	now := l.now()
	for k, e := range l.entries {
		if e.cached != nil && now.Sub(e.cachedAt) >= l.ttl {
			e.cached = nil
		}
		if e.cached == nil && e.flight == nil && e.next == nil {
			delete(l.entries, k)
		}
	}
}

// wait waits for c or for ctx. A caller that stops waiting does not cancel
// the walk for the others; the last one to stop cancels it, or drops it if
// it has not started.
func (l *assignmentLists) wait(ctx context.Context, k listKey, e *walkEntry, c *walkCall) (*walkAnswer, error) {
	select {
	case <-c.done:
		return c.answer, c.err
	case <-ctx.Done():
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.finished {
		return c.answer, c.err
	}
	c.waiters--
	if c.waiters == 0 {
		switch {
		case c.cancel != nil:
			c.cancel()
			if e.flight == c {
				e.flight = nil
				l.startNextLocked(k, e)
			}
		case e.next == c:
			e.next = nil
		}
	}
	return nil, ctx.Err()
}

// recentURN is the application URN of the cached walk of k, or empty when
// there is none or it holds no assignment.
func (l *assignmentLists) recentURN(k listKey) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entries[k]
	if e == nil || e.cached == nil || l.now().Sub(e.cachedAt) >= l.ttl || len(e.cached.assignments) == 0 {
		return ""
	}
	return e.cached.assignments[0].ApplicationURN
}

// invalidate forgets the walk of k, and makes every walk running now unfit
// to be cached or to answer questions asked from now on.
func (l *assignmentLists) invalidate(k listKey) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entryLocked(k)
	e.gen++
	e.cached = nil
}
