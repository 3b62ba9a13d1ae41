package identitycenter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// heldAPI is a test API of one application instance whose list requests the
// test answers one by one: each list takes its answer from the store as it
// is when the request arrives, then waits for release. Deletes change the
// store at once, unless holdDeletes was called: then each announces itself
// on deleteArrived and changes the store once releaseDelete lets it.
type heldAPI struct {
	*apiServer
	t        *testing.T
	arrived  chan int      // the number of each list request, on arrival
	released chan struct{} // one value lets one held list answer
	mu       sync.Mutex
	store    []string // profile IDs
	lists    int
	fail     int // how many of the next lists answer 403
	gone     chan struct{}

	deleteArrived  chan struct{} // nil unless deletes are held
	deleteReleased chan struct{}
}

func newHeldAPI(t *testing.T, profiles ...string) *heldAPI {
	t.Helper()
	h := &heldAPI{t: t, arrived: make(chan int, 1000), released: make(chan struct{}, 1000), store: profiles,
		gone: make(chan struct{}, 1000)}
	h.apiServer = newAPIServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		h.mu.Lock()
		if r.Method == http.MethodDelete {
			if arrived, released := h.deleteArrived, h.deleteReleased; arrived != nil {
				h.mu.Unlock()
				arrived <- struct{}{}
				<-released
				h.mu.Lock()
			}
			id := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
			h.store = slices.DeleteFunc(h.store, func(p string) bool { return p == id })
			h.mu.Unlock()
			w.WriteHeader(http.StatusOK)
			return
		}
		h.lists++
		n, fail := h.lists, h.fail > 0
		if fail {
			h.fail--
		}
		body := listOf(h.store...)
		h.mu.Unlock()
		h.arrived <- n
		select {
		case <-h.released:
		case <-r.Context().Done():
			h.gone <- struct{}{}
			return
		}
		if fail {
			writeJSON(w, http.StatusForbidden, `{"error_code":"IIC.1000","error_msg":"no permission","request_id":"r-403"}`)
			return
		}
		writeJSON(w, http.StatusOK, body)
	})
	return h
}

