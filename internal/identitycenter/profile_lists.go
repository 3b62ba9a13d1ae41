package identitycenter

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// defaultListTTL is how long a list answer may say that a profile exists.
//
// One Terraform command runs in one provider process, and a refresh reads
// every association of the configuration there within seconds: with 1,000
// associations and Terraform's parallelism of 10, the reads that follow the
// first list of an application instance come within a second or two of it,
// and 30 seconds leaves room for a slow list with retries. Longer would
// only let an association deleted in the console show as present for
// longer, in a provider process that lives as long as an apply; the answer
// is dropped once it is older than this, so it never outlives the refresh
// it was made for. Absence is never answered from the cache, and creation
// never looks at it, so the TTL bounds only how late a plan notices an
// association that disappeared outside Terraform.
const defaultListTTL = 30 * time.Second

// listKey names the application instance a list is of.
type listKey struct{ instanceID, applicationInstanceID string }

// listAnswer is one successful list, shared by every caller that waited for
// it and by the cache; nobody may modify it.
type listAnswer struct {
	profiles []Profile
	// index maps a profile ID to its first position in profiles. It is
	// built by the first lookup, so that N lookups in a list of N profiles
	// cost O(N) rather than O(N²), and lists only ever listed cost nothing.
	indexOnce sync.Once
	index     map[string]int
}

func (a *listAnswer) find(profileID string) (Profile, bool) {
	a.indexOnce.Do(func() {
		a.index = make(map[string]int, len(a.profiles))
		for i, p := range a.profiles {
			if _, dup := a.index[p.ProfileID]; !dup {
				a.index[p.ProfileID] = i
			}
		}
	})
	i, ok := a.index[profileID]
	if !ok {
		return Profile{}, false
	}
	return a.profiles[i], true
}

// listCall is one list request and the callers waiting for it. It is
// pending until it starts; once done is closed, answer or err is set.
type listCall struct {
	done   chan struct{}
	answer *listAnswer
	err    error

	// Guarded by profileLists.mu.
	seq      uint64             // when it started, on the clock of profileLists.seq; 0 while pending
	gen      uint64             // the entry's generation when it started
	waiters  int                // callers still waiting
	finished bool               // answer or err is set
	cancel   context.CancelFunc // set when it starts
	// base lends its values (the logger, its fields) to the request, not its
	// cancellation: see start.
	base context.Context //nolint:containedctx // kept from the caller until a pending call starts
}

// listEntry is what is known of the lists of one application instance.
type listEntry struct {
	gen      uint64 // incremented by every invalidation
	cached   *listAnswer
	cachedAt time.Time
	cacheSeq uint64    // seq of the call that answered cached
	flight   *listCall // the running call, if any
	next     *listCall // the call that starts when flight ends, if any
}

// profileLists shares list requests between the callers of one Client and
// keeps the last answer for a short while.
//
// Two invariants keep the sharing from ever giving a wrong answer:
//
//   - A profile is reported absent only from a list that started after the
//     question was asked. Every question and every list start takes the next
//     number of one counter (seq) under mu, so "started after" is comparing
//     two numbers; lookup answers "absent" only when the answering call's seq
//     is greater than the question's, and otherwise asks again through
//     freshCallLocked.
//   - A fresh question (ListProfiles, FindProfile with FreshList) is answered only by a
//     list that started after it. freshCallLocked never hands out a running
//     call: it starts one, or hands out the pending one, which is numbered
//     when it starts, after every question that joined it.
//
// "Present" may come from the cache or from a call already running, because
// a profile that a list showed existed at that moment; the TTL bounds how
// old that moment may be. DeleteProfile invalidates the entry when it starts
// and when it ends: the cache is dropped and the generation moves on, so no
// list that was running during the delete fills the cache again, nor serves
// "present" to a question asked after the delete started.
type profileLists struct {
	fetch func(context.Context, listKey) ([]Profile, error)
	ttl   time.Duration
	now   func() time.Time

	mu      sync.Mutex
	seq     uint64
	entries map[listKey]*listEntry
}

func newProfileLists(fetch func(context.Context, listKey) ([]Profile, error)) *profileLists {
	return &profileLists{fetch: fetch, ttl: defaultListTTL, now: time.Now, entries: map[listKey]*listEntry{}}
}

func (l *profileLists) entryLocked(k listKey) *listEntry {
	e := l.entries[k]
	if e == nil {
		e = &listEntry{}
		l.entries[k] = e
	}
	return e
}

// list answers from a list that started after the call.
func (l *profileLists) list(ctx context.Context, k listKey) (*listAnswer, error) {
	l.mu.Lock()
	e := l.entryLocked(k)
	c := l.freshCallLocked(ctx, k, e)
	c.waiters++
	l.mu.Unlock()
	return l.wait(ctx, k, e, c)
}

