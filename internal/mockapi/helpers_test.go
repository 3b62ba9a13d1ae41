package mockapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// testNow is the server clock in tests, so that date checks are exact.
var testNow = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

const (
	testInstance = "ins-0123456789abcdef"
	testApp      = "app-ins-0123456789abcdef"
)

var (
	goodCreds   = signer.Credentials{AccessKey: "AKGOOD", SecretKey: "sk-good-secret"}
	tokenCreds  = signer.Credentials{AccessKey: "AKTEMP", SecretKey: "sk-temp-secret", SecurityToken: "session-token-value"}
	deniedCreds = signer.Credentials{AccessKey: "AKDENIED", SecretKey: "sk-denied-secret"}

	requestIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

func testCredentials() []mockapi.Credential {
	return []mockapi.Credential{
		{AccessKey: goodCreds.AccessKey, SecretKey: goodCreds.SecretKey},
		{AccessKey: tokenCreds.AccessKey, SecretKey: tokenCreds.SecretKey, SecurityToken: tokenCreds.SecurityToken},
		{AccessKey: deniedCreds.AccessKey, SecretKey: deniedCreds.SecretKey, Denied: true},
	}
}

// threeProfiles is the default seed: out of ID order, with one profile
// relying on defaults.
func threeProfiles() mockapi.Seed {
	return mockapi.Seed{Instances: []mockapi.Instance{{
		InstanceID: testInstance,
		ApplicationInstances: []mockapi.ApplicationInstance{
			{ApplicationInstanceID: testApp, Profiles: []mockapi.Profile{
				{ProfileID: "p-cccccccccccccccc", Name: "Admins", Status: "DISABLED"},
				{ProfileID: "p-aaaaaaaaaaaaaaaa"},
				{ProfileID: "p-bbbbbbbbbbbbbbbb", Name: "Devs", Status: "ENABLED"},
			}},
			{ApplicationInstanceID: "app-ins-empty"},
		},
	}}}
}

func newTestServer(t testing.TB, seed mockapi.Seed) (*mockapi.Server, *httptest.Server) {
	t.Helper()
	srv, err := mockapi.New(mockapi.Options{
		Credentials: testCredentials(),
		Seed:        seed,
		Now:         func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// send makes a request to ts; creds nil means unsigned. A signed request
// names the mock's account, as the official SDK's global credentials do.
func send(t testing.TB, ts *httptest.Server, method, path string, body []byte, creds *signer.Credentials, at time.Time) response {
	t.Helper()
	req := newRequest(t, ts, method, path, body)
	if creds != nil {
		if err := signGlobal(req, body, *creds, at); err != nil {
			t.Fatalf("Sign: %v", err)
		}
	}
	return do(t, ts, req)
}

// signGlobal signs req as the official SDK's global credentials do, naming
// the mock's account in X-Domain-Id.
func signGlobal(req *http.Request, body []byte, creds signer.Credentials, at time.Time) error {
	req.Header.Set(signer.HeaderDomainID, mockapi.DefaultDomainID)
	return signer.Sign(req, body, creds, at)
}

func newRequest(t testing.TB, ts *httptest.Server, method, path string, body []byte) *http.Request {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, ts.URL+path, r)
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func do(t testing.TB, ts *httptest.Server, req *http.Request) response {
	t.Helper()
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	return response{status: res.StatusCode, header: res.Header, body: body}
}

func signed(t testing.TB, ts *httptest.Server, method, path string) response {
	t.Helper()
	return send(t, ts, method, path, nil, &goodCreds, testNow)
}

func listPath(instanceID, appID string) string {
	return "/v1/instances/" + instanceID + "/application-instances/" + appID + "/profiles"
}

func profilePath(instanceID, appID, profileID string) string {
	return listPath(instanceID, appID) + "/" + profileID
}

// wireError is the error body of the API, decoded strictly so that a
// misspelt or extra field fails the test.
type wireError struct {
	ErrorCode                   string `json:"error_code"`
	ErrorMsg                    string `json:"error_msg"`
	RequestID                   string `json:"request_id"`
	EncodedAuthorizationMessage string `json:"encoded_authorization_message"`
}

// wantError checks an error response and returns its body.
func wantError(t testing.TB, res response, status int, code, msgContains string) wireError {
	t.Helper()
	if res.status != status {
		t.Fatalf("status = %d, want %d; body %s", res.status, status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != mockapi.ContentTypeJSON {
		t.Errorf("Content-Type = %q, want %q", ct, mockapi.ContentTypeJSON)
	}
	dec := json.NewDecoder(bytes.NewReader(res.body))
	dec.DisallowUnknownFields()
	var e wireError
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %s: %v", res.body, err)
	}
	if e.ErrorCode != code {
		t.Errorf("error_code = %q, want %q (error_msg %q)", e.ErrorCode, code, e.ErrorMsg)
	}
	if !strings.Contains(e.ErrorMsg, msgContains) {
		t.Errorf("error_msg = %q, want it to contain %q", e.ErrorMsg, msgContains)
	}
	id := res.header.Get("X-Request-Id")
	if !requestIDPattern.MatchString(id) {
		t.Errorf("X-Request-Id = %q, want 32 lower-case hex digits", id)
	}
	if e.RequestID != id {
		t.Errorf("request_id = %q, X-Request-Id = %q; want them equal", e.RequestID, id)
	}
	if status != http.StatusForbidden && e.EncodedAuthorizationMessage != "" {
		t.Errorf("encoded_authorization_message = %q on a %d", e.EncodedAuthorizationMessage, status)
	}
	if status == http.StatusForbidden && !bytes.Contains(res.body, []byte(`"encoded_authorization_message":`)) {
		t.Errorf("403 body %s lacks encoded_authorization_message", res.body)
	}
	return e
}

func profileID(i int) string {
	return fmt.Sprintf("p-%016x", i)
}

func profileIDs(ps []mockapi.Profile) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ProfileID
	}
	return ids
}
