package mockapi_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

const authPrefix = "Incorrect IAM authentication information: "

func TestAuthenticationFailures(t *testing.T) {
	t.Parallel()
	list := listPath(testInstance, testApp)
	wrongSecret := goodCreds
	wrongSecret.SecretKey = "not-the-secret"
	unknownAK := signer.Credentials{AccessKey: "AKUNKNOWN", SecretKey: "sk-unknown-secret"}
	wrongToken := tokenCreds
	wrongToken.SecurityToken = "another-token"
	noToken := tokenCreds
	noToken.SecurityToken = ""

	tests := []struct {
		name   string
		req    func(t *testing.T, ts *testServer) response
		reason string
	}{
		{"unsigned", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodGet, list, nil, nil, testNow)
		}, "Authorization header is missing"},
		{"wrong secret", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodGet, list, nil, &wrongSecret, testNow)
		}, "verify aksk signature fail"},
		{"unknown access key", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodGet, list, nil, &unknownAK, testNow)
		}, `access key "AKUNKNOWN" not found`},
		{"other algorithm", func(t *testing.T, ts *testServer) response {
			req := newRequest(t, ts.Server, http.MethodGet, list, nil)
			req.Header.Set("X-Sdk-Date", testNow.Format(signer.DateFormat))
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=x")
			return do(t, ts.Server, req)
		}, "the Authorization header is malformed"},
		{"garbled header", func(t *testing.T, ts *testServer) response {
			req := newRequest(t, ts.Server, http.MethodGet, list, nil)
			req.Header.Set("Authorization", "SDK-HMAC-SHA256 garbage")
			return do(t, ts.Server, req)
		}, "the Authorization header is malformed"},
		{"path changed after signing", func(t *testing.T, ts *testServer) response {
			req := newRequest(t, ts.Server, http.MethodGet, list, nil)
			if err := signGlobal(req, nil, goodCreds, testNow); err != nil {
				t.Fatal(err)
			}
			req.URL.Path = listPath(testInstance, "app-ins-empty")
			return do(t, ts.Server, req)
		}, "verify aksk signature fail"},
		{"body changed after signing", func(t *testing.T, ts *testServer) response {
			req := newRequest(t, ts.Server, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"), []byte(`{"a":2}`))
			if err := signGlobal(req, []byte(`{"a":1}`), goodCreds, testNow); err != nil {
				t.Fatal(err)
			}
			return do(t, ts.Server, req)
		}, "verify aksk signature fail"},
		{"date 16 minutes behind", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodGet, list, nil, &goodCreds, testNow.Add(-16*time.Minute))
		}, "the request time (X-Sdk-Date) is more than 15 minutes off"},
		{"date 16 minutes ahead", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodGet, list, nil, &goodCreds, testNow.Add(16*time.Minute))
		}, "the request time (X-Sdk-Date) is more than 15 minutes off"},
		{"security token missing", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodGet, list, nil, &noToken, testNow)
		}, "security token is missing or invalid"},
		{"security token wrong", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodGet, list, nil, &wrongToken, testNow)
		}, "security token is missing or invalid"},
		// A global service's gateway wants the account, signed.
		{"account header missing", func(t *testing.T, ts *testServer) response {
			req := newRequest(t, ts.Server, http.MethodGet, list, nil)
			if err := signer.Sign(req, nil, goodCreds, testNow); err != nil {
				t.Fatal(err)
			}
			return do(t, ts.Server, req)
		}, "the X-Domain-Id header is missing"},
		{"account header not signed", func(t *testing.T, ts *testServer) response {
			req := newRequest(t, ts.Server, http.MethodGet, list, nil)
			if err := signer.Sign(req, nil, goodCreds, testNow); err != nil {
				t.Fatal(err)
			}
			req.Header.Set(signer.HeaderDomainID, mockapi.DefaultDomainID)
			return do(t, ts.Server, req)
		}, "X-Domain-Id is not among the signed headers"},
		{"account header of another account", func(t *testing.T, ts *testServer) response {
			req := newRequest(t, ts.Server, http.MethodGet, list, nil)
			req.Header.Set(signer.HeaderDomainID, "ffffffffffffffffffffffffffffffff")
			if err := signer.Sign(req, nil, goodCreds, testNow); err != nil {
				t.Fatal(err)
			}
			return do(t, ts.Server, req)
		}, `X-Domain-Id "ffffffffffffffffffffffffffffffff" is not the account of access key "AKGOOD"`},
		{"account header changed after signing", func(t *testing.T, ts *testServer) response {
			req := newRequest(t, ts.Server, http.MethodGet, list, nil)
			if err := signGlobal(req, nil, goodCreds, testNow); err != nil {
				t.Fatal(err)
			}
			req.Header.Set(signer.HeaderDomainID, "ffffffffffffffffffffffffffffffff")
			return do(t, ts.Server, req)
		}, "verify aksk signature fail"},
		// Authentication comes before the validation of a known route.
		{"unsigned bad prefix", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodGet, listPath(testInstance, "bad"), nil, nil, testNow)
		}, "Authorization header is missing"},
		{"unsigned delete", func(t *testing.T, ts *testServer) response {
			return send(t, ts.Server, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"), nil, nil, testNow)
		}, "Authorization header is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newAuthServer(t)
			res := tt.req(t, ts)
			e := wantError(t, res, http.StatusUnauthorized, "APIGW.0301", authPrefix+tt.reason)
			if !strings.HasPrefix(e.ErrorMsg, authPrefix) {
				t.Errorf("error_msg = %q, want prefix %q", e.ErrorMsg, authPrefix)
			}
			for _, secret := range []string{goodCreds.SecretKey, tokenCreds.SecretKey, tokenCreds.SecurityToken, "not-the-secret", "sk-unknown-secret", "another-token"} {
				if strings.Contains(string(res.body), secret) {
					t.Errorf("body %s reveals %q", res.body, secret)
				}
			}
			if got := len(ts.srv.Profiles(testInstance, testApp)); got != 3 {
				t.Errorf("store has %d profiles, want 3", got)
			}
			if st := ts.srv.Stats(); st != (mockapi.Stats{Rejected: 1, Total: 1}) {
				t.Errorf("Stats = %+v, want Rejected 1, Total 1", st)
			}
		})
	}
}

