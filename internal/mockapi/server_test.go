package mockapi_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func TestListProfiles(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, threeProfiles())

	res := signed(t, ts, http.MethodGet, listPath(testInstance, testApp))

	if res.status != http.StatusOK {
		t.Fatalf("status = %d, body %s", res.status, res.body)
	}
	// Insertion order, the field order of the API pages, defaults filled.
	want := `{"application_profiles":[` +
		`{"name":"Admins","status":"DISABLED","profile_id":"p-cccccccccccccccc"},` +
		`{"name":"Default","status":"ENABLED","profile_id":"p-aaaaaaaaaaaaaaaa"},` +
		`{"name":"Devs","status":"ENABLED","profile_id":"p-bbbbbbbbbbbbbbbb"}]}`
	if string(res.body) != want {
		t.Errorf("body\n got %s\nwant %s", res.body, want)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if id := res.header.Get("X-Request-Id"); !requestIDPattern.MatchString(id) {
		t.Errorf("X-Request-Id = %q", id)
	}
}

func TestListEmptyIsArray(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, threeProfiles())

	res := signed(t, ts, http.MethodGet, listPath(testInstance, "app-ins-empty"))

	if res.status != http.StatusOK || string(res.body) != `{"application_profiles":[]}` {
		t.Errorf("got %d %s, want 200 with an empty array", res.status, res.body)
	}
}

func TestListTrailingSlash(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, threeProfiles())

	res := signed(t, ts, http.MethodGet, listPath(testInstance, testApp)+"/")

	if res.status != http.StatusOK {
		t.Fatalf("status = %d, body %s", res.status, res.body)
	}
}

func TestRequestIDsDiffer(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, threeProfiles())
	a := signed(t, ts, http.MethodGet, listPath(testInstance, testApp)).header.Get("X-Request-Id")
	b := signed(t, ts, http.MethodGet, listPath(testInstance, testApp)).header.Get("X-Request-Id")
	if a == b {
		t.Errorf("two requests got the same X-Request-Id %q", a)
	}
}

func TestPathIsDecoded(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, threeProfiles())

	// %2D is "-": the IDs must be matched after decoding.
	res := signed(t, ts, http.MethodGet, "/v1/instances/ins%2D0123456789abcdef/application-instances/app%2Dins-0123456789abcdef/profiles")

	if res.status != http.StatusOK {
		t.Fatalf("status = %d, body %s", res.status, res.body)
	}
}

func TestDeleteThenList(t *testing.T) {
	t.Parallel()
	srv, ts := newTestServer(t, threeProfiles())

	res := signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"))
	if res.status != http.StatusOK || len(res.body) != 0 {
		t.Fatalf("delete: got %d %q, want 200 with an empty body", res.status, res.body)
	}
	if id := res.header.Get("X-Request-Id"); !requestIDPattern.MatchString(id) {
		t.Errorf("delete X-Request-Id = %q", id)
	}

	res = signed(t, ts, http.MethodGet, listPath(testInstance, testApp))
	want := `{"application_profiles":[` +
		`{"name":"Admins","status":"DISABLED","profile_id":"p-cccccccccccccccc"},` +
		`{"name":"Devs","status":"ENABLED","profile_id":"p-bbbbbbbbbbbbbbbb"}]}`
	if string(res.body) != want {
		t.Errorf("list after delete\n got %s\nwant %s", res.body, want)
	}

	res = signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"))
	wantError(t, res, http.StatusNotFound, "IIC.404", "p-aaaaaaaaaaaaaaaa")

	if _, ok := srv.Profile(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"); ok {
		t.Error("Profile still finds the deleted profile")
	}
	got := srv.Stats()
	want2 := mockapi.Stats{ListProfiles: 1, DeleteProfile: 2, Rejected: 0, Total: 3}
	if got != want2 {
		t.Errorf("Stats = %+v, want %+v", got, want2)
	}
}

func TestDeleteAllThenList(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, threeProfiles())
	for _, id := range []string{"p-aaaaaaaaaaaaaaaa", "p-bbbbbbbbbbbbbbbb", "p-cccccccccccccccc"} {
		if res := signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, id)); res.status != http.StatusOK {
			t.Fatalf("delete %s: %d %s", id, res.status, res.body)
		}
	}
	res := signed(t, ts, http.MethodGet, listPath(testInstance, testApp))
	if string(res.body) != `{"application_profiles":[]}` {
		t.Errorf("list = %s, want an empty array", res.body)
	}
}