// lookup finds one profile, or answers errNotListed. With RecentList,
// "present" may come from the cache or from a list that was already
// running; "absent" never does.
func (l *profileLists) lookup(ctx context.Context, k listKey, profileID string, recency Recency) (Profile, error) {
	earlier := recency == RecentList
	l.mu.Lock()
	l.seq++
	asked := l.seq
	e := l.entryLocked(k)
	if earlier && e.cached != nil && l.now().Sub(e.cachedAt) < l.ttl {
		if p, ok := e.cached.find(profileID); ok {
			l.mu.Unlock()
			return p, nil
		}
	}
	var c *listCall
	if earlier && e.flight != nil && e.flight.gen == e.gen {
		c = e.flight
	} else {
		c = l.freshCallLocked(ctx, k, e)
	}
	c.waiters++
	l.mu.Unlock()

	answer, err := l.wait(ctx, k, e, c)
	if err != nil {
		return Profile{}, err
	}
	if p, ok := answer.find(profileID); ok {
		return p, nil
	}
	// c.seq was set before done was closed, which wait has seen.
	if c.seq > asked {
		return Profile{}, errNotListed
	}
	return l.lookup(ctx, k, profileID, FreshList)
}

// freshCallLocked returns a call that starts after this moment: a new one
// when none is running, else the one that starts when the running one ends,
// which every caller arriving meanwhile shares.
func (l *profileLists) freshCallLocked(ctx context.Context, k listKey, e *listEntry) *listCall {
	if e.flight == nil {
		c := &listCall{done: make(chan struct{}), base: ctx}
		l.startLocked(k, e, c)
		return c
	}
	if e.next == nil {
		e.next = &listCall{done: make(chan struct{}), base: ctx}
	}
	return e.next
}

// startLocked sends the request of c. Its context keeps the values of the
// caller that asked first but none of its cancellation or deadline: each
// caller stops waiting at its own deadline, and the request is cancelled
// when the last one has stopped waiting (see wait). The deadline that
// applies is thus the latest of those still waiting. Its log lines, retries
// included, carry that first caller's logger and fields; should the server
// release them when that caller's request ends while others still wait, the
// rest of the request is not logged, and its outcome is unchanged.
func (l *profileLists) startLocked(k listKey, e *listEntry, c *listCall) {
	l.seq++
	c.seq, c.gen = l.seq, e.gen
	ctx, cancel := context.WithCancel(context.WithoutCancel(c.base))
	c.cancel, c.base = cancel, nil
	e.flight = c
	go l.run(ctx, k, e, c)
}

func (l *profileLists) run(ctx context.Context, k listKey, e *listEntry, c *listCall) {
	defer c.cancel()
	profiles, err := l.fetch(ctx, k)
	var answer *listAnswer
	if err == nil {
		answer = &listAnswer{profiles: profiles}
	}

	l.mu.Lock()
	c.answer, c.err, c.finished = answer, err, true
	if e.flight == c {
		e.flight = nil
	}
	// Errors are not kept, nor answers of lists that ran while a delete did.
	cached := err == nil && c.gen == e.gen && c.seq > e.cacheSeq
	if cached {
		e.cached, e.cachedAt, e.cacheSeq = answer, l.now(), c.seq
	}
	l.startNextLocked(k, e)
	l.sweepLocked()
	waiters := c.waiters
	l.mu.Unlock()

	// Logged before the waiters are released: ctx carries the logger of the
	// caller that asked first, and the provider lets go of a request's
	// logger once its response is returned.
	tflog.Debug(ctx, "Identity Center list shared", map[string]any{
		"instance_id":             k.instanceID,
		"application_instance_id": k.applicationInstanceID,
		"waiters":                 waiters,
		"cached":                  cached,
	})
	close(c.done)
}

func (l *profileLists) startNextLocked(k listKey, e *listEntry) {
	if e.flight == nil && e.next != nil {
		n := e.next
		e.next = nil
		l.startLocked(k, e, n)
	}
}

// sweepLocked drops answers older than the TTL, and entries with nothing
// left in them, so that a long-lived provider process holds no old lists.
func (l *profileLists) sweepLocked() {
	now := l.now()
	for k, e := range l.entries {
		if e.cached != nil && now.Sub(e.cachedAt) >= l.ttl {
			e.cached = nil
		}
		// A running call keeps its entry, so that its generation is compared
		// with the entry's own.
		if e.cached == nil && e.flight == nil && e.next == nil {
			delete(l.entries, k)
		}
	}
}

// wait waits for c or for ctx. A caller that stops waiting does not cancel
// the request for the others; the last one to stop cancels it, or drops it
// if it has not started.
func (l *profileLists) wait(ctx context.Context, k listKey, e *listEntry, c *listCall) (*listAnswer, error) {
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

// invalidate forgets the answer about k, and makes every list running now
// unfit to be cached or to answer questions asked from now on.
func (l *profileLists) invalidate(k listKey) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entryLocked(k)
	e.gen++
	e.cached = nil
}