func TestAuthenticationSuccesses(t *testing.T) {
	t.Parallel()
	list := listPath(testInstance, testApp)
	tests := []struct {
		name  string
		creds signer.Credentials
		at    time.Time
	}{
		{"now", goodCreds, testNow},
		{"14 minutes behind", goodCreds, testNow.Add(-14 * time.Minute)},
		{"14 minutes ahead", goodCreds, testNow.Add(14 * time.Minute)},
		{"exactly 15 minutes behind", goodCreds, testNow.Add(-15 * time.Minute)},
		{"security token", tokenCreds, testNow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newAuthServer(t)
			res := send(t, ts.Server, http.MethodGet, list, nil, &tt.creds, tt.at)
			if res.status != http.StatusOK {
				t.Fatalf("status = %d, body %s", res.status, res.body)
			}
			if st := ts.srv.Stats(); st != (mockapi.Stats{ListProfiles: 1, Total: 1}) {
				t.Errorf("Stats = %+v", st)
			}
		})
	}
}

// TestExtraSignedHeaders checks that any header the client chose to sign is
// verified, including Host and Content-Type handling.
func TestExtraSignedHeaders(t *testing.T) {
	t.Parallel()
	ts := newAuthServer(t)
	req := newRequest(t, ts.Server, http.MethodGet, listPath(testInstance, testApp), nil)
	req.Header.Set("Host", req.URL.Host)
	req.Header.Set("X-Project-Id", "unused")
	if err := signGlobal(req, nil, goodCreds, testNow); err != nil {
		t.Fatal(err)
	}
	if res := do(t, ts.Server, req); res.status != http.StatusOK {
		t.Fatalf("status = %d, body %s", res.status, res.body)
	}
}

