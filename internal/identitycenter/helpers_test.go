package identitycenter

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

const (
	testAccessKey = "HPUATESTACCESSKEY001"
	testSecretKey = "test-secret-key-not-real"
	testUserAgent = "terraform-provider-identitycenter/test Terraform/1.9.0"
	testInstance  = "ins-1234567890abcdef"
	testApp       = "app-ins-0123456789abcdef"
	testDomainID  = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
)

// seen is what the test server learnt about one request.
type seen struct {
	Method     string
	Path       string
	RawPath    string
	RequestURI string
	Header     http.Header
	Signed     signer.Signed
	Body       string
}

// apiServer records every request, checks its signature as the gateway would
// and hands the request to respond with its 1-based attempt number.
type apiServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

type respondFunc func(w http.ResponseWriter, r *http.Request, attempt int)

func newAPIServer(t *testing.T, respond respondFunc) *apiServer {
	t.Helper()
	s := &apiServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading the request body: %v", err)
		}
		signed, verr := signer.Verify(r, body, func(ak string) (string, bool) {
			return testSecretKey, ak == testAccessKey
		})
		s.mu.Lock()
		s.reqs = append(s.reqs, seen{
			Method:     r.Method,
			Path:       r.URL.Path,
			RawPath:    r.URL.RawPath,
			RequestURI: r.RequestURI,
			Header:     r.Header.Clone(),
			Signed:     signed,
			Body:       string(body),
		})
		attempt := len(s.reqs)
		s.mu.Unlock()
		if verr != nil {
			// A gateway refuses a request it cannot verify; so does this one,
			// and the test fails even when the client would swallow a 401.
			t.Errorf("attempt %d %s %s: signature does not verify: %v", attempt, r.Method, r.RequestURI, verr)
			writeJSON(w, http.StatusUnauthorized, `{"error_code":"APIGW.0301","error_msg":"verify aksk signature fail"}`)
			return
		}
		respond(w, r, attempt)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *apiServer) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

func (s *apiServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// only returns the single request the server saw, failing the test otherwise.
func (s *apiServer) only(t *testing.T) seen {
	t.Helper()
	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	return reqs[0]
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// fixed answers every attempt the same way.
func fixed(status int, body string) respondFunc {
	return func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, status, body) }
}

// failThen answers the first n attempts with status and errBody, then 200 with okList.
func failThen(n, status int, errBody string) respondFunc {
	return func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt <= n {
			writeJSON(w, status, errBody)
			return
		}
		writeJSON(w, http.StatusOK, okList)
	}
}

func testConfig(endpoint string) Config {
	return Config{
		Endpoint:     endpoint,
		DomainID:     testDomainID,
		Credentials:  signer.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey},
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
		UserAgent:    testUserAgent,
	}
}

func newTestClient(t testing.TB, endpoint string, edit ...func(*Config)) *Client {
	t.Helper()
	cfg := testConfig(endpoint)
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func withRetries(n int) func(*Config) { return func(c *Config) { c.MaxRetries = n } }

// signedHeaderNames reads the SignedHeaders list out of an Authorization header.
func signedHeaderNames(t *testing.T, auth string) []string {
	t.Helper()
	for part := range strings.SplitSeq(strings.TrimPrefix(auth, signer.Algorithm+" "), ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "SignedHeaders="); ok {
			return strings.Split(v, ";")
		}
	}
	t.Fatalf("no SignedHeaders in Authorization %q", auth)
	return nil
}

// profilesBody is a list answer of n profiles.
func profilesBody(n int) string {
	var b strings.Builder
	b.WriteString(`{"application_profiles":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name":"Default","status":"ENABLED","profile_id":"p-%016x"}`, i)
	}
	b.WriteString("]}")
	return b.String()
}

// roundTripFunc lets a test stand in for the transport under the signer.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// key is the application instance of the shared-list tests.
var key = listKey{testInstance, testApp}

// awaitWaiters waits until n callers wait for the running list (next false)
// or for the one that starts after it (next true). Only the client's state
// is looked at: no timing is assumed.
func awaitWaiters[T any, K comparable](t *testing.T, l *sharedLists[T, K], next bool, n int) {
	t.Helper()
	awaitEntry(t, l, fmt.Sprintf("callers wait (next %v)", next), n, func(e *listEntry[T, K]) int {
		call := e.flight
		if next {
			call = e.next
		}
		if call == nil {
			return -1
		}
		return call.waiters
	})
}

// awaitEntry waits until count says n of the entry of key, read under the
// lists' lock; -1 stands for no entry.
func awaitEntry[T any, K comparable](t *testing.T, l *sharedLists[T, K], what string, n int, count func(*listEntry[T, K]) int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		l.mu.Lock()
		got := -1
		if e := l.entries[key]; e != nil {
			got = count(e)
		}
		l.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d %s, want %d", got, what, n)
		}
		runtime.Gosched()
	}
}