func listOf(ids ...string) string {
	var b strings.Builder
	b.WriteString(`{"application_profiles":[`)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"profile_id":%q,"name":"Default","status":"ENABLED"}`, id)
	}
	b.WriteString("]}")
	return b.String()
}

func (h *heldAPI) add(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.store = append(h.store, id)
}

func (h *heldAPI) remove(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.store = slices.DeleteFunc(h.store, func(p string) bool { return p == id })
}

// holdDeletes makes the deletes from now on wait for releaseDelete.
func (h *heldAPI) holdDeletes() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.deleteArrived, h.deleteReleased = make(chan struct{}, 100), make(chan struct{}, 100)
	// Runs before the server closes, which waits for held requests.
	h.t.Cleanup(func() { close(h.deleteReleased) })
}

// awaitDelete waits for a held delete to arrive at the server.
func (h *heldAPI) awaitDelete() {
	h.t.Helper()
	select {
	case <-h.deleteArrived:
	case <-time.After(10 * time.Second):
		h.t.Fatal("the delete request never arrived")
	}
}

// releaseDelete lets one held delete change the store and answer.
func (h *heldAPI) releaseDelete() { h.deleteReleased <- struct{}{} }

func (h *heldAPI) listCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lists
}

// awaitList waits for list request n to arrive at the server.
func (h *heldAPI) awaitList(n int) {
	h.t.Helper()
	select {
	case got := <-h.arrived:
		if got != n {
			h.t.Fatalf("list request %d arrived, want %d", got, n)
		}
	case <-time.After(10 * time.Second):
		h.t.Fatalf("list request %d never arrived", n)
	}
}

// release lets the held lists answer, one each.
func (h *heldAPI) release(n int) {
	for range n {
		h.released <- struct{}{}
	}
}

func (h *heldAPI) client(edit ...func(*Config)) *Client {
	h.t.Helper()
	return newTestClient(h.t, h.URL, append([]func(*Config){withRetries(0)}, edit...)...)
}

type found struct {
	p     Profile
	found bool
	err   error
}

// goFind looks profileID up in the background. The finder's one not-found
// channel, a *NotFoundError, arrives as found false with no error.
func goFind(ctx context.Context, c *Client, profileID string, recency Recency) <-chan found {
	ch := make(chan found, 1)
	go func() {
		p, err := c.FindProfile(ctx, testInstance, testApp, profileID, recency)
		if _, ok := errors.AsType[*NotFoundError](err); ok {
			ch <- found{p, false, nil}
			return
		}
		ch <- found{p, err == nil, err}
	}()
	return ch
}

func receive(t *testing.T, ch <-chan found) found {
	t.Helper()
	select {
	case f := <-ch:
		return f
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
		return found{}
	}
}

// mustFind checks that a lookup found profileID, with the API defaults.
func mustFind(t *testing.T, ch <-chan found, profileID string) {
	t.Helper()
	expectFound(t, ch, profileID, true)
}

// mustNotFind checks that a lookup answered that profileID does not exist.
func mustNotFind(t *testing.T, ch <-chan found, profileID string) {
	t.Helper()
	expectFound(t, ch, profileID, false)
}

func expectFound(t *testing.T, ch <-chan found, profileID string, want bool) {
	t.Helper()
	f := receive(t, ch)
	if f.err != nil {
		t.Fatalf("finding %s: %v", profileID, f.err)
	}
	if f.found != want {
		t.Fatalf("found %s = %v, want %v", profileID, f.found, want)
	}
	if want && (f.p.ProfileID != profileID || f.p.Name != "Default" || f.p.Status != "ENABLED") {
		t.Errorf("found %#v for %s", f.p, profileID)
	}
}

func TestFindProfileConcurrentCallsShareOneList(t *testing.T) {
	const n = 50
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("p-%016x", i)
	}
	h := newHeldAPI(t, ids...)
	c := h.client()

	answers := make([]<-chan found, n)
	answers[0] = goFind(t.Context(), c, ids[0], RecentList)
	h.awaitList(1)
	for i := 1; i < n; i++ {
		answers[i] = goFind(t.Context(), c, ids[i], RecentList)
	}
	awaitWaiters(t, c.profileLists, false, n)
	h.release(1)
	for i, ch := range answers {
		mustFind(t, ch, ids[i])
	}
	// A later read within the TTL is answered by the same list.
	mustFind(t, goFind(t.Context(), c, ids[7], RecentList), ids[7])
	if got := h.listCount(); got != 1 {
		t.Errorf("%d list requests for %d concurrent reads, want 1", got, n+1)
	}
}

func TestFindProfileAbsentOnlyFromAListStartedAfterTheQuestion(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	c := h.client()

	first := goFind(t.Context(), c, "p-a", RecentList)
	h.awaitList(1) // its answer, without p-new, is fixed now
	h.add("p-new")
	late := goFind(t.Context(), c, "p-new", RecentList)
	awaitWaiters(t, c.profileLists, false, 2) // the late question joined the running list
	h.release(1)
	mustFind(t, first, "p-a")
	// The running list did not show p-new; as it started before the
	// question, a new list must decide.
	h.awaitList(2)
	h.release(1)
	mustFind(t, late, "p-new")

	// A question that starts its own list may be answered "absent" by it.
	h.release(1)
	mustNotFind(t, goFind(t.Context(), c, "p-none", RecentList), "p-none")
	if got := h.listCount(); got != 3 {
		t.Errorf("%d list requests, want 3", got)
	}
}

func TestFindProfileFreshNeverJoinsAnEarlierList(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	c := h.client()

	first := goFind(t.Context(), c, "p-a", RecentList)
	h.awaitList(1)
	h.add("p-new")
	adopt := goFind(t.Context(), c, "p-new", FreshList)
	listed := make(chan []Profile, 1)
	go func() {
		profiles, err := c.ListProfiles(t.Context(), testInstance, testApp)
		if err != nil {
			t.Errorf("ListProfiles: %v", err)
		}
		listed <- profiles
	}()
	// Both wait for the list that starts when the running one ends.
	awaitWaiters(t, c.profileLists, true, 2)
	awaitWaiters(t, c.profileLists, false, 1)
	h.release(1)
	mustFind(t, first, "p-a")
	h.awaitList(2)
	h.release(1)
	mustFind(t, adopt, "p-new")
	if got := <-listed; len(got) != 2 || got[1].ProfileID != "p-new" {
		t.Errorf("ListProfiles = %#v, want p-a and p-new", got)
	}

	// Nor does it take a cached answer: p-a was just listed, and is gone.
	h.remove("p-a")
	h.release(1)
	mustNotFind(t, goFind(t.Context(), c, "p-a", FreshList), "p-a")
	if got := h.listCount(); got != 3 {
		t.Errorf("%d list requests, want 3", got)
	}
}

func TestDeleteProfileInvalidates(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()

	h.release(1)
	mustFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	if err := c.DeleteProfile(t.Context(), testInstance, testApp, "p-a"); err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	// p-b is in the cached answer, but that answer is forgotten.
	h.release(2)
	mustFind(t, goFind(t.Context(), c, "p-b", RecentList), "p-b")
	mustNotFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	if got := h.listCount(); got != 3 {
		t.Errorf("%d list requests, want 3 (the third for p-a, absent from the cache)", got)
	}
}

func TestListRunningDuringDeleteDoesNotFillTheCache(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()

	reading := goFind(t.Context(), c, "p-b", RecentList)
	h.awaitList(1) // answers p-a and p-b, as the store was before the delete
	if err := c.DeleteProfile(t.Context(), testInstance, testApp, "p-a"); err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	h.release(1)
	mustFind(t, reading, "p-b")
	// Had the answer been cached, p-a would be found in it.
	h.release(1)
	mustNotFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests, want 2", got)
	}
}

func TestQuestionAfterDeleteDoesNotJoinARunningList(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()

	reading := goFind(t.Context(), c, "p-a", RecentList)
	h.awaitList(1) // answers p-a and p-b, as the store was before the delete
	if err := c.DeleteProfile(t.Context(), testInstance, testApp, "p-a"); err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	// Asked after the delete: the running list may not say p-a is there.
	after := goFind(t.Context(), c, "p-a", RecentList)
	awaitWaiters(t, c.profileLists, true, 1)
	h.release(1)
	mustFind(t, reading, "p-a") // asked before the delete: either answer is right
	h.awaitList(2)
	h.release(1)
	mustNotFind(t, after, "p-a")

	// The first list's answer did not reach the cache: this is answered by
	// the second list, which no longer has p-a.
	c.profileLists.mu.Lock()
	cached := c.profileLists.entries[key].cached
	c.profileLists.mu.Unlock()
	if cached == nil {
		t.Fatal("the list that started after the delete was not cached")
	}
	if _, ok := cached.find("p-a"); ok {
		t.Error("the cache holds the answer of the list that ran during the delete")
	}
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests, want 2", got)
	}
}

func TestListErrorsAreNotCached(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	h.fail = 1
	c := h.client()

	first := goFind(t.Context(), c, "p-a", RecentList)
	h.awaitList(1)
	second := goFind(t.Context(), c, "p-a", RecentList)
	awaitWaiters(t, c.profileLists, false, 2)
	h.release(1)
	for _, ch := range []<-chan found{first, second} {
		f := receive(t, ch)
		var apiErr *APIError
		if !errors.As(f.err, &apiErr) || apiErr.StatusCode != http.StatusForbidden {
			t.Errorf("error = %v, want the 403 of the shared list", f.err)
		}
	}
	h.release(1)
	mustFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests, want 2", got)
	}
}

func TestCancelledWaiterLeavesTheListToTheOthers(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()

	ctx, cancel := context.WithCancel(t.Context())
	leaving := goFind(ctx, c, "p-a", RecentList)
	h.awaitList(1)
	staying := goFind(t.Context(), c, "p-b", RecentList)
	awaitWaiters(t, c.profileLists, false, 2)
	cancel()
	f := receive(t, leaving)
	var te *TransportError
	if !errors.Is(f.err, context.Canceled) || !errors.As(f.err, &te) || te.Method != http.MethodGet {
		t.Errorf("cancelled caller got %v, want a TransportError of the GET with context.Canceled", f.err)
	}
	awaitWaiters(t, c.profileLists, false, 1)
	h.release(1)
	mustFind(t, staying, "p-b")
	if got := h.listCount(); got != 1 {
		t.Errorf("%d list requests, want 1", got)
	}
}

func TestLastWaiterLeavingCancelsTheList(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	c := h.client()

	ctx, cancel := context.WithCancel(t.Context())
	leaving := goFind(ctx, c, "p-a", RecentList)
	h.awaitList(1)
	cancel()
	if f := receive(t, leaving); !errors.Is(f.err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", f.err)
	}
	select {
	case <-h.gone:
	case <-time.After(10 * time.Second):
		t.Fatal("the list request was not cancelled when its only caller left")
	}
	// The next caller starts a list of its own rather than join the dead one.
	h.release(1)
	mustFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests, want 2", got)
	}
}

func TestPendingListDroppedWhenItsCallersLeave(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	c := h.client()

	first := goFind(t.Context(), c, "p-a", RecentList)
	h.awaitList(1)
	ctx, cancel := context.WithCancel(t.Context())
	adopt := goFind(ctx, c, "p-a", FreshList)
	awaitWaiters(t, c.profileLists, true, 1)
	cancel()
	if f := receive(t, adopt); !errors.Is(f.err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", f.err)
	}
	h.release(1)
	mustFind(t, first, "p-a")
	c.profileLists.mu.Lock()
	e := c.profileLists.entries[key]
	c.profileLists.mu.Unlock()
	if e == nil || e.next != nil || e.flight != nil {
		t.Fatalf("entry %#v: the list nobody waits for is still to start", e)
	}
	if got := h.listCount(); got != 1 {
		t.Errorf("%d list requests, want 1", got)
	}
}

func TestListCacheExpiresWhenUnused(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	c := h.client()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var clock sync.Mutex
	c.profileLists.now = func() time.Time { clock.Lock(); defer clock.Unlock(); return now }
	advance := func(d time.Duration) { clock.Lock(); now = now.Add(d); clock.Unlock() }

	h.release(1)
	mustFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	// A walk that keeps asking keeps the answer, however long it lasts.
	for range 3 {
		advance(defaultListTTL - time.Second)
		mustFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
		mustFind(t, goFind(t.Context(), c, "p-a", UntouchedList), "p-a")
	}
	if got := h.listCount(); got != 1 {
		t.Fatalf("%d list requests while the answer was in use, want 1", got)
	}
	// Unused for the TTL, it goes.
	advance(defaultListTTL)
	h.remove("p-a")
	h.release(1)
	mustNotFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests after the TTL without a question, want 2", got)
	}

	// An expired answer is dropped when another list ends.
	other := listKey{testInstance, "app-ins-other"}
	advance(defaultListTTL)
	h.release(1)
	if _, err := c.ListProfiles(t.Context(), other.instanceID, other.applicationInstanceID); err != nil {
		t.Fatal(err)
	}
	c.profileLists.mu.Lock()
	_, kept := c.profileLists.entries[key]
	c.profileLists.mu.Unlock()
	if kept {
		t.Error("the expired answer is still held")
	}
}

func TestListProfilesAnswersAreTheCallersOwn(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	c := h.client()

	h.release(1)
	got, err := c.ListProfiles(t.Context(), testInstance, testApp)
	if err != nil {
		t.Fatal(err)
	}
	got[0].ProfileID = "p-changed"
	mustFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	if n := h.listCount(); n != 1 {
		t.Errorf("%d list requests, want 1", n)
	}
}

func TestDisableCoalescingSendsOneRequestPerCall(t *testing.T) {
	const n = 10
	h := newHeldAPI(t, "p-a")
	c := h.client(func(cfg *Config) { cfg.DisableCoalescing = true })

	answers := make([]<-chan found, n)
	for i := range answers {
		answers[i] = goFind(t.Context(), c, "p-a", RecentList)
	}
	// All n are at the server before any answers.
	for range n {
		select {
		case <-h.arrived:
		case <-time.After(10 * time.Second):
			t.Fatal("a list request never arrived")
		}
	}
	h.release(n)
	for _, ch := range answers {
		mustFind(t, ch, "p-a")
	}
	h.release(2)
	mustFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	mustNotFind(t, goFind(t.Context(), c, "p-none", RecentList), "p-none")
	if got := h.listCount(); got != n+2 {
		t.Errorf("%d list requests, want %d", got, n+2)
	}
}