func TestAPIErrors(t *testing.T) {
	t.Parallel()
	const (
		profile = "p-aaaaaaaaaaaaaaaa"
		gwMsg   = "The API does not exist or has not been published in the environment"
	)
	tests := []struct {
		name, method, path string
		status             int
		code, msg          string
	}{
		{"list bad app prefix", http.MethodGet, listPath(testInstance, "app-0123"), 400, "IIC.400", "application_instance_id"},
		{"delete bad app prefix", http.MethodDelete, profilePath(testInstance, "ins-0123", profile), 400, "IIC.400", "app-ins-"},
		{"list empty instance", http.MethodGet, "/v1/instances//application-instances/" + testApp + "/profiles", 400, "IIC.400", "instance_id"},
		{"list empty app", http.MethodGet, "/v1/instances/" + testInstance + "/application-instances//profiles", 400, "IIC.400", "application_instance_id"},
		{"delete empty profile", http.MethodDelete, listPath(testInstance, testApp) + "/", 400, "IIC.400", "profile_id"},
		{"list unknown instance", http.MethodGet, listPath("ins-nope", testApp), 404, "IIC.404", `instance "ins-nope" does not exist`},
		{"list unknown app", http.MethodGet, listPath(testInstance, "app-ins-nope"), 404, "IIC.404", `"app-ins-nope" does not exist`},
		{"delete unknown instance", http.MethodDelete, profilePath("ins-nope", testApp, profile), 404, "IIC.404", "ins-nope"},
		{"delete unknown app", http.MethodDelete, profilePath(testInstance, "app-ins-nope", profile), 404, "IIC.404", "app-ins-nope"},
		{"delete unknown profile", http.MethodDelete, profilePath(testInstance, testApp, "p-nope"), 404, "IIC.404", "p-nope"},
		{"unknown path", http.MethodGet, "/v1/instances", 404, "APIGW.0101", gwMsg},
		{"root", http.MethodGet, "/", 404, "APIGW.0101", gwMsg},
		{"other version", http.MethodGet, "/v2/instances/" + testInstance + "/application-instances/" + testApp + "/profiles", 404, "APIGW.0101", gwMsg},
		{"too deep", http.MethodDelete, profilePath(testInstance, testApp, profile) + "/x", 404, "APIGW.0101", gwMsg},
		{"post on list", http.MethodPost, listPath(testInstance, testApp), 404, "APIGW.0101", gwMsg},
		{"delete on list", http.MethodDelete, listPath(testInstance, testApp), 404, "APIGW.0101", gwMsg},
		{"get on profile", http.MethodGet, profilePath(testInstance, testApp, profile), 404, "APIGW.0101", gwMsg},
		{"put on profile", http.MethodPut, profilePath(testInstance, testApp, profile), 404, "APIGW.0101", gwMsg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, ts := newTestServer(t, threeProfiles())
			res := signed(t, ts, tt.method, tt.path)
			wantError(t, res, tt.status, tt.code, tt.msg)
			if got := srv.Profiles(testInstance, testApp); len(got) != 3 {
				t.Errorf("store changed: %v", profileIDs(got))
			}
			if st := srv.Stats(); st.Total != 1 || st.Rejected != 0 {
				t.Errorf("Stats = %+v, want Total 1, Rejected 0", st)
			}
		})
	}
}

func TestHeadIsNotAnAPI(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, threeProfiles())
	res := signed(t, ts, http.MethodHead, listPath(testInstance, testApp))
	if res.status != http.StatusNotFound {
		t.Errorf("HEAD status = %d, want 404", res.status)
	}
}

