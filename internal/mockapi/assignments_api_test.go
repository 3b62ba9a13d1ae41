package mockapi_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func assignmentsPath(instanceID, appID string) string {
	return "/v1/instances/" + instanceID + "/applications/" + appID + "/assignments"
}

func userAssignment(i int) mockapi.Assignment {
	return mockapi.Assignment{PrincipalID: fmt.Sprintf("user-%04d", i), PrincipalType: mockapi.PrincipalUser}
}

// newAssignmentServer serves seed, with the assignment list's pages capped
// at pageSizeCap (0: no cap).
func newAssignmentServer(t *testing.T, seed mockapi.Seed, pageSizeCap int) (*mockapi.Server, *httptest.Server) {
	t.Helper()
	srv, ts := newTestServer(t, seed)
	srv.SetPageSizeCap(pageSizeCap)
	return srv, ts
}

// seedOfAssignments is one application instance with n users assigned, and
// one profile that no assignment operation may touch.
func seedOfAssignments(n int) mockapi.Seed {
	app := mockapi.ApplicationInstance{ApplicationInstanceID: testApp, Profiles: []mockapi.Profile{{ProfileID: "p-aaaaaaaaaaaaaaaa"}}}
	for i := range n {
		app.Assignments = append(app.Assignments, userAssignment(i))
	}
	return mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: testInstance, ApplicationInstances: []mockapi.ApplicationInstance{
		app, {ApplicationInstanceID: "app-ins-other"},
	}}}}
}

// page is the list answer, decoded strictly.
type page struct {
	Assignments []struct {
		ApplicationURN string `json:"application_urn"`
		PrincipalID    string `json:"principal_id"`
		PrincipalType  string `json:"principal_type"`
	} `json:"application_assignments"`
	PageInfo struct {
		NextMarker   *string `json:"next_marker"`
		CurrentCount int     `json:"current_count"`
	} `json:"page_info"`
}

