package identitycenter

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// assignmentAPI is a test API of one application instance's assignments:
// it pages its list by pageSize with the position as marker, and creates
// and deletes as the API does. With hold set, each walk's first page
// announces itself on arrived and answers once released, from the store as
// it is when the page arrived.
type assignmentAPI struct {
	*apiServer
	t        *testing.T
	pageSize int
	arrived  chan int
	released chan struct{}

	mu       sync.Mutex
	hold     bool
	store    []Assignment
	walks    int // first pages served
	appGone  int // how many of the next walks answer 404 IIC.404
	lastBody string
}

func newAssignmentAPI(t *testing.T, pageSize int, principals ...string) *assignmentAPI {
	t.Helper()
	a := &assignmentAPI{t: t, pageSize: pageSize, arrived: make(chan int, 1000), released: make(chan struct{}, 1000)}
	for _, p := range principals {
		a.store = append(a.store, user(p))
	}
	a.apiServer = newAPIServer(t, a.respond)
	return a
}

func user(id string) Assignment {
	return Assignment{PrincipalID: id, PrincipalType: PrincipalUser, ApplicationURN: "urn:app"}
}

func (a *assignmentAPI) respond(w http.ResponseWriter, r *http.Request, attempt int) {
	if r.Method == http.MethodPost {
		body := a.requests()[attempt-1].Body
		var in Assignment
		if err := json.Unmarshal([]byte(body), &in); err != nil {
			a.t.Errorf("create/delete body %q: %v", body, err)
		}
		in.ApplicationURN = "urn:app"
		a.mu.Lock()
		defer a.mu.Unlock()
		a.lastBody = body
		i := slices.Index(a.store, in)
		switch {
		case strings.HasSuffix(r.URL.Path, "/create") && i >= 0:
			writeJSON(w, http.StatusConflict, `{"error_code":"IIC.409","error_msg":"already assigned"}`)
		case strings.HasSuffix(r.URL.Path, "/create"):
			a.store = append(a.store, in)
			w.WriteHeader(http.StatusOK)
		case i < 0:
			writeJSON(w, http.StatusNotFound, `{"error_code":"IIC.404","error_msg":"not assigned"}`)
		default:
			a.store = slices.Delete(a.store, i, i+1)
			w.WriteHeader(http.StatusOK)
		}
		return
	}
	q := r.URL.Query()
	if q.Get("limit") != strconv.Itoa(AssignmentPageSize) {
		a.t.Errorf("limit = %q, want %d", q.Get("limit"), AssignmentPageSize)
	}
	start, _ := strconv.Atoi(q.Get("marker"))
	a.mu.Lock()
	first := !q.Has("marker")
	n := a.walks
	gone := false
	if first {
		a.walks++
		n = a.walks
		if a.appGone > 0 {
			a.appGone--
			gone = true
		}
	}
	snapshot := slices.Clone(a.store)
	hold := a.hold
	a.mu.Unlock()
	if first && hold {
		a.arrived <- n
		select {
		case <-a.released:
		case <-r.Context().Done():
			return
		}
	}
	if gone {
		writeJSON(w, http.StatusNotFound, `{"error_code":"IIC.404","error_msg":"application instance does not exist"}`)
		return
	}
	end := min(start+a.pageSize, len(snapshot))
	page := map[string]any{"application_assignments": snapshot[start:end]}
	if end < len(snapshot) {
		page["page_info"] = map[string]any{"next_marker": strconv.Itoa(end), "current_count": end - start}
	} else {
		page["page_info"] = map[string]any{"next_marker": nil, "current_count": end - start}
	}
	body, _ := json.Marshal(page)
	writeJSON(w, http.StatusOK, string(body))
}

func (a *assignmentAPI) walkCount() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.walks
}

func (a *assignmentAPI) add(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.store = append(a.store, user(id))
}

func (a *assignmentAPI) remove(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.store = slices.DeleteFunc(a.store, func(x Assignment) bool { return x.PrincipalID == id })
}

func principals(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("u-%04d", i)
	}
	return ids
}

func TestListAssignmentsFollowsEveryPage(t *testing.T) {
	api := newAssignmentAPI(t, 40, principals(100)...)
	c := newTestClient(t, api.URL)
	got, err := c.ListAssignments(t.Context(), testInstance, testApp)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 100 || got[0].PrincipalID != "u-0000" || got[99].PrincipalID != "u-0099" || got[5].ApplicationURN != "urn:app" {
		t.Fatalf("listed %d assignments, want u-0000 to u-0099 in order", len(got))
	}
	reqs := api.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests for 100 assignments by 40, want 3", len(reqs))
	}
	wantPath := "/v1/instances/" + testInstance + "/applications/" + testApp + "/assignments"
	for i, want := range []string{"limit=100", "limit=100&marker=40", "limit=100&marker=80"} {
		if reqs[i].Method != http.MethodGet || reqs[i].Path != wantPath || !strings.HasSuffix(reqs[i].RequestURI, "?"+want) {
			t.Errorf("request %d = %s %s, want GET %s?%s", i+1, reqs[i].Method, reqs[i].RequestURI, wantPath, want)
		}
	}
}

