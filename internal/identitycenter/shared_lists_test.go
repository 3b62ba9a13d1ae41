package identitycenter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// The rule of creates (UntouchedList): "present" only from a list of this
// Client that no delete it made has touched; any number of creates share
// such a list; "absent" still only from a list started after the question.

// awaitHeldBack waits until n creates wait for the deletes of the
// application instance to end, from the client's state alone.
func awaitHeldBack[T any, K comparable](t *testing.T, l *sharedLists[T, K], n int) {
	t.Helper()
	awaitEntry(t, l, "creates held back by a delete", n, func(e *listEntry[T, K]) int { return e.heldBack })
}

func profileIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("p-%016x", i)
	}
	return ids
}

// The adoptions of one application instance share one list: those asked
// while it runs wait for it, and those asked after it read its answer.
func TestUntouchedCreatesShareOneList(t *testing.T) {
	const n = 50
	ids := profileIDs(2 * n)
	h := newHeldAPI(t, ids...)
	c := h.client()

	answers := make([]<-chan found, 0, 2*n)
	answers = append(answers, goFind(t.Context(), c, ids[0], UntouchedList))
	h.awaitList(1)
	for _, id := range ids[1:n] {
		answers = append(answers, goFind(t.Context(), c, id, UntouchedList))
	}
	awaitWaiters(t, c.profileLists, false, n)
	h.release(1)
	for _, id := range ids[n:] {
		mustFind(t, goFind(t.Context(), c, id, UntouchedList), id)
	}
	for i, ch := range answers {
		mustFind(t, ch, ids[i])
	}
	if got := h.listCount(); got != 1 {
		t.Errorf("%d list requests for %d adoptions, want 1", got, 2*n)
	}
}

// A create never adopts what a delete made before it removed: the list
// cached before the delete is forgotten, and the create lists again.
func TestUntouchedCreateNeverAdoptsWhatAnEarlierDeleteRemoved(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()

	h.release(1)
	mustFind(t, goFind(t.Context(), c, "p-a", RecentList), "p-a")
	if err := c.DeleteProfile(t.Context(), testInstance, testApp, "p-a"); err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	h.release(1)
	mustNotFind(t, goFind(t.Context(), c, "p-a", UntouchedList), "p-a")
	// The list after the delete serves the creates that follow.
	mustFind(t, goFind(t.Context(), c, "p-b", UntouchedList), "p-b")
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests, want 2", got)
	}
}

// A create asked while a delete of the application instance runs waits
// for the delete to end: a list that starts meanwhile may still show what
// the delete removes, and the create must not adopt it.
func TestUntouchedCreateWaitsForARunningDelete(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()

	h.release(1)
	mustFind(t, goFind(t.Context(), c, "p-b", RecentList), "p-b")
	h.awaitList(1)
	h.holdDeletes()
	deleted := make(chan error, 1)
	go func() { deleted <- c.DeleteProfile(context.Background(), testInstance, testApp, "p-a") }()
	h.awaitDelete()

	// A read may take p-a from a list that starts now: it existed then.
	reading := goFind(t.Context(), c, "p-a", RecentList)
	h.awaitList(2)
	adopt := goFind(t.Context(), c, "p-a", UntouchedList)
	awaitHeldBack(t, c.profileLists, 1)
	h.release(1)
	mustFind(t, reading, "p-a")
	if got := h.listCount(); got != 2 {
		t.Fatalf("%d list requests while the delete ran, want 2: the create must not list", got)
	}

	h.releaseDelete()
	if err := <-deleted; err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	h.awaitList(3)
	h.release(1)
	mustNotFind(t, adopt, "p-a")
	if got := h.listCount(); got != 3 {
		t.Errorf("%d list requests, want 3", got)
	}
}

// A list that was running when a delete ended answers no create, even one
// asked before the delete started; the create asks a list that starts after.
func TestUntouchedCreateIgnoresAListADeleteOverlapped(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()

	reading := goFind(t.Context(), c, "p-b", RecentList)
	h.awaitList(1) // answers p-a and p-b, as the store was before the delete
	adopt := goFind(t.Context(), c, "p-a", UntouchedList)
	awaitWaiters(t, c.profileLists, false, 2) // it joined the running list
	if err := c.DeleteProfile(t.Context(), testInstance, testApp, "p-a"); err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	h.release(1)
	mustFind(t, reading, "p-b")
	h.awaitList(2)
	h.release(1)
	mustNotFind(t, adopt, "p-a")
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests, want 2", got)
	}
}

// Only lists of this Client count: a Client is made when the provider is
// configured, so a list of an earlier command never serves a create.
func TestUntouchedCreateIgnoresListsOfAnotherClient(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	earlier := h.client()
	h.release(2)
	mustFind(t, goFind(t.Context(), earlier, "p-a", RecentList), "p-a")
	h.remove("p-a")
	mustNotFind(t, goFind(t.Context(), h.client(), "p-a", UntouchedList), "p-a")
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests, want 2", got)
	}
}

