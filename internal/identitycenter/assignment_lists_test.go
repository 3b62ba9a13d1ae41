package identitycenter

import (
	"context"
	"errors"
	"testing"
	"time"
)

// heldAssignmentAPI is an assignmentAPI whose walks the test releases one
// by one; each walk's later pages are not held.
func heldAssignmentAPI(t *testing.T, pageSize int, ids ...string) (*assignmentAPI, *Client) {
	t.Helper()
	api := newAssignmentAPI(t, pageSize, ids...)
	api.setHold(true)
	return api, newTestClient(t, api.URL, withRetries(0))
}

func (a *assignmentAPI) awaitWalk(n int) {
	a.t.Helper()
	select {
	case got := <-a.arrived:
		if got != n {
			a.t.Fatalf("walk %d arrived, want %d", got, n)
		}
	case <-time.After(10 * time.Second):
		a.t.Fatalf("walk %d did not arrive", n)
	}
}

func (a *assignmentAPI) setHold(hold bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.hold = hold
}

func (a *assignmentAPI) release() { a.released <- struct{}{} }

type lookupResult struct {
	a   Assignment
	err error
}

func goLookup(c *Client, recency Recency, id string) <-chan lookupResult {
	ch := make(chan lookupResult, 1)
	go func() {
		a, err := c.FindAssignment(context.Background(), testInstance, testApp, PrincipalUser, id, recency)
		ch <- lookupResult{a, err}
	}()
	return ch
}

func awaitLookup(t *testing.T, ch <-chan lookupResult) lookupResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("no answer")
		return lookupResult{}
	}
}

func wantAssigned(t *testing.T, ch <-chan lookupResult, id string, want bool) {
	t.Helper()
	r := awaitLookup(t, ch)
	switch {
	case want && (r.err != nil || r.a.PrincipalID != id):
		t.Fatalf("finding %s: %v, %v; want it assigned", id, r.a, r.err)
	case !want && !errors.As(r.err, new(*NotFoundError)):
		t.Fatalf("finding %s: %v, %v; want *NotFoundError", id, r.a, r.err)
	}
}

// The reads of a refresh share one walk of every page, and later reads
// are answered from it.
func TestFindAssignmentReadsShareOneWalk(t *testing.T) {
	const n = 60
	api, c := heldAssignmentAPI(t, 25, principals(n)...)
	chans := make([]<-chan lookupResult, n)
	for i, id := range principals(n) {
		chans[i] = goLookup(c, RecentList, id)
	}
	api.awaitWalk(1)
	awaitWaiters(t, c.assignmentLists, false, n)
	api.release()
	for i, id := range principals(n) {
		wantAssigned(t, chans[i], id, true)
	}
	wantAssigned(t, goLookup(c, RecentList, "u-0007"), "u-0007", true)
	if got := api.count(); got != 3 {
		t.Errorf("%d list pages for %d reads of 60 assignments by 25, want 3 (one walk)", got, n+1)
	}
}

// "Not assigned" never comes from a walk that started before the question:
// a principal assigned while a walk runs is found by the next walk.
func TestFindAssignmentNotAssignedOnlyFromALaterWalk(t *testing.T) {
	api, c := heldAssignmentAPI(t, 100, "u-1")
	first := goLookup(c, RecentList, "u-1")
	api.awaitWalk(1)
	api.add("u-late")
	late := goLookup(c, RecentList, "u-late")
	awaitWaiters(t, c.assignmentLists, false, 2)
	api.release()
	wantAssigned(t, first, "u-1", true)
	api.awaitWalk(2)
	api.release()
	wantAssigned(t, late, "u-late", true)
	if api.walkCount() != 2 {
		t.Errorf("%d walks, want 2", api.walkCount())
	}
}

// A 404 of the application instance, from a walk that started before the
// question, is not taken as "not assigned" either.
func TestFindAssignmentApplicationInstanceGoneOnlyFromALaterWalk(t *testing.T) {
	api, c := heldAssignmentAPI(t, 100, "u-1")
	api.mu.Lock()
	api.appGone = 1
	api.mu.Unlock()
	first := goLookup(c, RecentList, "u-1")
	api.awaitWalk(1)
	second := goLookup(c, RecentList, "u-1")
	awaitWaiters(t, c.assignmentLists, false, 2)
	api.release()
	wantAssigned(t, first, "u-1", false)
	api.awaitWalk(2)
	api.release()
	wantAssigned(t, second, "u-1", true)
}

