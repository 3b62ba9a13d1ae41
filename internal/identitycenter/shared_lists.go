package identitycenter

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// defaultListTTL is how long a list answer that nobody asks for is kept
// to say that an object exists; each answer it gives keeps it that much
// longer.
//
// One Terraform command's walk runs in one provider process, made and
// configured for it, and reads or creates the associations of an
// application instance one after another at Terraform's pace, in no order
// of application instance. An apply of 10,000 adoptions over 100
// application instances on 2 cores lasts some 18 minutes: each application
// instance is asked about every 11 seconds on average, with gaps of over
// 30 seconds one time in 16. An answer kept while it is in use lets a whole
// walk share one list per application instance, however long the walk;
// one dropped at a fixed age of 30 seconds was listed 27 times per
// application instance in that apply (plan walk included), and one dropped
// after 30 seconds unused, 7.
// Five minutes without a question means the walk has moved on, and the
// answer goes. Absence is never answered from the cache, and creation only
// looks at answers no delete has touched (UntouchedList), so the TTL bounds
// only how late a walk notices an association that disappeared outside
// Terraform: no later than its end.
const defaultListTTL = 5 * time.Minute

// Recency says which lists may answer a question.
type Recency int

const (
	// RecentList lets "found" come from a list made earlier in this Client's
	// walk and still in use (see defaultListTTL), which lets the reads of many
	// associations share one list; "not found" still only comes from a list
	// that started after the call. For reading what exists, as a refresh does.
	RecentList Recency = iota + 1
	// UntouchedList lets "found" come only from a list that no delete of
	// this Client has touched: one that started after every delete the
	// Client made to the application instance had finished, with none
	// starting since, and still in use. A Client is made when the
	// provider is configured, so such a list also started after that: an
	// answer cached by an earlier Terraform command, or by a plan whose apply
	// runs in a new provider process, never counts. "Not found" still only
	// comes from a list that started after the call. For creates (adopting a
	// profile, checking an exclusive resource's declared IDs, reading back
	// an assignment just made): any number of them share one list, and none
	// adopts what a delete earlier in the same apply removed.
	UntouchedList
	// FreshList answers only from a list that started after the call, for
	// a full list that must show what exists now.
	FreshList
)

// listKey names the application instance a list is of.
type listKey struct{ instanceID, applicationInstanceID string }

// listAnswer is one successful list, for assignments one walk of every
// page, shared by every caller that waited for it and by the cache; nobody
// may modify it.
type listAnswer[T any, K comparable] struct {
	items []T
	keyOf func(T) K
	// index maps a key to its first position in items. It is built by the
	// first lookup, so that N lookups in a list of N items cost O(N) rather
	// than O(N²), and lists only ever listed cost nothing.
	indexOnce sync.Once
	index     map[K]int
}

func (a *listAnswer[T, K]) find(key K) (T, bool) {
	a.indexOnce.Do(func() {
		a.index = make(map[K]int, len(a.items))
		for i, item := range a.items {
			k := a.keyOf(item)
			if _, dup := a.index[k]; !dup {
				a.index[k] = i
			}
		}
	})
	i, ok := a.index[key]
	if !ok {
		var zero T
		return zero, false
	}
	return a.items[i], true
}

func (a *listAnswer[T, K]) holds(key K) bool {
	_, ok := a.find(key)
	return ok
}

// listCall is one list request and the callers waiting for it. It is
// pending until it starts; once done is closed, answer or err is set.
type listCall[T any, K comparable] struct {
	done   chan struct{}
	answer *listAnswer[T, K]
	err    error

	// Guarded by sharedLists.mu.
	seq      uint64             // when it started, on the clock of sharedLists.seq; 0 while pending
	gen      uint64             // the entry's generation when it started
	quiet    bool               // no delete of the entry was running when it started
	waiters  int                // callers still waiting
	finished bool               // answer or err is set
	cancel   context.CancelFunc // set when it starts
	// base lends its values (the logger, its fields) to the request, not its
	// cancellation: see start.
	base context.Context //nolint:containedctx // kept from the caller until a pending call starts
}

// listEntry is what is known of the lists of one application instance.
type listEntry[T any, K comparable] struct {
	gen         uint64        // incremented when each delete starts and when it ends
	deleting    int           // deletes running
	deletesDone chan struct{} // closed when the last of them ends
	heldBack    int           // creates waiting for deletesDone
	cached      *listAnswer[T, K]
	usedAt      time.Time       // when cached was made, or last gave an answer
	cacheSeq    uint64          // seq of the call that answered cached
	cacheQuiet  bool            // that call started with no delete running
	flight      *listCall[T, K] // the running call, if any
	next        *listCall[T, K] // the call that starts when flight ends, if any
}

