package identitycenter

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

const listPath = "/v1/instances/" + testInstance + "/application-instances/" + testApp + "/profiles"

func TestListProfilesRequestIsSignedAndShaped(t *testing.T) {
	srv := newAPIServer(t, fixed(http.StatusOK,
		`{"application_profiles":[{"name":"Default","status":"ENABLED","profile_id":"p-dc6434b56c4e5221"}]}`))
	c := newTestClient(t, srv.URL)

	before := time.Now().UTC().Truncate(time.Second)
	got, err := c.ListProfiles(t.Context(), testInstance, testApp)
	if err != nil {
		t.Fatalf("ListProfiles: %v", err)
	}
	want := []Profile{{ProfileID: "p-dc6434b56c4e5221", Name: "Default", Status: "ENABLED"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("profiles = %#v, want %#v", got, want)
	}

	r := srv.only(t)
	if r.Method != http.MethodGet {
		t.Errorf("method = %s, want GET", r.Method)
	}
	if r.Path != listPath {
		t.Errorf("path = %q, want %q", r.Path, listPath)
	}
	if r.Signed.AccessKey != testAccessKey {
		t.Errorf("signed by %q, want %q", r.Signed.AccessKey, testAccessKey)
	}
	if ua := r.Header.Get("User-Agent"); ua != testUserAgent {
		t.Errorf("User-Agent = %q, want %q", ua, testUserAgent)
	}
	if _, ok := r.Header[http.CanonicalHeaderKey(signer.HeaderSecurityToken)]; ok {
		t.Errorf("X-Security-Token sent without a session token: %q", r.Header.Get(signer.HeaderSecurityToken))
	}
	date, err := time.Parse(signer.DateFormat, r.Header.Get(signer.HeaderDate))
	if err != nil {
		t.Fatalf("X-Sdk-Date %q: %v", r.Header.Get(signer.HeaderDate), err)
	}
	if date.Before(before) || date.After(time.Now().Add(time.Second)) {
		t.Errorf("X-Sdk-Date %s is not the time of the call (%s)", date, before)
	}
	names := signedHeaderNames(t, r.Header.Get("Authorization"))
	for _, h := range []string{"x-sdk-date", "user-agent"} {
		if !slices.Contains(names, h) {
			t.Errorf("%s is not signed; SignedHeaders = %v", h, names)
		}
	}
}

func TestListProfilesSendsSecurityToken(t *testing.T) {
	const token = "session-token-of-temporary-credentials"
	srv := newAPIServer(t, fixed(http.StatusOK, `{"application_profiles":[]}`))
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Credentials.SecurityToken = token })

	if _, err := c.ListProfiles(t.Context(), testInstance, testApp); err != nil {
		t.Fatalf("ListProfiles: %v", err)
	}
	r := srv.only(t)
	if got := r.Header.Values(signer.HeaderSecurityToken); len(got) != 1 || got[0] != token {
		t.Errorf("X-Security-Token = %q, want [%q]", got, token)
	}
	// The gateway rejects a token that is sent but not covered by the signature.
	if names := signedHeaderNames(t, r.Header.Get("Authorization")); !slices.Contains(names, "x-security-token") {
		t.Errorf("x-security-token is not signed; SignedHeaders = %v", names)
	}
}

