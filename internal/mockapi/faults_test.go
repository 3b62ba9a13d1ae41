package mockapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func newFaultyServer(t *testing.T, faults mockapi.Faults) (*mockapi.Server, *httptest.Server) {
	t.Helper()
	srv, err := mockapi.New(mockapi.Options{
		Credentials: testCredentials(),
		Seed:        threeProfiles(),
		Now:         func() time.Time { return testNow },
		Faults:      faults,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

func TestFaultsValidate(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		faults mockapi.Faults
		want   []string
	}{
		"negative failure rate":   {mockapi.Faults{FailureRate: -0.1}, []string{"failure rate must be between 0 and 1, got -0.1"}},
		"throttle rate above 1":   {mockapi.Faults{ThrottleRate: 1.5}, []string{"throttle rate must be between 0 and 1, got 1.5"}},
		"conflict rate above 1":   {mockapi.Faults{ConflictRate: 2}, []string{"conflict rate must be between 0 and 1"}},
		"drop rate above 1":       {mockapi.Faults{DropRate: 1.01}, []string{"drop rate must be between 0 and 1"}},
		"rates add up above 1":    {mockapi.Faults{FailureRate: 0.5, ThrottleRate: 0.4, ConflictRate: 0.2}, []string{"add up to 1.1", "must not exceed 1"}},
		"negative retry-after":    {mockapi.Faults{RetryAfter: -time.Second}, []string{"retry-after must not be negative"}},
		"negative latency":        {mockapi.Faults{Latency: -time.Millisecond}, []string{"latency must not be negative"}},
		"every error is reported": {mockapi.Faults{FailureRate: -1, Latency: -1}, []string{"failure rate", "latency"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := tc.faults.Validate()
			if err == nil {
				t.Fatal("Validate accepted it")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if _, err := mockapi.New(mockapi.Options{Credentials: testCredentials(), Faults: tc.faults}); err == nil ||
				!strings.Contains(err.Error(), "invalid faults") {
				t.Errorf("New = %v, want an invalid faults error", err)
			}
		})
	}
	if err := (mockapi.Faults{FailureRate: 0.5, ThrottleRate: 0.25, ConflictRate: 0.25, DropRate: 1, Latency: time.Second}).Validate(); err != nil {
		t.Errorf("Validate of settings in range: %v", err)
	}
}

func TestFaultFailure(t *testing.T) {
	t.Parallel()
	srv, ts := newFaultyServer(t, mockapi.Faults{FailureRate: 1, Seed: 1})
	statuses := map[int]bool{}
	for range 40 {
		res := signed(t, ts, http.MethodGet, listPath(testInstance, testApp))
		switch res.status {
		case http.StatusInternalServerError:
			wantError(t, res, res.status, mockapi.CodeInternalError, "try again")
		case http.StatusServiceUnavailable:
			wantError(t, res, res.status, mockapi.CodeBackendUnavailable, "unavailable")
		default:
			t.Fatalf("status %d with failure rate 1: %s", res.status, res.body)
		}
		statuses[res.status] = true
	}
	if len(statuses) != 2 {
		t.Errorf("40 failures were all %v, want a mix of 500 and 503", statuses)
	}
	// A failed delete changes nothing.
	res := signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"))
	if res.status < 500 {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	if _, ok := srv.Profile(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"); !ok {
		t.Error("a delete answered with a server error removed the profile")
	}
	st := srv.Stats()
	if st.Faults != (mockapi.FaultStats{Failures: 41}) {
		t.Errorf("fault stats = %+v, want 41 failures", st.Faults)
	}
	if st.ListProfiles != 40 || st.DeleteProfile != 1 || st.Total != 41 {
		t.Errorf("stats = %+v", st)
	}
}

func TestFaultThrottle(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		retryAfter time.Duration
		want       string
	}{
		"default":        {0, "1"},
		"whole seconds":  {3 * time.Second, "3"},
		"rounded up":     {1500 * time.Millisecond, "2"},
		"below a second": {time.Millisecond, "1"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, ts := newFaultyServer(t, mockapi.Faults{ThrottleRate: 1, RetryAfter: tc.retryAfter})
			res := signed(t, ts, http.MethodGet, listPath(testInstance, testApp))
			wantError(t, res, http.StatusTooManyRequests, mockapi.CodeThrottled, "throttling")
			if got := res.header.Get("Retry-After"); got != tc.want {
				t.Errorf("Retry-After = %q, want %q", got, tc.want)
			}
			if st := srv.Stats().Faults; st != (mockapi.FaultStats{Throttles: 1}) {
				t.Errorf("fault stats = %+v", st)
			}
		})
	}
}

func TestFaultConflict(t *testing.T) {
	t.Parallel()
	srv, ts := newFaultyServer(t, mockapi.Faults{ConflictRate: 1})
	res := signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"))
	wantError(t, res, http.StatusConflict, mockapi.CodeConcurrencyConflict, "try again later")
	if _, ok := srv.Profile(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"); !ok {
		t.Error("a delete answered with a conflict removed the profile")
	}
	if st := srv.Stats().Faults; st != (mockapi.FaultStats{Conflicts: 1}) {
		t.Errorf("fault stats = %+v", st)
	}
}

func TestFaultDropAppliesTheChange(t *testing.T) {
	t.Parallel()
	srv, ts := newFaultyServer(t, mockapi.Faults{DropRate: 1})

	// A list changes nothing, so its answer is never dropped.
	if res := signed(t, ts, http.MethodGet, listPath(testInstance, testApp)); res.status != http.StatusOK {
		t.Fatalf("list: %d %s", res.status, res.body)
	}

	req := newRequest(t, ts, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"), nil)
	if err := signRequest(req); err != nil {
		t.Fatal(err)
	}
	res, err := ts.Client().Do(req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("delete was answered %d, want the connection closed without an answer", res.StatusCode)
	}
	if _, ok := srv.Profile(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"); ok {
		t.Error("the dropped delete was not applied")
	}

	// Trying again finds the profile gone: the client's retry meets a 404.
	again := signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"))
	wantError(t, again, http.StatusNotFound, mockapi.CodeNotFound, "p-aaaaaaaaaaaaaaaa")

	st := srv.Stats()
	if st.Faults != (mockapi.FaultStats{Drops: 1}) {
		t.Errorf("fault stats = %+v, want 1 drop", st.Faults)
	}
	if st.DeleteProfile != 2 {
		t.Errorf("delete count = %d, want 2", st.DeleteProfile)
	}
}

func TestFaultsSpareAuthenticationAndAdmin(t *testing.T) {
	t.Parallel()
	srv, ts := newFaultyServer(t, mockapi.Faults{FailureRate: 1, DropRate: 1, Latency: time.Hour})

	// Rejected before any fault, and without the latency.
	res := send(t, ts, http.MethodGet, listPath(testInstance, testApp), nil, nil, testNow)
	wantError(t, res, http.StatusUnauthorized, mockapi.CodeAuthFailed, "Authorization header is missing")
	res = send(t, ts, http.MethodGet, listPath(testInstance, testApp), nil, &deniedCreds, testNow)
	wantError(t, res, http.StatusForbidden, mockapi.CodeForbidden, "permission")

	if res := send(t, ts, http.MethodGet, "/_mock/store", nil, nil, testNow); res.status != http.StatusOK {
		t.Errorf("admin store: %d %s", res.status, res.body)
	}
	if res := send(t, ts, http.MethodDelete, adminPath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"), nil, nil, testNow); res.status != http.StatusNoContent {
		t.Errorf("admin delete: %d %s", res.status, res.body)
	}
	if st := srv.Stats(); st.Faults != (mockapi.FaultStats{}) || st.Rejected != 2 {
		t.Errorf("stats = %+v, want 2 rejected and no faults", st)
	}
}

func TestFaultLatencyEndsWithTheClient(t *testing.T) {
	t.Parallel()
	srv, ts := newFaultyServer(t, mockapi.Faults{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req := newRequest(t, ts, http.MethodDelete, profilePath(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"), nil).WithContext(ctx)
	if err := signRequest(req); err != nil {
		t.Fatal(err)
	}
	res, err := ts.Client().Do(req)
	if err == nil {
		res.Body.Close()
		t.Fatalf("answered %d before the latency passed", res.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want the client's deadline", err)
	}
	// The handler gave up with the client, before touching the store;
	// closing the server waits for handlers, so it would hang otherwise.
	ts.Close()
	if _, ok := srv.Profile(testInstance, testApp, "p-aaaaaaaaaaaaaaaa"); !ok {
		t.Error("a delete abandoned during the latency was applied")
	}
}

// faultSequence sends n lists and deletes one after another and returns the
// statuses, with 0 for a dropped answer.
func faultSequence(t *testing.T, seed int64, n int) []int {
	t.Helper()
	srv, ts := newFaultyServer(t, mockapi.Faults{FailureRate: 0.2, ThrottleRate: 0.2, ConflictRate: 0.2, DropRate: 0.5, Seed: seed})
	for i := range n {
		srv.AddProfile(testInstance, testApp, mockapi.Profile{ProfileID: profileID(i)})
	}
	statuses := make([]int, 0, n)
	for i := range n {
		var req *http.Request
		if i%2 == 0 {
			req = newRequest(t, ts, http.MethodGet, listPath(testInstance, testApp), nil)
		} else {
			req = newRequest(t, ts, http.MethodDelete, profilePath(testInstance, testApp, profileID(i)), nil)
		}
		if err := signRequest(req); err != nil {
			t.Fatal(err)
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			statuses = append(statuses, 0)
			continue
		}
		res.Body.Close()
		statuses = append(statuses, res.StatusCode)
	}
	return statuses
}

func TestFaultSeedIsReproducible(t *testing.T) {
	t.Parallel()
	a, b := faultSequence(t, 42, 60), faultSequence(t, 42, 60)
	if !slices.Equal(a, b) {
		t.Errorf("the same seed gave different faults:\n%v\n%v", a, b)
	}
	seen := map[int]bool{}
	for _, s := range a {
		seen[s] = true
	}
	for _, want := range []int{0, http.StatusOK, http.StatusTooManyRequests, http.StatusConflict} {
		if !seen[want] {
			t.Errorf("60 calls at these rates gave no %d: %v", want, a)
		}
	}
	if c := faultSequence(t, 43, 60); slices.Equal(a, c) {
		t.Errorf("seeds 42 and 43 gave the same faults: %v", a)
	}
}

func signRequest(req *http.Request) error {
	return signGlobal(req, nil, goodCreds, testNow)
}