// A create confirms from a walk that started after it returned: never from
// the cache, nor from a walk already running.
func TestConfirmAssignmentNeverUsesAnEarlierWalk(t *testing.T) {
	api, c := heldAssignmentAPI(t, 100, "u-1")
	cached := goLookup(c, RecentList, "u-1")
	api.awaitWalk(1)
	api.release()
	wantAssigned(t, cached, "u-1", true)

	// The cache says u-1 exists; it is gone, and a confirmation must say so.
	api.remove("u-1")
	confirm := goLookup(c, FreshList, "u-1")
	api.awaitWalk(2)
	// A confirmation asked while walk 2 runs waits for walk 3.
	api.add("u-2")
	confirm2 := goLookup(c, FreshList, "u-2")
	awaitWaiters(t, c.assignmentLists, true, 1)
	api.release()
	wantAssigned(t, confirm, "u-1", false)
	api.awaitWalk(3)
	api.release()
	wantAssigned(t, confirm2, "u-2", true)
}

// Creates that finish together share the walk that confirms them.
func TestConfirmationsShareOneLaterWalk(t *testing.T) {
	api, c := heldAssignmentAPI(t, 100)
	blocker := goLookup(c, FreshList, "u-0")
	api.awaitWalk(1)
	var chans []<-chan lookupResult
	for _, id := range principals(20) {
		api.add(id)
		chans = append(chans, goLookup(c, FreshList, id))
	}
	awaitWaiters(t, c.assignmentLists, true, 20)
	api.release()
	wantAssigned(t, blocker, "u-0", false)
	api.awaitWalk(2)
	api.release()
	for i, id := range principals(20) {
		wantAssigned(t, chans[i], id, true)
	}
	if api.walkCount() != 2 {
		t.Errorf("%d walks for 20 confirmations, want 2", api.walkCount())
	}
}

// A change forgets the cache, and a walk that ran during it answers no
// question asked after it started.
func TestAssignmentChangesInvalidate(t *testing.T) {
	api, c := heldAssignmentAPI(t, 100, "u-1", "u-2")
	first := goLookup(c, RecentList, "u-1")
	api.awaitWalk(1)
	api.release()
	wantAssigned(t, first, "u-1", true)

	api.setHold(false)
	if err := c.DeleteAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-2"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-2", RecentList); !errors.As(err, new(*NotFoundError)) {
		t.Errorf("after deleting u-2, FindAssignment = %v; want not assigned, not the cached walk", err)
	}
	if err := c.CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-3"); err != nil {
		t.Fatal(err)
	}
	if a, err := c.FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-3", RecentList); err != nil || a.PrincipalID != "u-3" {
		t.Errorf("after creating u-3, FindAssignment = %v, %v", a, err)
	}
	if api.walkCount() != 3 {
		t.Errorf("%d walks, want 3: one per read after each change", api.walkCount())
	}
}

func TestListAssignmentsWithoutCoalescing(t *testing.T) {
	api := newAssignmentAPI(t, 100, "u-1")
	c := newTestClient(t, api.URL, func(cfg *Config) { cfg.DisableCoalescing = true })
	for range 3 {
		if _, err := c.FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-1", RecentList); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-9", RecentList); !errors.As(err, new(*NotFoundError)) {
		t.Errorf("u-9: %v, want not assigned", err)
	}
	if api.walkCount() != 4 {
		t.Errorf("%d walks, want one per call", api.walkCount())
	}
}

// The creates of one application instance take the application's URN from
// one walk: the first walks, and the rest read the walk it cached.
func TestApplicationURNSharesOneWalk(t *testing.T) {
	api := newAssignmentAPI(t, 100)
	c := newTestClient(t, api.URL)
	for _, id := range principals(20) {
		if err := c.CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, id); err != nil {
			t.Fatal(err)
		}
		urn, err := c.ApplicationURN(t.Context(), testInstance, testApp, PrincipalUser, id)
		if err != nil || urn != "urn:app" {
			t.Fatalf("ApplicationURN after creating %s = %q, %v", id, urn, err)
		}
	}
	if api.walkCount() != 1 {
		t.Errorf("%d walks for the URNs of 20 creates, want 1", api.walkCount())
	}
	// A delete forgets the walk: the next URN comes from a new one, which
	// lists the principal just assigned.
	if err := c.DeleteAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-0000"); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-new"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ApplicationURN(t.Context(), testInstance, testApp, PrincipalUser, "u-new"); err != nil || api.walkCount() != 2 {
		t.Errorf("after a delete: %v, %d walks; want a second walk", err, api.walkCount())
	}
}