// sharedLists shares the list requests of one kind (profiles, assignments)
// between the callers of one Client, and keeps the last answer while it is
// in use (see defaultListTTL). A list of assignments is a walk of every page, shared and cached
// whole, never page by page.
//
// Three invariants keep the sharing from ever giving a wrong answer:
//
//   - An object is reported absent only from a list that started after the
//     question was asked. Every question and every list start takes the next
//     number of one counter (seq) under mu, so "started after" is comparing
//     two numbers; answer takes "absent" only from a call whose seq is
//     greater than the question's, and otherwise asks again through
//     freshCallLocked. The same holds for the API's answer that the instance
//     or application instance does not exist: from an earlier list, answer
//     asks again.
//   - A fresh question (FreshList) is answered only by a list that started
//     after it. freshCallLocked never hands out a running call: it starts
//     one, or hands out the pending one, which is numbered when it starts,
//     after every question that joined it.
//   - A create (UntouchedList) takes "present" only from a list that no
//     delete has touched: it started with no delete of the application
//     instance running (quiet), and the generation has not moved since, so
//     no delete started or ended after it started. Such a list started
//     after every delete this Client made there had finished, and after the
//     Client was made, which is when the provider was configured. A create
//     asked while a delete runs waits for it to end, rather than start
//     lists that the delete makes unfit.
//
// "Present" may come from the cache or from a call already running, because
// an object that a list showed existed at that moment; the moment is in
// this Client's life, which is one walk of one Terraform command. A delete invalidates the entry when it starts and
// when it ends (beginDelete, endDelete): the cache is dropped and the
// generation moves on, so no list that was running during the delete fills
// the cache again, nor serves "present" to a question asked after the
// delete started. A create needs no invalidation: it makes no "present"
// answer false. Errors are never cached, and a caller that stops waiting
// never fails the others (see wait).
type sharedLists[T any, K comparable] struct {
	listKind[T, K]
	endpoint *url.URL
	unshared bool // every question sends a request of its own
	ttl      time.Duration
	now      func() time.Time

	mu      sync.Mutex
	seq     uint64
	entries map[listKey]*listEntry[T, K]
}

// listKind is what a sharedLists lists: its name for the log, the request
// of one list, the key of an item, and the path of a list, for errors.
type listKind[T any, K comparable] struct {
	name  string
	fetch func(context.Context, listKey) ([]T, error)
	keyOf func(T) K
	path  func(listKey) []string
}

// sharing says whether the lists of a Client are shared.
type sharing int

const (
	shared sharing = iota + 1
	unshared
)

func newSharedLists[T any, K comparable](kind listKind[T, K], endpoint *url.URL, s sharing) *sharedLists[T, K] {
	return &sharedLists[T, K]{listKind: kind, endpoint: endpoint, unshared: s == unshared,
		ttl: defaultListTTL, now: time.Now, entries: map[listKey]*listEntry[T, K]{}}
}

func (l *sharedLists[T, K]) entryLocked(k listKey) *listEntry[T, K] {
	e := l.entries[k]
	if e == nil {
		e = &listEntry[T, K]{}
		l.entries[k] = e
	}
	return e
}

// listHolding returns the items, the caller's own copy, of a list that
// recency allows and that holds every key of keys, or else of a list that
// started after the call.
func (l *sharedLists[T, K]) listHolding(ctx context.Context, k listKey, keys []K, recency Recency) ([]T, error) {
	a, err := l.answer(ctx, k, recency, func(a *listAnswer[T, K]) bool {
		for _, key := range keys {
			if !a.holds(key) {
				return false
			}
		}
		return true
	})
	if err != nil {
		return nil, l.stoppedWaiting(ctx, k, err)
	}
	return slices.Clone(a.items), nil
}

// find is the finders' lookup of key in a list that recency allows: a list
// that lacks it, and the API's answer that the instance or application
// instance does not exist, give a *NotFoundError naming object.
func (l *sharedLists[T, K]) find(ctx context.Context, k listKey, key K, recency Recency, object string) (T, error) {
	var zero T
	a, err := l.answer(ctx, k, recency, func(a *listAnswer[T, K]) bool { return a.holds(key) })
	switch {
	case IsNotFound(err):
		return zero, &NotFoundError{Object: object, Err: err}
	case err != nil:
		return zero, l.stoppedWaiting(ctx, k, err)
	}
	if item, ok := a.find(key); ok {
		return item, nil
	}
	return zero, &NotFoundError{Object: object}
}