func TestListAssignmentsRefusesARepeatedMarker(t *testing.T) {
	api := newAPIServer(t, fixed(http.StatusOK, `{"application_assignments":[{"principal_id":"u","principal_type":"USER"}],"page_info":{"next_marker":"same"}}`))
	_, err := newTestClient(t, api.URL).ListAssignments(t.Context(), testInstance, testApp)
	if err == nil || !strings.Contains(err.Error(), `next_marker "same" twice`) {
		t.Errorf("err = %v, want the repeated marker named", err)
	}
	if api.count() != 2 {
		t.Errorf("%d requests, want 2: the walk stops at the repeated marker", api.count())
	}
}

func TestDecodeAssignmentPage(t *testing.T) {
	for _, tt := range []struct {
		body, next, err string
		n               int
	}{
		{body: `{"application_assignments":[{"principal_id":"u","principal_type":"USER"}]}`, n: 1},
		{body: `{"application_assignments":null,"page_info":{"next_marker":null}}`},
		{body: `{"application_assignments":[],"page_info":{"next_marker":"m2","current_count":0}}`, next: "m2"},
		{body: `{"page_info":{}}`, err: "no application_assignments list"},
		{body: `[]`, err: "not the expected JSON"},
		{body: `{"application_assignments":{}}`, err: "not a list of assignments"},
		{body: `{"application_assignments":[{"principal_type":"USER"}]}`, err: "[0] has no principal_id"},
		{body: `{"application_assignments":[{"principal_id":"u","principal_type":"ROBOT"}]}`, err: `principal_type "ROBOT"`},
	} {
		got, next, err := DecodeAssignmentPage([]byte(tt.body))
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: err = %v, want %q", tt.body, err, tt.err)
		case tt.err == "" && (err != nil || len(got) != tt.n || got == nil || next != tt.next):
			t.Errorf("%s = %v, %q, %v; want %d assignments and marker %q", tt.body, got, next, err, tt.n, tt.next)
		}
	}
}

func TestCreateAndDeleteAssignment(t *testing.T) {
	api := newAssignmentAPI(t, 100, "u-1")
	c := newTestClient(t, api.URL)
	if err := c.CreateAssignment(t.Context(), testInstance, testApp, PrincipalGroup, "g-1"); err != nil {
		t.Fatal(err)
	}
	req := api.requests()[0]
	if req.Method != http.MethodPost || !strings.HasSuffix(req.Path, "/applications/"+testApp+"/assignments/create") ||
		req.Header.Get("Content-Type") != "application/json" || api.lastBody != `{"principal_id":"g-1","principal_type":"GROUP"}` {
		t.Errorf("create sent %s %s, Content-Type %q, body %s", req.Method, req.Path, req.Header.Get("Content-Type"), api.lastBody)
	}
	err := c.CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-1")
	if !IsAlreadyAssigned(err) || IsNotFound(err) {
		t.Errorf("duplicate create: %v, want already assigned", err)
	}
	if err := c.DeleteAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-1"); err != nil {
		t.Fatal(err)
	}
	if req := api.requests()[2]; !strings.HasSuffix(req.Path, "/assignments/delete") || api.lastBody != `{"principal_id":"u-1","principal_type":"USER"}` {
		t.Errorf("delete sent %s with %s", req.Path, api.lastBody)
	}
	if err := c.DeleteAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-1"); !IsNotFound(err) || IsAlreadyAssigned(err) {
		t.Errorf("deleting a missing assignment: %v, want not found", err)
	}
}

// A 409 IIC.1006 is the concurrency conflict, retried; it is no duplicate.
func TestCreateAssignmentRetriesTheConcurrencyConflict(t *testing.T) {
	api := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt == 1 {
			writeJSON(w, http.StatusConflict, `{"error_code":"IIC.1006","error_msg":"retry later"}`)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	if err := newTestClient(t, api.URL).CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u"); err != nil {
		t.Errorf("create after a concurrency conflict: %v", err)
	}
	if api.count() != 2 {
		t.Errorf("%d attempts, want 2", api.count())
	}
	for _, code := range []string{"IIC.1006", "IdentityCenter.1006"} {
		if IsAlreadyAssigned(&APIError{StatusCode: http.StatusConflict, ErrorCode: code}) {
			t.Errorf("%s read as already assigned", code)
		}
	}
}