// "Absent" still only comes from a list started after the question: a
// create of what the shared list lacks asks a later one.
func TestUntouchedCreateAbsentOnlyFromALaterList(t *testing.T) {
	h := newHeldAPI(t, "p-a")
	c := h.client()

	h.release(1)
	mustFind(t, goFind(t.Context(), c, "p-a", UntouchedList), "p-a")
	h.add("p-late")
	h.release(1)
	mustFind(t, goFind(t.Context(), c, "p-late", UntouchedList), "p-late")
	if got := h.listCount(); got != 2 {
		t.Errorf("%d list requests, want 2", got)
	}
}

// A create that stops waiting for a delete leaves the others waiting, and
// gets the error its own request would have.
func TestUntouchedCancelledCreateLeavesTheOthers(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()
	h.holdDeletes()
	deleted := make(chan error, 1)
	go func() { deleted <- c.DeleteProfile(context.Background(), testInstance, testApp, "p-a") }()
	h.awaitDelete()

	ctx, cancel := context.WithCancel(t.Context())
	leaving := goFind(ctx, c, "p-b", UntouchedList)
	staying := goFind(t.Context(), c, "p-b", UntouchedList)
	awaitHeldBack(t, c.profileLists, 2)
	cancel()
	f := receive(t, leaving)
	var te *TransportError
	if !errors.Is(f.err, context.Canceled) || !errors.As(f.err, &te) || te.Method != http.MethodGet {
		t.Errorf("cancelled create got %v, want a TransportError of the GET with context.Canceled", f.err)
	}
	awaitHeldBack(t, c.profileLists, 1)
	h.releaseDelete()
	if err := <-deleted; err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	h.release(1)
	mustFind(t, staying, "p-b")
	if got := h.listCount(); got != 1 {
		t.Errorf("%d list requests, want 1", got)
	}
}

// The exclusive resource's check of declared IDs shares the list too, and
// calls a declared profile missing only from a list started after it asked.
func TestListProfilesHoldingSharesAndConfirmsAbsence(t *testing.T) {
	h := newHeldAPI(t, "p-a", "p-b")
	c := h.client()

	h.release(1)
	if _, err := c.ListProfiles(t.Context(), testInstance, testApp); err != nil {
		t.Fatal(err)
	}
	got, err := c.ListProfilesHolding(t.Context(), testInstance, testApp, []string{"p-a", "p-b"}, UntouchedList)
	if err != nil || len(got) != 2 || h.listCount() != 1 {
		t.Fatalf("ListProfilesHolding(p-a, p-b) = %v, %v after %d lists; want the plan's list", got, err, h.listCount())
	}
	h.add("p-new")
	h.release(1)
	got, err = c.ListProfilesHolding(t.Context(), testInstance, testApp, []string{"p-a", "p-new"}, UntouchedList)
	if err != nil || !slices.ContainsFunc(got, func(p Profile) bool { return p.ProfileID == "p-new" }) || h.listCount() != 2 {
		t.Fatalf("ListProfilesHolding(p-a, p-new) = %v, %v after %d lists; want a second list holding p-new", got, err, h.listCount())
	}
	if err := c.DeleteProfile(t.Context(), testInstance, testApp, "p-b"); err != nil {
		t.Fatal(err)
	}
	h.release(1)
	got, err = c.ListProfilesHolding(t.Context(), testInstance, testApp, []string{"p-b"}, UntouchedList)
	if err != nil || slices.ContainsFunc(got, func(p Profile) bool { return p.ProfileID == "p-b" }) || h.listCount() != 3 {
		t.Errorf("ListProfilesHolding(p-b) after deleting it = %v, %v after %d lists; want a third list without p-b", got, err, h.listCount())
	}
}

// Assignments follow the same rule: a walk cached before a delete answers
// no create, and the creates after it share the walk that follows.
func TestUntouchedAssignmentCreatesAfterADelete(t *testing.T) {
	api := newAssignmentAPI(t, 100, "u-1", "u-2")
	c := newTestClient(t, api.URL)
	wantAssigned(t, goLookup(c, RecentList, "u-1"), "u-1", true)
	if err := c.DeleteAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-1"); err != nil {
		t.Fatal(err)
	}
	wantAssigned(t, goLookup(c, UntouchedList, "u-1"), "u-1", false)
	declared := []Principal{{PrincipalUser, "u-2"}}
	if got, err := c.ListAssignmentsHolding(t.Context(), testInstance, testApp, declared, UntouchedList); err != nil || len(got) != 1 {
		t.Errorf("ListAssignmentsHolding(u-2) = %v, %v; want u-2 alone", got, err)
	}
	if api.walkCount() != 2 {
		t.Errorf("%d walks, want 2: one before the delete, one after", api.walkCount())
	}
}
