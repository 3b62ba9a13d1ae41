package identitycenter

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

const domainsPath = "/v3/auth/domains"

// withIAM makes the client look its account up from the test server.
func withIAM(endpoint string) func(*Config) {
	return func(c *Config) { c.DomainID, c.IAMEndpoint = "", endpoint }
}

// Concurrent first calls share one lookup, signed without X-Domain-Id, and
// every Identity Center call then carries the account it found, signed.
func TestDomainLookupIsSharedAndSigned(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == domainsPath {
			writeJSON(w, http.StatusOK, `{"domains":[{"id":"`+testDomainID+`","name":"acme"}]}`)
			return
		}
		writeJSON(w, http.StatusOK, okList)
	})
	client := newTestClient(t, srv.URL, withIAM(srv.URL), func(c *Config) { c.DisableCoalescing = true })

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := client.ListProfiles(t.Context(), testInstance, testApp); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// A second client with the same keys and IAM, as after a new Configure
	// in the same process, finds the account known.
	if _, err := newTestClient(t, srv.URL, withIAM(srv.URL)).ListProfiles(t.Context(), testInstance, testApp); err != nil {
		t.Fatal(err)
	}

	var lookups, calls int
	for _, r := range srv.requests() {
		names := signedHeaderNames(t, r.Header.Get("Authorization"))
		if r.Path == domainsPath {
			lookups++
			if r.Header.Get("X-Domain-Id") != "" || slices.Contains(names, "x-domain-id") {
				t.Errorf("the lookup sent X-Domain-Id %q", r.Header.Get("X-Domain-Id"))
			}
			continue
		}
		calls++
		if r.Header.Get("X-Domain-Id") != testDomainID || !slices.Contains(names, "x-domain-id") {
			t.Errorf("%s %s: X-Domain-Id %q, signed headers %v; want %q, signed", r.Method, r.Path,
				r.Header.Get("X-Domain-Id"), names, testDomainID)
		}
	}
	if lookups != 1 || calls != 9 {
		t.Errorf("the server saw %d lookups and %d list calls, want 1 and 9", lookups, calls)
	}
}

// A failed lookup is reported with IAM's code and request ID, and is not
// kept: the next call asks IAM again.
func TestDomainLookupFailureIsNotCached(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request, attempt int) {
		switch {
		case r.URL.Path == domainsPath && attempt == 1:
			w.Header().Set("X-IAM-Trace-Id", "trace-0001")
			writeJSON(w, http.StatusForbidden, `{"error":{"code":"IAM.0002","message":"You are not authorized","title":"Forbidden"}}`)
		case r.URL.Path == domainsPath:
			writeJSON(w, http.StatusOK, `{"domains":[{"id":"`+testDomainID+`","name":"acme"}]}`)
		default:
			writeJSON(w, http.StatusOK, okList)
		}
	})
	client := newTestClient(t, srv.URL, withIAM(srv.URL))

	_, err := client.ListProfiles(t.Context(), testInstance, testApp)
	var lookupErr *DomainLookupError
	var apiErr *APIError
	if !errors.As(err, &lookupErr) || !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want a *DomainLookupError wrapping an *APIError", err)
	}
	if apiErr.StatusCode != http.StatusForbidden || apiErr.ErrorCode != "IAM.0002" || apiErr.RequestID != "trace-0001" ||
		apiErr.Path != domainsPath || lookupErr.IAMEndpoint != srv.URL {
		t.Errorf("lookup error = %+v, %+v", lookupErr, apiErr)
	}
	if _, err := client.ListProfiles(t.Context(), testInstance, testApp); err != nil {
		t.Fatalf("after a failed lookup: %v", err)
	}
	if n := srv.count(); n != 3 {
		t.Errorf("the server saw %d requests, want the failed lookup, a second lookup and one list", n)
	}
}

func TestDomainLookupEmptyList(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("X-IAM-Trace-Id", "trace-0002")
		writeJSON(w, http.StatusOK, `{"domains":[]}`)
	})
	client := newTestClient(t, srv.URL, withIAM(srv.URL))
	err := client.DeleteProfile(t.Context(), testInstance, testApp, "p-1")
	var noDomain *NoDomainError
	if !errors.As(err, &noDomain) || noDomain.RequestID != "trace-0002" {
		t.Fatalf("err = %v, want a *NoDomainError with the request ID", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("the server saw %d requests, want only the lookup", n)
	}
}

// When IAM lists no account, STS says which account signed the request,
// as the SDK asks it: signed without X-Domain-Id. Its failure is reported
// with IAM's empty answer.
func TestDomainLookupFallsBackOnSTS(t *testing.T) {
	const callerIdentityPath = "/v5/caller-identity"
	for name, tc := range map[string]struct {
		sts     func(w http.ResponseWriter)
		wantErr string
	}{
		"account": {sts: func(w http.ResponseWriter) { writeJSON(w, http.StatusOK, `{"account_id":"`+testDomainID+`"}`) }},
		"refused": {sts: func(w http.ResponseWriter) {
			writeJSON(w, http.StatusForbidden, `{"error_code":"STS.0001","error_msg":"denied"}`)
		}, wantErr: "IAM lists no account (domain) for these credentials (request_id trace-0003), and asking STS at "},
		"no account in the answer": {sts: func(w http.ResponseWriter) { writeJSON(w, http.StatusOK, `{}`) },
			wantErr: "the answer names no account_id"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				switch r.URL.Path {
				case domainsPath:
					w.Header().Set("X-IAM-Trace-Id", "trace-0003")
					writeJSON(w, http.StatusOK, `{"domains":[]}`)
				case callerIdentityPath:
					tc.sts(w)
				default:
					writeJSON(w, http.StatusOK, okList)
				}
			})
			client := newTestClient(t, srv.URL, withIAM(srv.URL), func(c *Config) { c.STSEndpoint = srv.URL })
			_, err := client.ListProfiles(t.Context(), testInstance, testApp)
			if tc.wantErr != "" {
				var noDomain *NoDomainError
				if !errors.As(err, &noDomain) || noDomain.STSErr == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want a *NoDomainError with STS's failure, saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range srv.requests() {
				if r.Path == callerIdentityPath && (r.Header.Get("X-Domain-Id") != "" || r.Header.Get("Authorization") == "") {
					t.Errorf("STS was asked with X-Domain-Id %q, Authorization %q", r.Header.Get("X-Domain-Id"), r.Header.Get("Authorization"))
				}
				if r.Path != domainsPath && r.Path != callerIdentityPath && r.Header.Get("X-Domain-Id") != testDomainID {
					t.Errorf("%s sent X-Domain-Id %q, want STS's account", r.Path, r.Header.Get("X-Domain-Id"))
				}
			}
		})
	}
}

func TestNewNeedsIAMWithoutDomainID(t *testing.T) {
	cfg := testConfig("https://identitycenter.example.com")
	cfg.DomainID = ""
	if _, err := New(cfg); err == nil {
		t.Error("New accepted a configuration with neither a domain ID nor an IAM endpoint")
	}
}