// A 409 that answers a retry, after an attempt whose answer was lost or
// that the gateway gave up on, may be the API refusing to make twice what
// the first attempt made: MayHaveAssigned tells it from a plain duplicate,
// and from a retry after a refusal or failure, where nothing was made.
func TestCreateAssignmentConflictAfterALostAnswer(t *testing.T) {
	const duplicate = `{"error_code":"IIC.1007","error_msg":"data modification failed"}`
	for name, tc := range map[string]struct {
		first       func(w http.ResponseWriter)
		mayHaveMade bool
	}{
		"answer lost": {first: func(w http.ResponseWriter) {
			conn, _, _ := http.NewResponseController(w).Hijack()
			_ = conn.Close()
		}, mayHaveMade: true},
		"gateway timeout": {first: func(w http.ResponseWriter) { writeJSON(w, http.StatusGatewayTimeout, `{}`) }, mayHaveMade: true},
		"bad gateway":     {first: func(w http.ResponseWriter) { writeJSON(w, http.StatusBadGateway, `{}`) }, mayHaveMade: true},
		// The gateway did not pass the request on, or the service failed it.
		"unavailable": {first: func(w http.ResponseWriter) {
			writeJSON(w, http.StatusServiceUnavailable, `{"error_code":"APIGW.0202"}`)
		}},
		"service error": {first: func(w http.ResponseWriter) { writeJSON(w, http.StatusInternalServerError, `{}`) }},
		"throttled":     {first: func(w http.ResponseWriter) { writeJSON(w, http.StatusTooManyRequests, `{}`) }},
		"no retry":      {first: func(w http.ResponseWriter) { writeJSON(w, http.StatusConflict, duplicate) }},
	} {
		t.Run(name, func(t *testing.T) {
			api := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
				if attempt == 1 {
					tc.first(w)
					return
				}
				writeJSON(w, http.StatusConflict, duplicate)
			})
			err := newTestClient(t, api.URL).CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u")
			if !IsAlreadyAssigned(err) || MayHaveAssigned(err) != tc.mayHaveMade {
				t.Errorf("create: %v; already assigned %v, may have assigned %v, want true, %v",
					err, IsAlreadyAssigned(err), MayHaveAssigned(err), tc.mayHaveMade)
			}
		})
	}
}

// A connection that fails before the request is sent cannot have made
// anything: the 409 of the retry is a plain duplicate.
func TestCreateAssignmentConflictAfterARefusedConnection(t *testing.T) {
	api := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		writeJSON(w, http.StatusConflict, `{"error_code":"IIC.1007","error_msg":"data modification failed"}`)
	})
	refuseOnce := &refusingTransport{base: http.DefaultTransport}
	err := newTestClient(t, api.URL, func(c *Config) { c.Transport = refuseOnce }).
		CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u")
	if !IsAlreadyAssigned(err) || MayHaveAssigned(err) || refuseOnce.refused.Load() != 1 {
		t.Errorf("create: %v; may have assigned %v after %d refusals, want a plain duplicate after 1",
			err, MayHaveAssigned(err), refuseOnce.refused.Load())
	}
}

// refusingTransport fails its first request as a refused connection does,
// before anything is sent.
type refusingTransport struct {
	base    http.RoundTripper
	refused atomic.Int64
}

func (t *refusingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.refused.CompareAndSwap(0, 1) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	return t.base.RoundTrip(req)
}

// The finders' one not-found channel: a typed error, for a missing
// principal and for a missing application instance, and no other error.
func TestFindAssignmentNotFoundIsTyped(t *testing.T) {
	api := newAssignmentAPI(t, 100, "u-1")
	c := newTestClient(t, api.URL)
	got, err := c.FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-1", RecentList)
	if err != nil || got != user("u-1") {
		t.Fatalf("FindAssignment(u-1) = %v, %v", got, err)
	}
	_, err = c.FindAssignment(t.Context(), testInstance, testApp, PrincipalGroup, "u-1", RecentList)
	if nf, ok := errors.AsType[*NotFoundError](err); !ok || nf.Err != nil || !strings.Contains(nf.Object, "group u-1") {
		t.Errorf("a group with a user's ID: %v, want a *NotFoundError naming the group", err)
	}
	api.mu.Lock()
	api.appGone = 1
	api.mu.Unlock()
	_, err = c.FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-1", FreshList)
	if nf, ok := errors.AsType[*NotFoundError](err); !ok || nf.Err == nil || !IsNotFound(err) {
		t.Errorf("application instance gone: %v, want *NotFoundError wrapping the 404", err)
	}
	denied := newAPIServer(t, fixed(http.StatusForbidden, `{"error_code":"IIC.1000","error_msg":"no permission"}`))
	if _, err := newTestClient(t, denied.URL).FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u-1", RecentList); err == nil || IsNotFound(err) {
		t.Errorf("a 403: %v, want an error that is not a not-found", err)
	}
}

func TestAssignmentCallsRefuseBadInputBeforeSending(t *testing.T) {
	api := newAssignmentAPI(t, 100)
	c := newTestClient(t, api.URL)
	for name, err := range map[string]error{
		"slash in principal": c.CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, "a/b"),
		"empty principal":    c.DeleteAssignment(t.Context(), testInstance, testApp, PrincipalUser, ""),
		"bad type":           c.CreateAssignment(t.Context(), testInstance, testApp, "user", "u"),
		"dot-dot app": func() error {
			_, err := c.ListAssignments(t.Context(), testInstance, "..")
			return err
		}(),
		"query in principal": func() error {
			_, err := c.FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, "u?x", RecentList)
			return err
		}(),
	} {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if api.count() != 0 {
		t.Errorf("%d requests sent for bad input", api.count())
	}
}