func TestDeniedCredential(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, path, action string
	}{
		{"list", http.MethodGet, listPath(testInstance, testApp), mockapi.ActionListProfiles},
		{"delete", http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"), mockapi.ActionDeleteProfile},
		{"delete unknown profile", http.MethodDelete, profilePath(testInstance, testApp, "p-nope"), mockapi.ActionDeleteProfile},
		{"list bad prefix", http.MethodGet, listPath(testInstance, "bad"), mockapi.ActionListProfiles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newAuthServer(t)
			res := send(t, ts.Server, tt.method, tt.path, nil, &deniedCreds, testNow)
			e := wantError(t, res, http.StatusForbidden, "IIC.1000", "permission")
			raw, err := base64.StdEncoding.DecodeString(e.EncodedAuthorizationMessage)
			if err != nil {
				t.Fatalf("encoded_authorization_message %q: %v", e.EncodedAuthorizationMessage, err)
			}
			var msg struct {
				Allowed bool   `json:"allowed"`
				Action  string `json:"action"`
			}
			if err := json.Unmarshal(raw, &msg); err != nil {
				t.Fatalf("decoded message %s: %v", raw, err)
			}
			if msg.Allowed || msg.Action != tt.action {
				t.Errorf("decoded message %s, want action %q, not allowed", raw, tt.action)
			}
			if tt.action != "" && !strings.Contains(e.ErrorMsg, tt.action) {
				t.Errorf("error_msg %q does not name %s", e.ErrorMsg, tt.action)
			}
			if got := len(ts.srv.Profiles(testInstance, testApp)); got != 3 {
				t.Errorf("store has %d profiles after a denied call, want 3", got)
			}
			if st := ts.srv.Stats(); st != (mockapi.Stats{Rejected: 1, Total: 1}) {
				t.Errorf("Stats = %+v, want Rejected 1, Total 1", st)
			}
		})
	}
}

func TestOversizedBody(t *testing.T) {
	t.Parallel()
	ts := newAuthServer(t)
	body := make([]byte, mockapi.MaxBodyBytes+1)
	res := send(t, ts.Server, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"), body, &goodCreds, testNow)
	wantError(t, res, http.StatusRequestEntityTooLarge, "APIGW.0201", "too large")
	if got := len(ts.srv.Profiles(testInstance, testApp)); got != 3 {
		t.Errorf("store has %d profiles, want 3", got)
	}
}

type testServer struct {
	Server *httptest.Server
	srv    *mockapi.Server
}

func newAuthServer(t *testing.T) *testServer {
	t.Helper()
	srv, ts := newTestServer(t, threeProfiles())
	return &testServer{Server: ts, srv: srv}
}

// The gateway answers a route it does not know before it looks at the
// signature: the same 404 unsigned, denied or allowed, and the service's
// own codes never.
func TestUnknownRouteIsTheGatewaysBeforeAuthentication(t *testing.T) {
	t.Parallel()
	for name, creds := range map[string]*signer.Credentials{"unsigned": nil, "denied": &deniedCreds, "allowed": &goodCreds} {
		for _, rt := range []struct{ method, path string }{
			{http.MethodGet, "/nowhere"}, {http.MethodPut, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa")},
		} {
			ts := newAuthServer(t)
			res := send(t, ts.Server, rt.method, rt.path, nil, creds, testNow)
			wantError(t, res, http.StatusNotFound, "APIGW.0101", "does not exist")
			if st := ts.srv.Stats(); st.Rejected != 0 {
				t.Errorf("%s %s %s: %d rejected", name, rt.method, rt.path, st.Rejected)
			}
		}
	}
}