func listPage(t *testing.T, ts *httptest.Server, query string) (page, response) {
	t.Helper()
	res := signed(t, ts, http.MethodGet, assignmentsPath(testInstance, testApp)+query)
	var p page
	if res.status == http.StatusOK {
		dec := json.NewDecoder(strings.NewReader(string(res.body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("list body %s: %v", res.body, err)
		}
	}
	return p, res
}

// walk follows every page with limit, and returns the principal IDs and the
// number of pages.
func walk(t *testing.T, ts *httptest.Server, limit int, between func(pageNumber int)) ([]string, int) {
	t.Helper()
	var ids []string
	marker := ""
	for pages := 1; ; pages++ {
		q := url.Values{"limit": {fmt.Sprint(limit)}}
		if marker != "" {
			q.Set("marker", marker)
		}
		p, res := listPage(t, ts, "?"+q.Encode())
		if res.status != http.StatusOK {
			t.Fatalf("page %d: status %d, body %s", pages, res.status, res.body)
		}
		if p.PageInfo.CurrentCount != len(p.Assignments) {
			t.Errorf("page %d: current_count %d for %d assignments", pages, p.PageInfo.CurrentCount, len(p.Assignments))
		}
		for _, a := range p.Assignments {
			ids = append(ids, a.PrincipalID)
		}
		if p.PageInfo.NextMarker == nil {
			return ids, pages
		}
		marker = *p.PageInfo.NextMarker
		if between != nil {
			between(pages)
		}
	}
}

func changeAssignment(t *testing.T, ts *httptest.Server, verb, body string) response {
	t.Helper()
	return send(t, ts, http.MethodPost, assignmentsPath(testInstance, testApp)+"/"+verb, []byte(body), &goodCreds, testNow)
}

func TestAssignmentsCreateListDelete(t *testing.T) {
	srv, ts := newAssignmentServer(t, seedOfAssignments(1), 0)

	res := changeAssignment(t, ts, "create", `{"principal_id":"group-1","principal_type":"GROUP"}`)
	if res.status != http.StatusOK || len(res.body) != 0 {
		t.Fatalf("create: status %d, body %q; want 200 and an empty body", res.status, res.body)
	}
	p, _ := listPage(t, ts, "")
	want := []string{"user-0000", "group-1"}
	if len(p.Assignments) != 2 || p.Assignments[0].PrincipalID != want[0] || p.Assignments[1].PrincipalID != want[1] ||
		p.Assignments[1].PrincipalType != mockapi.PrincipalGroup || p.PageInfo.NextMarker != nil {
		t.Fatalf("list after create = %+v, want %v on one page", p, want)
	}
	if urn := p.Assignments[1].ApplicationURN; !strings.Contains(urn, testApp) {
		t.Errorf("application_urn = %q, want it to name the application instance", urn)
	}

	res = changeAssignment(t, ts, "create", `{"principal_id":"group-1","principal_type":"GROUP"}`)
	wantError(t, res, http.StatusConflict, mockapi.CodeAlreadyAssigned, "already assigned")

	res = changeAssignment(t, ts, "delete", `{"principal_id":"user-0000","principal_type":"USER"}`)
	if res.status != http.StatusOK {
		t.Fatalf("delete: status %d, body %s", res.status, res.body)
	}
	res = changeAssignment(t, ts, "delete", `{"principal_id":"user-0000","principal_type":"USER"}`)
	wantError(t, res, http.StatusNotFound, mockapi.CodeNotFound, "not assigned")
	// The same ID as a group is another principal.
	res = changeAssignment(t, ts, "delete", `{"principal_id":"group-1","principal_type":"USER"}`)
	wantError(t, res, http.StatusNotFound, mockapi.CodeNotFound, "not assigned")

	if got := srv.Assignments(testInstance, testApp); !reflect.DeepEqual(got, []mockapi.Assignment{{PrincipalID: "group-1", PrincipalType: "GROUP"}}) {
		t.Errorf("store = %v, want only group-1", got)
	}
	// Profiles are independent of assignments.
	if got := srv.Profiles(testInstance, testApp); len(got) != 1 || got[0].ProfileID != "p-aaaaaaaaaaaaaaaa" {
		t.Errorf("profiles = %v, want the seeded one untouched", got)
	}
	st := srv.Stats()
	if st.ListAssignments != 1 || st.CreateAssignment != 2 || st.DeleteAssignment != 3 || st.ListProfiles != 0 || st.DeleteProfile != 0 {
		t.Errorf("stats = %+v, want 1 list, 2 creates, 3 deletes of assignments and no profile call", st)
	}
	res = send(t, ts, http.MethodGet, "/_mock/stats", nil, nil, testNow)
	for _, want := range []string{`"list_assignments": 1`, `"create_assignment": 2`, `"delete_assignment": 3`} {
		if !strings.Contains(string(res.body), want) {
			t.Errorf("/_mock/stats = %s, want %s", res.body, want)
		}
	}
}

func TestAssignmentsPagination(t *testing.T) {
	_, ts := newAssignmentServer(t, seedOfAssignments(250), 0)
	ids, pages := walk(t, ts, 100, nil)
	if pages != 3 || len(ids) != 250 || ids[0] != "user-0000" || ids[249] != "user-0249" {
		t.Fatalf("walk with limit 100: %d pages, %d IDs; want 3 pages and 250 IDs in order", pages, len(ids))
	}
	// Without limit, a page is 100.
	p, _ := listPage(t, ts, "")
	if len(p.Assignments) != 100 || p.PageInfo.NextMarker == nil {
		t.Errorf("default page: %d assignments, marker %v; want 100 and a marker", len(p.Assignments), p.PageInfo.NextMarker)
	}
	// Exactly a page: no marker after it.
	_, ts2 := newAssignmentServer(t, seedOfAssignments(100), 0)
	if _, pages := walk(t, ts2, 50, nil); pages != 2 {
		t.Errorf("100 assignments by 50: %d pages, want 2", pages)
	}
}

func TestAssignmentsPageSizeCap(t *testing.T) {
	_, ts := newAssignmentServer(t, seedOfAssignments(120), 50)
	ids, pages := walk(t, ts, 100, nil)
	if pages != 3 || len(ids) != 120 {
		t.Errorf("walk with limit 100 and cap 50: %d pages, %d IDs; want 3 and 120", pages, len(ids))
	}
	if _, pages := walk(t, ts, 40, nil); pages != 3 {
		t.Errorf("limit 40 under cap 50: %d pages, want 3", pages)
	}
}

// A marker names the last assignment shown, so that changes between pages
// neither skip nor repeat one that stayed.
func TestAssignmentsMarkersSurviveChanges(t *testing.T) {
	srv, ts := newAssignmentServer(t, seedOfAssignments(30), 10)
	ids, _ := walk(t, ts, 10, func(pageNumber int) {
		if pageNumber == 1 {
			for i := range 8 {
				srv.RemoveAssignment(testInstance, testApp, userAssignment(i))
			}
			srv.AddAssignment(testInstance, testApp, mockapi.Assignment{PrincipalID: "late", PrincipalType: mockapi.PrincipalUser})
		}
	})
	if len(ids) != 31 || ids[10] != "user-0010" || ids[29] != "user-0029" || ids[30] != "late" {
		t.Errorf("walk across changes = %v, want the first page, then user-0010 to user-0029, then late", ids)
	}
}

func TestAssignmentsBadInput(t *testing.T) {
	_, ts := newAssignmentServer(t, seedOfAssignments(3), 0)
	good, _ := listPage(t, ts, "?limit=1")
	otherMarker := *good.PageInfo.NextMarker
	for _, tt := range []struct {
		name, method  string
		instance, app string // empty: the seeded ones
		suffix, body  string
		status        int
		code, msg     string
	}{
		{"limit 0", http.MethodGet, "", "", "?limit=0", "", 400, mockapi.CodeBadRequest, "limit"},
		{"limit 101", http.MethodGet, "", "", "?limit=101", "", 400, mockapi.CodeBadRequest, "limit"},
		{"limit not a number", http.MethodGet, "", "", "?limit=ten", "", 400, mockapi.CodeBadRequest, "limit"},
		{"empty limit", http.MethodGet, "", "", "?limit=", "", 400, mockapi.CodeBadRequest, "limit"},
		{"marker not base64", http.MethodGet, "", "", "?marker=%25%25", "", 400, mockapi.CodeBadRequest, "marker"},
		{"marker of nothing", http.MethodGet, "", "", "?marker=bm9wZQ", "", 400, mockapi.CodeBadRequest, "marker"},
		{"empty marker", http.MethodGet, "", "", "?marker=", "", 400, mockapi.CodeBadRequest, "marker"},
		{"marker of another list", http.MethodGet, "", "app-ins-other", "?marker=" + otherMarker, "", 400, mockapi.CodeBadRequest, "marker"},
		{"unknown instance", http.MethodGet, "ins-nope", "", "", "", 404, mockapi.CodeNotFound, "instance"},
		{"unknown application instance", http.MethodGet, "", "app-ins-nope", "", "", 404, mockapi.CodeNotFound, "application instance"},
		{"application instance without prefix", http.MethodGet, "", "nope", "", "", 400, mockapi.CodeBadRequest, "application_instance_id"},
		{"create on unknown application instance", http.MethodPost, "", "app-ins-nope", "/create", `{"principal_id":"u","principal_type":"USER"}`, 404, mockapi.CodeNotFound, "application instance"},
		{"delete on unknown instance", http.MethodPost, "ins-nope", "", "/delete", `{"principal_id":"u","principal_type":"USER"}`, 404, mockapi.CodeNotFound, "instance"},
		{"create without body", http.MethodPost, "", "", "/create", "", 400, mockapi.CodeBadRequest, "body"},
		{"create with bad JSON", http.MethodPost, "", "", "/create", `{"principal_id":`, 400, mockapi.CodeBadRequest, "JSON"},
		{"create without principal_id", http.MethodPost, "", "", "/create", `{"principal_type":"USER"}`, 400, mockapi.CodeBadRequest, "principal_id"},
		{"create with lower-case type", http.MethodPost, "", "", "/create", `{"principal_id":"u","principal_type":"user"}`, 400, mockapi.CodeBadRequest, "principal_type"},
		{"delete without type", http.MethodPost, "", "", "/delete", `{"principal_id":"u"}`, 400, mockapi.CodeBadRequest, "principal_type"},
		{"unknown verb", http.MethodPost, "", "", "/update", `{"principal_id":"u","principal_type":"USER"}`, 404, mockapi.CodeAPINotFound, "does not exist"},
		{"list by POST", http.MethodPost, "", "", "", "", 404, mockapi.CodeAPINotFound, "does not exist"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			instance, app := cmp.Or(tt.instance, testInstance), cmp.Or(tt.app, testApp)
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			res := send(t, ts, tt.method, assignmentsPath(instance, app)+tt.suffix, body, &goodCreds, testNow)
			wantError(t, res, tt.status, tt.code, tt.msg)
		})
	}
}

func TestAssignmentsAdminRoutes(t *testing.T) {
	srv, ts := newAssignmentServer(t, seedOfAssignments(1), 0)
	admin := func(method, path string) response {
		return send(t, ts, method, "/_mock/instances/"+testInstance+"/applications/"+testApp+"/assignments/"+path, nil, nil, testNow)
	}
	if res := admin(http.MethodPut, "GROUP/g-1"); res.status != http.StatusCreated {
		t.Errorf("PUT new: %d %s, want 201", res.status, res.body)
	}
	if res := admin(http.MethodPut, "GROUP/g-1"); res.status != http.StatusOK {
		t.Errorf("PUT again: %d %s, want 200", res.status, res.body)
	}
	if res := admin(http.MethodDelete, "USER/user-0000"); res.status != http.StatusNoContent {
		t.Errorf("DELETE: %d %s, want 204", res.status, res.body)
	}
	wantError(t, admin(http.MethodDelete, "USER/user-0000"), http.StatusNotFound, "MOCK.404", "not assigned")
	wantError(t, admin(http.MethodPut, "ROBOT/r-1"), http.StatusBadRequest, "MOCK.400", "principal_type")
	wantError(t, admin(http.MethodPost, "USER/u"), http.StatusMethodNotAllowed, "MOCK.405", "not allowed")
	if got := srv.Assignments(testInstance, testApp); !reflect.DeepEqual(got, []mockapi.Assignment{{PrincipalID: "g-1", PrincipalType: "GROUP"}}) {
		t.Errorf("store = %v, want only g-1", got)
	}
	if st := srv.Stats(); st.Total != 0 || st.CreateAssignment != 0 {
		t.Errorf("stats = %+v: admin routes must not count as API calls", st)
	}
	// The store route shows assignments in seed format.
	res := send(t, ts, http.MethodGet, "/_mock/store", nil, nil, testNow)
	if !strings.Contains(string(res.body), `"assignments": [`) || !strings.Contains(string(res.body), `"principal_id": "g-1"`) {
		t.Errorf("/_mock/store = %s, want the assignment", res.body)
	}
}

func TestAssignmentsDeniedNamesTheAction(t *testing.T) {
	_, ts := newAssignmentServer(t, seedOfAssignments(1), 0)
	res := send(t, ts, http.MethodPost, assignmentsPath(testInstance, testApp)+"/create",
		[]byte(`{"principal_id":"u","principal_type":"USER"}`), &deniedCreds, testNow)
	e := wantError(t, res, http.StatusForbidden, mockapi.CodeForbidden, mockapi.ActionCreateAssignment)
	if e.EncodedAuthorizationMessage == "" {
		t.Error("a 403 without encoded_authorization_message")
	}
}

func TestSeedAssignmentsValidateAndRoundTrip(t *testing.T) {
	bad := mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: testInstance, ApplicationInstances: []mockapi.ApplicationInstance{{
		ApplicationInstanceID: testApp,
		Assignments: []mockapi.Assignment{
			{PrincipalID: "u-1", PrincipalType: "USER"},
			{PrincipalID: "u-1", PrincipalType: "USER"},
			{PrincipalID: "", PrincipalType: "USER"},
			{PrincipalID: "g/1", PrincipalType: "GROUP"},
			{PrincipalID: "r-1", PrincipalType: "ROBOT"},
			{PrincipalID: "u-1", PrincipalType: "GROUP"},
		},
	}}}}}
	err := bad.Validate()
	for _, want := range []string{
		"assignments[1]: duplicate USER \"u-1\", first at assignments[0]",
		"assignments[2].principal_id: must not be empty",
		"assignments[3].principal_id: \"g/1\" contains a slash",
		"assignments[4].principal_type: \"ROBOT\" is neither USER nor GROUP",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to say %q", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "assignments[5]") {
		t.Errorf("Validate() = %v: a group and a user may share an ID", err)
	}

	seed := seedOfAssignments(3)
	srv, _ := newAssignmentServer(t, seed, 0)
	got := srv.Snapshot().Instances[0].ApplicationInstances
	if !reflect.DeepEqual(got[0].Assignments, seed.Instances[0].ApplicationInstances[0].Assignments) || got[1].Assignments != nil {
		t.Errorf("snapshot = %+v, want the seed's assignments", got)
	}
	if _, err := mockapi.New(mockapi.Options{Credentials: testCredentials(), PageSizeCap: -1}); err == nil {
		t.Error("New accepted a negative page size cap")
	}
}