func TestListProfilesWithoutUserAgentStillVerifies(t *testing.T) {
	srv := newAPIServer(t, fixed(http.StatusOK, `{"application_profiles":[]}`))
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.UserAgent = "" })
	if _, err := c.ListProfiles(t.Context(), testInstance, testApp); err != nil {
		t.Fatalf("ListProfiles: %v", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestListProfilesDecoding(t *testing.T) {
	three := []Profile{
		{ProfileID: "p-0000000000000003", Name: "Default", Status: "ENABLED"},
		{ProfileID: "p-0000000000000001", Name: "ops", Status: "DISABLED"},
		{ProfileID: "p-0000000000000002"},
	}
	const threeJSON = `[
		{"name":"Default","status":"ENABLED","profile_id":"p-0000000000000003"},
		{"profile_id":"p-0000000000000001","name":"ops","status":"DISABLED","extra":{"x":1}},
		{"profile_id":"p-0000000000000002"}]`

	tests := []struct {
		name string
		body string
		want []Profile
	}{
		{"current key keeps order", `{"application_profiles":` + threeJSON + `}`, three},
		{"legacy key", `{"applicationProfiles":` + threeJSON + `}`, three},
		{"current key wins over legacy", `{"applicationProfiles":[{"profile_id":"p-old"}],"application_profiles":[{"profile_id":"p-new"}]}`,
			[]Profile{{ProfileID: "p-new"}}},
		{"empty list", `{"application_profiles":[]}`, []Profile{}},
		{"null list", `{"application_profiles":null}`, []Profile{}},
		{"legacy empty list", `{"applicationProfiles":[]}`, []Profile{}},
		{"legacy null list", `{"applicationProfiles":null}`, []Profile{}},
		{"null does not hide the legacy list", `{"application_profiles":null,"applicationProfiles":[{"profile_id":"p-1","name":"Default","status":"ENABLED"}]}`,
			[]Profile{{ProfileID: "p-1", Name: "Default", Status: "ENABLED"}}},
		{"unknown fields around the list", `{"request_id":"r","application_profiles":[],"page_info":{}}`, []Profile{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, fixed(http.StatusOK, tt.body))
			got, err := newTestClient(t, srv.URL).ListProfiles(t.Context(), testInstance, testApp)
			if err != nil {
				t.Fatalf("ListProfiles: %v", err)
			}
			if got == nil {
				t.Fatal("ListProfiles returned a nil slice")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestListProfilesBadBodies(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr string
	}{
		{"no list key", `{}`, "no application_profiles"},
		{"other key only", `{"profiles":[{"profile_id":"p-1"}]}`, "no application_profiles"},
		{"top-level null", `null`, "no application_profiles"},
		{"empty body", ``, "not the expected JSON"},
		{"profile without id", `{"application_profiles":[{"profile_id":"p-1"},{"name":"Default","status":"ENABLED"}]}`, "application_profiles[1] has no profile_id"},
		{"profile with empty id", `{"application_profiles":[{"profile_id":""}]}`, "application_profiles[0] has no profile_id"},
		{"null profile", `{"application_profiles":[null]}`, "application_profiles[0] has no profile_id"},
		{"truncated", `{"application_profiles":[{"profile_id":"p-1","na`, "not the expected JSON"},
		{"list is an object", `{"application_profiles":{"profile_id":"p-1"}}`, "not a list of profiles"},
		{"id is a number", `{"application_profiles":[{"profile_id":42}]}`, "not a list of profiles"},
		{"html page", `<html><body>maintenance</body></html>`, "not the expected JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, fixed(http.StatusOK, tt.body))
			got, err := newTestClient(t, srv.URL).ListProfiles(t.Context(), testInstance, testApp)
			if err == nil {
				t.Fatalf("ListProfiles = %#v, want an error", got)
			}
			if got != nil {
				t.Errorf("profiles = %#v alongside the error, want nil", got)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
			// The caller needs to know which call failed.
			if !strings.Contains(err.Error(), "GET "+listPath) {
				t.Errorf("error %q does not name the call", err)
			}
			if IsNotFound(err) {
				t.Errorf("IsNotFound(%v) = true for a 200 answer", err)
			}
		})
	}
}

func TestDecodeProfilesDirect(t *testing.T) {
	got, err := DecodeProfiles([]byte(profilesBody(3)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ProfileID != "p-0000000000000000" || got[2].ProfileID != "p-0000000000000002" {
		t.Errorf("got %#v", got)
	}
	if _, err := DecodeProfiles([]byte(`[]`)); err == nil {
		t.Error("a bare array was accepted; the object with the list key is required")
	}
}

func TestEndpointBasePathIsKept(t *testing.T) {
	srv := newAPIServer(t, fixed(http.StatusOK, `{"application_profiles":[]}`))
	for _, endpoint := range []string{srv.URL + "/prefix", srv.URL + "/prefix/", srv.URL + "/a/b/"} {
		c := newTestClient(t, endpoint)
		if _, err := c.ListProfiles(t.Context(), testInstance, testApp); err != nil {
			t.Fatalf("%s: ListProfiles: %v", endpoint, err)
		}
	}
	reqs := srv.requests()
	want := []string{"/prefix" + listPath, "/prefix" + listPath, "/a/b" + listPath}
	if len(reqs) != len(want) {
		t.Fatalf("server saw %d requests, want %d", len(reqs), len(want))
	}
	for i, r := range reqs {
		if r.Path != want[i] {
			t.Errorf("request %d path = %q, want %q", i, r.Path, want[i])
		}
	}
}

func TestIDsAreEscapedOnTheWire(t *testing.T) {
	tests := []struct {
		name              string
		instance, app, pr string
		wantPath          string // as the server decodes it
		wantWire          string // as it was sent
	}{
		{
			name: "quote and percent", instance: `ins"1`, app: "app-ins-50%off", pr: "p-1",
			wantPath: `/v1/instances/ins"1/application-instances/app-ins-50%off/profiles/p-1`,
			wantWire: "/v1/instances/ins%221/application-instances/app-ins-50%25off/profiles/p-1",
		},
		{
			name: "semicolon plus and non-ascii", instance: "ins;x", app: "app-ins-a+b", pr: "p-é",
			wantPath: "/v1/instances/ins;x/application-instances/app-ins-a+b/profiles/p-é",
			wantWire: "/v1/instances/ins%3Bx/application-instances/app-ins-a+b/profiles/p-%C3%A9",
		},
		{
			name: "percent that looks like an escape", instance: "ins", app: "app-ins-%2F", pr: "%41",
			wantPath: "/v1/instances/ins/application-instances/app-ins-%2F/profiles/%41",
			wantWire: "/v1/instances/ins/application-instances/app-ins-%252F/profiles/%2541",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, fixed(http.StatusOK, ``))
			c := newTestClient(t, srv.URL+"/base")
			if err := c.DeleteProfile(t.Context(), tt.instance, tt.app, tt.pr); err != nil {
				t.Fatalf("DeleteProfile: %v", err)
			}
			r := srv.only(t)
			if r.Path != "/base"+tt.wantPath {
				t.Errorf("decoded path = %q, want %q", r.Path, "/base"+tt.wantPath)
			}
			if r.RequestURI != "/base"+tt.wantWire {
				t.Errorf("request URI = %q, want %q", r.RequestURI, "/base"+tt.wantWire)
			}
		})
	}
}

func TestBadIDsAreRefusedBeforeSending(t *testing.T) {
	srv := newAPIServer(t, fixed(http.StatusOK, `{"application_profiles":[]}`))
	c := newTestClient(t, srv.URL)
	bad := []string{"", "a/b", "/", "a?b", "?", "a#b", "#", ".", ".."}
	for _, id := range bad {
		if _, err := c.ListProfiles(t.Context(), id, testApp); err == nil {
			t.Errorf("ListProfiles(instance %q) succeeded", id)
		}
		if _, err := c.ListProfiles(t.Context(), testInstance, id); err == nil {
			t.Errorf("ListProfiles(application instance %q) succeeded", id)
		}
		if err := c.DeleteProfile(t.Context(), id, testApp, "p-1"); err == nil {
			t.Errorf("DeleteProfile(instance %q) succeeded", id)
		}
		if err := c.DeleteProfile(t.Context(), testInstance, id, "p-1"); err == nil {
			t.Errorf("DeleteProfile(application instance %q) succeeded", id)
		}
		err := c.DeleteProfile(t.Context(), testInstance, testApp, id)
		if err == nil {
			t.Errorf("DeleteProfile(profile %q) succeeded", id)
		} else if IsNotFound(err) {
			t.Errorf("DeleteProfile(profile %q): a refused ID must not read as not found", id)
		}
	}
	if n := srv.count(); n != 0 {
		t.Errorf("server saw %d requests for refused IDs, want 0", n)
	}
	// IDs that merely contain dots are fine.
	if _, err := c.ListProfiles(t.Context(), "...", "a.b"); err != nil {
		t.Errorf("ListProfiles with dotted IDs: %v", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestDeleteProfile(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.WriteHeader(http.StatusOK)
	})
	c := newTestClient(t, srv.URL)
	if err := c.DeleteProfile(t.Context(), testInstance, testApp, "p-dc6434b56c4e5221"); err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	r := srv.only(t)
	if r.Method != http.MethodDelete {
		t.Errorf("method = %s, want DELETE", r.Method)
	}
	if want := listPath + "/p-dc6434b56c4e5221"; r.Path != want {
		t.Errorf("path = %q, want %q", r.Path, want)
	}
	if ua := r.Header.Get("User-Agent"); ua != testUserAgent {
		t.Errorf("User-Agent = %q, want %q", ua, testUserAgent)
	}
}

func TestDeleteProfileNotFound(t *testing.T) {
	srv := newAPIServer(t, fixed(http.StatusNotFound,
		`{"error_code":"IIC.404","error_msg":"profile not found","request_id":"r-404"}`))
	err := newTestClient(t, srv.URL).DeleteProfile(t.Context(), testInstance, testApp, "p-gone")
	if !IsNotFound(err) {
		t.Fatalf("IsNotFound(%v) = false, want true", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}
