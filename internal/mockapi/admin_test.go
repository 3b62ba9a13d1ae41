package mockapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func adminPath(instanceID, appID, profileID string) string {
	return "/_mock/instances/" + instanceID + "/application-instances/" + appID + "/profiles/" + profileID
}

func decodeStrict(t *testing.T, body []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
}

func TestAdminStore(t *testing.T) {
	t.Parallel()
	srv, ts := newTestServer(t, threeProfiles())

	res := send(t, ts, http.MethodGet, "/_mock/store", nil, nil, testNow)
	if res.status != http.StatusOK {
		t.Fatalf("status = %d, body %s", res.status, res.body)
	}
	var got mockapi.Seed
	decodeStrict(t, res.body, &got)
	if !seedEqual(got, srv.Snapshot()) {
		t.Errorf("GET /_mock/store = %+v, want %+v", got, srv.Snapshot())
	}
	// The dump is a valid seed file.
	if err := got.Validate(); err != nil {
		t.Errorf("dump does not validate: %v", err)
	}
	if !bytes.Contains(res.body, []byte(`"profiles": []`)) {
		t.Errorf("empty app instance is not dumped as []: %s", res.body)
	}
}

func TestAdminStats(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, threeProfiles())
	signed(t, ts, http.MethodGet, listPath(testInstance, testApp))
	signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"))
	send(t, ts, http.MethodGet, listPath(testInstance, testApp), nil, nil, testNow)
	signed(t, ts, http.MethodGet, "/nowhere")

	res := send(t, ts, http.MethodGet, "/_mock/stats", nil, nil, testNow)
	if res.status != http.StatusOK {
		t.Fatalf("status = %d, body %s", res.status, res.body)
	}
	var got struct {
		ListProfiles  int64                   `json:"list_profiles"`
		DeleteProfile int64                   `json:"delete_profile"`
		ListDomains   int64                   `json:"iam_list_domains"`
		CallerID      int64                   `json:"sts_caller_identity"`
		Rejected      int64                   `json:"rejected"`
		Total         int64                   `json:"total"`
		Faults        mockapi.FaultStats      `json:"faults"`
		Credentials   mockapi.CredentialStats `json:"credentials"`

		ListAssignments  int64 `json:"list_assignments"`
		CreateAssignment int64 `json:"create_assignment"`
		DeleteAssignment int64 `json:"delete_assignment"`
	}
	decodeStrict(t, res.body, &got)
	if got.ListProfiles != 1 || got.DeleteProfile != 1 || got.Rejected != 1 || got.Total != 4 {
		t.Errorf("stats = %+v, want list 1, delete 1, rejected 1, total 4 (admin excluded)", got)
	}
	if got.Faults != (mockapi.FaultStats{}) {
		t.Errorf("faults = %+v without fault injection, want none", got.Faults)
	}
	if got.Credentials != (mockapi.CredentialStats{}) {
		t.Errorf("credentials = %+v without a credential request, want none", got.Credentials)
	}
}