// stoppedWaiting gives a caller that stopped waiting for a shared list, at
// its own deadline or cancellation, the error its own request would have.
func (l *sharedLists[T, K]) stoppedWaiting(ctx context.Context, k listKey, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && err == ctxErr { //nolint:errorlint // identity: the wait's own ctx.Err()
		u := apiURL(l.endpoint, l.path(k)...)
		return &TransportError{Method: http.MethodGet, URL: u.Redacted(), Err: err}
	}
	return err
}

// answer returns a list that recency allows and of which enough holds, or,
// when no such list does, one that started after the call: enough asks
// whether a list shows what the question is about ("present"), and a list
// of which it does not hold says "absent".
func (l *sharedLists[T, K]) answer(ctx context.Context, k listKey, recency Recency, enough func(*listAnswer[T, K]) bool) (*listAnswer[T, K], error) {
	if l.unshared {
		items, err := l.fetch(ctx, k)
		if err != nil {
			return nil, err
		}
		return &listAnswer[T, K]{items: items, keyOf: l.keyOf}, nil
	}
	earlier := recency != FreshList
	for {
		l.mu.Lock()
		e := l.entryLocked(k)
		if recency == UntouchedList && e.deleting > 0 {
			if err := l.awaitDeletesLocked(ctx, e); err != nil {
				return nil, err
			}
			continue
		}
		l.seq++
		asked := l.seq
		if earlier && l.cacheAllowedLocked(e, recency) && enough(e.cached) {
			a := e.cached
			e.usedAt = l.now()
			l.mu.Unlock()
			return a, nil
		}
		var c *listCall[T, K]
		if earlier && e.flight != nil && l.joinAllowedLocked(e, e.flight, recency) {
			c = e.flight
		} else {
			c = l.freshCallLocked(ctx, k, e)
		}
		c.waiters++
		l.mu.Unlock()

		a, err := l.wait(ctx, k, e, c)
		// c.seq was set before done was closed, which wait has seen.
		later := c.seq > asked
		switch {
		case err != nil && (later || !IsNotFound(err)):
			return nil, err
		case err != nil:
			// The API said the application instance does not exist, in a list
			// that started before the question: ask a later one.
		case !enough(a):
			if later {
				return a, nil
			}
		case recency != UntouchedList || l.untouched(k, e, c):
			return a, nil
		}
		// Only a list that starts after this moment answers now.
		earlier = false
	}
}

// awaitDeletesLocked waits, with mu released, until no delete of e runs,
// or until ctx ends. Every list that starts before then is touched.
func (l *sharedLists[T, K]) awaitDeletesLocked(ctx context.Context, e *listEntry[T, K]) error {
	done := e.deletesDone
	e.heldBack++
	l.mu.Unlock()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	l.mu.Lock()
	e.heldBack--
	l.mu.Unlock()
	return err
}

// cacheAllowedLocked reports whether the cached answer may say "present".
func (l *sharedLists[T, K]) cacheAllowedLocked(e *listEntry[T, K], recency Recency) bool {
	if e.cached == nil || l.now().Sub(e.usedAt) >= l.ttl {
		return false
	}
	// A cached answer started after the generation's last change, so only
	// a delete that ran when it started can have touched it.
	return recency != UntouchedList || e.cacheQuiet
}

// joinAllowedLocked reports whether a question may wait for the running
// call c, which started before it, for "present".
func (l *sharedLists[T, K]) joinAllowedLocked(e *listEntry[T, K], c *listCall[T, K], recency Recency) bool {
	return c.gen == e.gen && (recency != UntouchedList || c.quiet)
}

// untouched reports whether no delete has touched c: see the invariants.
func (l *sharedLists[T, K]) untouched(k listKey, e *listEntry[T, K], c *listCall[T, K]) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	// An entry swept and made again has lost count of its deletes.
	return c.quiet && l.entries[k] == e && c.gen == e.gen
}