func TestStoreAccess(t *testing.T) {
	t.Parallel()
	srv, _ := newTestServer(t, threeProfiles())

	if got := srv.Profiles(testInstance, "app-ins-unknown"); got != nil {
		t.Errorf("Profiles of an unknown app instance = %v, want nil", got)
	}
	if got := srv.Profiles("ins-unknown", testApp); got != nil {
		t.Errorf("Profiles of an unknown instance = %v, want nil", got)
	}
	if got := srv.Profiles(testInstance, "app-ins-empty"); got == nil || len(got) != 0 {
		t.Errorf("Profiles of an empty app instance = %#v, want empty and not nil", got)
	}

	// Defaults are filled on New.
	p, ok := srv.Profile(testInstance, testApp, "p-aaaaaaaaaaaaaaaa")
	if !ok || p != (mockapi.Profile{ProfileID: "p-aaaaaaaaaaaaaaaa", Name: "Default", Status: "ENABLED"}) {
		t.Errorf("Profile = %+v, %v", p, ok)
	}
	if _, ok := srv.Profile(testInstance, testApp, "p-nope"); ok {
		t.Error("Profile found p-nope")
	}

	// Replacing keeps the position; a new profile goes last.
	srv.AddProfile(testInstance, testApp, mockapi.Profile{ProfileID: "p-aaaaaaaaaaaaaaaa", Name: "Renamed", Status: "DISABLED"})
	srv.AddProfile(testInstance, testApp, mockapi.Profile{ProfileID: "p-dddddddddddddddd"})
	got := srv.Profiles(testInstance, testApp)
	want := []mockapi.Profile{
		{ProfileID: "p-cccccccccccccccc", Name: "Admins", Status: "DISABLED"},
		{ProfileID: "p-aaaaaaaaaaaaaaaa", Name: "Renamed", Status: "DISABLED"},
		{ProfileID: "p-bbbbbbbbbbbbbbbb", Name: "Devs", Status: "ENABLED"},
		{ProfileID: "p-dddddddddddddddd", Name: "Default", Status: "ENABLED"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Profiles after AddProfile\n got %+v\nwant %+v", got, want)
	}

	// A copy is returned.
	got[0].Name = "mutated"
	if p, _ := srv.Profile(testInstance, testApp, "p-cccccccccccccccc"); p.Name != "Admins" {
		t.Errorf("mutating the result of Profiles changed the store: %+v", p)
	}

	// New instance and application instance on demand.
	srv.AddProfile("ins-new", "app-ins-new", mockapi.Profile{ProfileID: "p-1", Name: "N"})
	if got := srv.Profiles("ins-new", "app-ins-new"); !slices.Equal(got, []mockapi.Profile{{ProfileID: "p-1", Name: "N", Status: "ENABLED"}}) {
		t.Errorf("Profiles of a created app instance = %+v", got)
	}

	if !srv.RemoveProfile(testInstance, testApp, "p-bbbbbbbbbbbbbbbb") {
		t.Error("RemoveProfile of a present profile = false")
	}
	if srv.RemoveProfile(testInstance, testApp, "p-bbbbbbbbbbbbbbbb") {
		t.Error("RemoveProfile of an absent profile = true")
	}
	if srv.RemoveProfile("ins-unknown", testApp, "p-cccccccccccccccc") {
		t.Error("RemoveProfile in an unknown instance = true")
	}
	if ids := profileIDs(srv.Profiles(testInstance, testApp)); !slices.Equal(ids, []string{"p-cccccccccccccccc", "p-aaaaaaaaaaaaaaaa", "p-dddddddddddddddd"}) {
		t.Errorf("after RemoveProfile: %v", ids)
	}

	snap := srv.Snapshot()
	wantSnap := mockapi.Seed{Instances: []mockapi.Instance{
		{InstanceID: testInstance, ApplicationInstances: []mockapi.ApplicationInstance{
			{ApplicationInstanceID: testApp, Profiles: []mockapi.Profile{
				{ProfileID: "p-cccccccccccccccc", Name: "Admins", Status: "DISABLED"},
				{ProfileID: "p-aaaaaaaaaaaaaaaa", Name: "Renamed", Status: "DISABLED"},
				{ProfileID: "p-dddddddddddddddd", Name: "Default", Status: "ENABLED"},
			}},
			{ApplicationInstanceID: "app-ins-empty", Profiles: []mockapi.Profile{}},
		}},
		{InstanceID: "ins-new", ApplicationInstances: []mockapi.ApplicationInstance{
			{ApplicationInstanceID: "app-ins-new", Profiles: []mockapi.Profile{{ProfileID: "p-1", Name: "N", Status: "ENABLED"}}},
		}},
	}}
	if !seedEqual(snap, wantSnap) {
		t.Errorf("Snapshot\n got %+v\nwant %+v", snap, wantSnap)
	}
	snap.Instances[0].ApplicationInstances[0].Profiles[0].Name = "mutated"
	if p, _ := srv.Profile(testInstance, testApp, "p-cccccccccccccccc"); p.Name != "Admins" {
		t.Errorf("mutating the Snapshot changed the store: %+v", p)
	}
}

// TestManyDeletesKeepOrder deletes enough profiles to make the store
// reclaim deleted slots, and checks order and lookups survive it.
func TestManyDeletesKeepOrder(t *testing.T) {
	t.Parallel()
	srv, ts := newTestServer(t, mockapi.Seed{})
	var want []string
	for i := range 100 {
		id := profileID(i)
		srv.AddProfile(testInstance, testApp, mockapi.Profile{ProfileID: id})
		if i%3 != 0 {
			want = append(want, id)
		}
	}
	for i := range 100 {
		if i%3 == 0 {
			if res := signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, profileID(i))); res.status != http.StatusOK {
				t.Fatalf("delete %d: %d %s", i, res.status, res.body)
			}
		}
	}
	// Remove the oldest and add a new one, many times over: slots are
	// reclaimed along the way.
	for i := 100; i < 300; i++ {
		if !srv.RemoveProfile(testInstance, testApp, want[0]) {
			t.Fatalf("RemoveProfile(%s) = false", want[0])
		}
		want = want[1:]
		srv.AddProfile(testInstance, testApp, mockapi.Profile{ProfileID: profileID(i)})
		want = append(want, profileID(i))
		if got := profileIDs(srv.Profiles(testInstance, testApp)); !slices.Equal(got, want) {
			t.Fatalf("after step %d\n got %v\nwant %v", i, got, want)
		}
	}
	for _, id := range want {
		if _, ok := srv.Profile(testInstance, testApp, id); !ok {
			t.Errorf("Profile(%s) not found", id)
		}
	}
}

func seedEqual(a, b mockapi.Seed) bool {
	return slices.EqualFunc(a.Instances, b.Instances, func(x, y mockapi.Instance) bool {
		return x.InstanceID == y.InstanceID && slices.EqualFunc(x.ApplicationInstances, y.ApplicationInstances, func(p, q mockapi.ApplicationInstance) bool {
			return p.ApplicationInstanceID == q.ApplicationInstanceID && (p.Profiles == nil) == (q.Profiles == nil) && slices.Equal(p.Profiles, q.Profiles)
		})
	})
}