func TestAdminPutAndDelete(t *testing.T) {
	t.Parallel()
	srv, ts := newTestServer(t, threeProfiles())

	// Create without a body: defaults.
	res := send(t, ts, http.MethodPut, adminPath(testInstance, testApp, "p-new"), nil, nil, testNow)
	if res.status != http.StatusCreated {
		t.Fatalf("PUT new: %d %s", res.status, res.body)
	}
	var p mockapi.Profile
	decodeStrict(t, res.body, &p)
	if p != (mockapi.Profile{ProfileID: "p-new", Name: "Default", Status: "ENABLED"}) {
		t.Errorf("PUT new returned %+v", p)
	}

	// Replace in place with a body.
	res = send(t, ts, http.MethodPut, adminPath(testInstance, testApp, "p-cccccccccccccccc"), []byte(`{"name":"Ops","status":"DISABLED"}`), nil, testNow)
	if res.status != http.StatusOK {
		t.Fatalf("PUT existing: %d %s", res.status, res.body)
	}
	decodeStrict(t, res.body, &p)
	if p != (mockapi.Profile{ProfileID: "p-cccccccccccccccc", Name: "Ops", Status: "DISABLED"}) {
		t.Errorf("PUT existing returned %+v", p)
	}

	// The API sees both.
	list := signed(t, ts, http.MethodGet, listPath(testInstance, testApp))
	want := `{"application_profiles":[` +
		`{"name":"Ops","status":"DISABLED","profile_id":"p-cccccccccccccccc"},` +
		`{"name":"Default","status":"ENABLED","profile_id":"p-aaaaaaaaaaaaaaaa"},` +
		`{"name":"Devs","status":"ENABLED","profile_id":"p-bbbbbbbbbbbbbbbb"},` +
		`{"name":"Default","status":"ENABLED","profile_id":"p-new"}]}`
	if string(list.body) != want {
		t.Errorf("list\n got %s\nwant %s", list.body, want)
	}

	// New instance and app instance on demand.
	res = send(t, ts, http.MethodPut, adminPath("ins-other", "app-ins-other", "p-x"), []byte(`{"name":"X"}`), nil, testNow)
	if res.status != http.StatusCreated {
		t.Fatalf("PUT in a new instance: %d %s", res.status, res.body)
	}
	if got := srv.Profiles("ins-other", "app-ins-other"); !slices.Equal(got, []mockapi.Profile{{ProfileID: "p-x", Name: "X", Status: "ENABLED"}}) {
		t.Errorf("Profiles = %+v", got)
	}

	res = send(t, ts, http.MethodDelete, adminPath(testInstance, testApp, "p-new"), nil, nil, testNow)
	if res.status != http.StatusNoContent || len(res.body) != 0 {
		t.Errorf("DELETE: %d %s, want 204", res.status, res.body)
	}
	res = send(t, ts, http.MethodDelete, adminPath(testInstance, testApp, "p-new"), nil, nil, testNow)
	wantError(t, res, http.StatusNotFound, "MOCK.404", "p-new")

	if ids := profileIDs(srv.Profiles(testInstance, testApp)); !slices.Equal(ids, []string{"p-cccccccccccccccc", "p-aaaaaaaaaaaaaaaa", "p-bbbbbbbbbbbbbbbb"}) {
		t.Errorf("after admin delete: %v", ids)
	}
	if st := srv.Stats(); st.Total != 1 {
		t.Errorf("Stats.Total = %d, want 1: admin routes must not count", st.Total)
	}
}

func TestAdminErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"unknown field", http.MethodPut, adminPath(testInstance, testApp, "p-1"), `{"nmae":"x"}`, 400, `unknown field "nmae"`}, //nolint:misspell // the misspelt field is the input
		{"not json", http.MethodPut, adminPath(testInstance, testApp, "p-1"), `name=x`, 400, "invalid body"},
		{"trailing data", http.MethodPut, adminPath(testInstance, testApp, "p-1"), `{} {}`, 400, "unexpected data"},
		{"bad app prefix", http.MethodPut, adminPath(testInstance, "app-1", "p-1"), "", 400, "app-ins-"},
		{"empty instance", http.MethodPut, adminPath("", testApp, "p-1"), "", 400, "instance_id"},
		{"empty profile", http.MethodPut, adminPath(testInstance, testApp, ""), "", 400, "profile_id"},
		{"post store", http.MethodPost, "/_mock/store", "", 405, "GET"},
		{"post profile", http.MethodPost, adminPath(testInstance, testApp, "p-1"), "", 405, "PUT, DELETE"},
		{"unknown", http.MethodGet, "/_mock/nothing", "", 404, "/_mock/nothing"},
		{"app path", http.MethodGet, "/_mock/instances/" + testInstance + "/application-instances/" + testApp + "/profiles", "", 404, "no admin route"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, ts := newTestServer(t, threeProfiles())
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			res := send(t, ts, tt.method, tt.path, body, nil, testNow)
			wantError(t, res, tt.status, "MOCK."+strconv.Itoa(tt.status), tt.msg)
			if tt.status == http.StatusMethodNotAllowed && res.header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
			if _, ok := srv.Profile(testInstance, testApp, "p-1"); ok {
				t.Error("a failed PUT added the profile")
			}
		})
	}
}