// freshCallLocked returns a call that starts after this moment: a new one
// when none is running, else the one that starts when the running one ends,
// which every caller arriving meanwhile shares.
func (l *sharedLists[T, K]) freshCallLocked(ctx context.Context, k listKey, e *listEntry[T, K]) *listCall[T, K] {
	if e.flight == nil {
		c := &listCall[T, K]{done: make(chan struct{}), base: ctx}
		l.startLocked(k, e, c)
		return c
	}
	if e.next == nil {
		e.next = &listCall[T, K]{done: make(chan struct{}), base: ctx}
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
func (l *sharedLists[T, K]) startLocked(k listKey, e *listEntry[T, K], c *listCall[T, K]) {
	l.seq++
	c.seq, c.gen, c.quiet = l.seq, e.gen, e.deleting == 0
	ctx, cancel := context.WithCancel(context.WithoutCancel(c.base))
	c.cancel, c.base = cancel, nil
	e.flight = c
	go l.run(ctx, k, e, c)
}

func (l *sharedLists[T, K]) run(ctx context.Context, k listKey, e *listEntry[T, K], c *listCall[T, K]) {
	defer c.cancel()
	items, err := l.fetch(ctx, k)
	var answer *listAnswer[T, K]
	if err == nil {
		answer = &listAnswer[T, K]{items: items, keyOf: l.keyOf}
	}

	l.mu.Lock()
	c.answer, c.err, c.finished = answer, err, true
	if e.flight == c {
		e.flight = nil
	}
	// Errors are not kept, nor answers of lists that ran while a delete did.
	cached := err == nil && c.gen == e.gen && c.seq > e.cacheSeq
	if cached {
		e.cached, e.usedAt, e.cacheSeq, e.cacheQuiet = answer, l.now(), c.seq, c.quiet
	}
	l.startNextLocked(k, e)
	l.sweepLocked()
	waiters := c.waiters
	l.mu.Unlock()

	// Logged before the waiters are released: ctx carries the logger of the
	// caller that asked first, and the provider lets go of a request's
	// logger once its response is returned.
	tflog.Debug(ctx, "Identity Center list shared", map[string]any{
		"list":                    l.name,
		"instance_id":             k.instanceID,
		"application_instance_id": k.applicationInstanceID,
		"waiters":                 waiters,
		"cached":                  cached,
	})
	close(c.done)
}

func (l *sharedLists[T, K]) startNextLocked(k listKey, e *listEntry[T, K]) {
	if e.flight == nil && e.next != nil {
		n := e.next
		e.next = nil
		l.startLocked(k, e, n)
	}
}

// sweepLocked drops answers unused for the TTL, and entries with nothing
// left in them, so that a long-lived provider process holds no old lists.
func (l *sharedLists[T, K]) sweepLocked() {
	now := l.now()
	for k, e := range l.entries {
		if e.cached != nil && now.Sub(e.usedAt) >= l.ttl {
			e.cached = nil
		}
		// A running call or delete keeps its entry, so that generations are
		// compared with the entry's own.
		if e.cached == nil && e.flight == nil && e.next == nil && e.deleting == 0 {
			delete(l.entries, k)
		}
	}
}

// wait waits for c or for ctx. A caller that stops waiting does not cancel
// the request for the others; the last one to stop cancels it, or drops it
// if it has not started.
func (l *sharedLists[T, K]) wait(ctx context.Context, k listKey, e *listEntry[T, K], c *listCall[T, K]) (*listAnswer[T, K], error) {
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

// beginDelete forgets the answer about k, makes every list running now
// unfit to be cached or to answer questions asked from now on, and holds
// creates back until endDelete.
func (l *sharedLists[T, K]) beginDelete(k listKey) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.invalidateLocked(k)
	if e.deleting == 0 {
		e.deletesDone = make(chan struct{})
	}
	e.deleting++
}

// endDelete does again what beginDelete did, for the lists that started
// while the delete ran, and lets creates go on once no delete runs.
func (l *sharedLists[T, K]) endDelete(k listKey) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.invalidateLocked(k)
	e.deleting--
	if e.deleting == 0 {
		close(e.deletesDone)
		e.deletesDone = nil
	}
}

// invalidateLocked forgets the answer about k, and moves its generation on,
// so that no list running now is cached or answers a later question.
func (l *sharedLists[T, K]) invalidateLocked(k listKey) *listEntry[T, K] {
	e := l.entryLocked(k)
	e.gen++
	e.cached = nil
	return e
}

// whileDeleting runs del between beginDelete and endDelete.
func (l *sharedLists[T, K]) whileDeleting(k listKey, del func() error) error {
	if l.unshared {
		return del()
	}
	l.beginDelete(k)
	defer l.endDelete(k)
	return del()
}
