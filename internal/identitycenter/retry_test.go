package identitycenter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

const okList = `{"application_profiles":[{"name":"Default","status":"ENABLED","profile_id":"p-dc6434b56c4e5221"}]}`

func TestRetryableStatusesSucceedAfterRetries(t *testing.T) {
	for _, status := range []int{503, 500, 502, 504, 429} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			srv := newAPIServer(t, failThen(2, status,
				fmt.Sprintf(`{"error_code":"X.%d","error_msg":"try again"}`, status)))
			got, err := newTestClient(t, srv.URL).ListProfiles(t.Context(), testInstance, testApp)
			if err != nil {
				t.Fatalf("ListProfiles: %v", err)
			}
			if len(got) != 1 || got[0].ProfileID != "p-dc6434b56c4e5221" {
				t.Errorf("profiles = %#v", got)
			}
			reqs := srv.requests()
			if len(reqs) != 3 {
				t.Fatalf("server saw %d attempts, want 3", len(reqs))
			}
			// Every attempt carries exactly one signature, which the server
			// verified; a stale or doubled header would not verify.
			for i, r := range reqs {
				if n := len(r.Header.Values("Authorization")); n != 1 {
					t.Errorf("attempt %d has %d Authorization headers", i+1, n)
				}
				if n := len(r.Header.Values(signer.HeaderDate)); n != 1 {
					t.Errorf("attempt %d has %d X-Sdk-Date headers", i+1, n)
				}
				if r.Path != listPath || r.Method != http.MethodGet {
					t.Errorf("attempt %d: %s %s", i+1, r.Method, r.Path)
				}
			}
		})
	}
}

func TestDeleteIsRetriedToo(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt == 1 {
			writeJSON(w, http.StatusServiceUnavailable, `{"error_code":"APIGW.0103","error_msg":"backend unavailable"}`)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	if err := newTestClient(t, srv.URL).DeleteProfile(t.Context(), testInstance, testApp, "p-1"); err != nil {
		t.Fatalf("DeleteProfile: %v", err)
	}
	for i, r := range srv.requests() {
		if r.Method != http.MethodDelete {
			t.Errorf("attempt %d method = %s", i+1, r.Method)
		}
	}
	if n := srv.count(); n != 2 {
		t.Errorf("server saw %d attempts, want 2", n)
	}
}

func TestRetryAfterZeroIsHonoured(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, http.StatusTooManyRequests, `{"error_code":"APIGW.0308","error_msg":"throttled"}`)
			return
		}
		writeJSON(w, http.StatusOK, okList)
	})
	// Without Retry-After the wait would be up to an hour, far past the deadline.
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour })
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := c.ListProfiles(ctx, testInstance, testApp); err != nil {
		t.Fatalf("ListProfiles: %v", err)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("server saw %d attempts, want 2", n)
	}
}

func TestRetryAfterIsCappedByRetryWaitMax(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt == 1 {
			w.Header().Set("Retry-After", "3600")
			writeJSON(w, http.StatusServiceUnavailable, `{"error_code":"X","error_msg":"later"}`)
			return
		}
		writeJSON(w, http.StatusOK, okList)
	})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := newTestClient(t, srv.URL).ListProfiles(ctx, testInstance, testApp); err != nil {
		t.Fatalf("ListProfiles: %v", err)
	}
	if n := srv.count(); n != 2 {
		t.Errorf("server saw %d attempts, want 2", n)
	}
}

func TestConflictRetriedOnlyForConcurrency(t *testing.T) {
	t.Run("IIC.1006 then success", func(t *testing.T) {
		srv := newAPIServer(t, failThen(1, http.StatusConflict,
			`{"error_code":"IIC.1006","error_msg":"concurrency conflict"}`))
		if _, err := newTestClient(t, srv.URL).ListProfiles(t.Context(), testInstance, testApp); err != nil {
			t.Fatalf("ListProfiles: %v", err)
		}
		if n := srv.count(); n != 2 {
			t.Errorf("server saw %d attempts, want 2", n)
		}
	})
	t.Run("IIC.1006 throughout", func(t *testing.T) {
		srv := newAPIServer(t, fixed(http.StatusConflict,
			`{"error_code":"IIC.1006","error_msg":"concurrency conflict","request_id":"r-1006"}`))
		err := newTestClient(t, srv.URL, withRetries(2)).DeleteProfile(t.Context(), testInstance, testApp, "p-1")
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("error %T %v is not an *APIError", err, err)
		}
		// The retry decision reads the body; the final error must still have it.
		if apiErr.StatusCode != 409 || apiErr.ErrorCode != "IIC.1006" || apiErr.ErrorMsg != "concurrency conflict" || apiErr.RequestID != "r-1006" {
			t.Errorf("APIError = %#v", *apiErr)
		}
		if n := srv.count(); n != 3 {
			t.Errorf("server saw %d attempts, want 3", n)
		}
	})
	// The service's former prefix names the same conflict.
	t.Run("IdentityCenter.1006 then success", func(t *testing.T) {
		srv := newAPIServer(t, failThen(1, http.StatusConflict,
			`{"error_code":"IdentityCenter.1006","error_msg":"concurrency conflict"}`))
		if err := newTestClient(t, srv.URL).DeleteProfile(t.Context(), testInstance, testApp, "p-1"); err != nil {
			t.Fatalf("DeleteProfile: %v", err)
		}
		if n := srv.count(); n != 2 {
			t.Errorf("server saw %d attempts, want 2", n)
		}
	})
	t.Run("IIC.1007 is final", func(t *testing.T) {
		srv := newAPIServer(t, failThen(1, http.StatusConflict,
			`{"error_code":"IIC.1007","error_msg":"data modification failed"}`))
		err := newTestClient(t, srv.URL).DeleteProfile(t.Context(), testInstance, testApp, "p-1")
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode != "IIC.1007" || apiErr.ErrorMsg != "data modification failed" {
			t.Fatalf("error = %v, want the IIC.1007 APIError", err)
		}
		if n := srv.count(); n != 1 {
			t.Errorf("server saw %d attempts, want 1", n)
		}
	})
	t.Run("409 not JSON is final", func(t *testing.T) {
		srv := newAPIServer(t, failThen(1, http.StatusConflict, `conflict`))
		if _, err := newTestClient(t, srv.URL).ListProfiles(t.Context(), testInstance, testApp); err == nil {
			t.Fatal("ListProfiles succeeded after a 409 that is not a concurrency conflict")
		}
		if n := srv.count(); n != 1 {
			t.Errorf("server saw %d attempts, want 1", n)
		}
	})
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	for _, tt := range []struct {
		status int
		code   string
	}{{400, "IIC.400"}, {401, "APIGW.0301"}, {403, "IIC.1000"}, {404, "IIC.404"}, {405, "APIGW.0102"}} {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			srv := newAPIServer(t, failThen(1, tt.status,
				fmt.Sprintf(`{"error_code":%q,"error_msg":"no"}`, tt.code)))
			_, err := newTestClient(t, srv.URL, withRetries(5)).ListProfiles(t.Context(), testInstance, testApp)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %T %v is not an *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.ErrorCode != tt.code {
				t.Errorf("APIError = %#v", *apiErr)
			}
			if n := srv.count(); n != 1 {
				t.Errorf("server saw %d attempts, want exactly 1", n)
			}
		})
	}
}

func TestRetriesExhaustedGiveTheLastAPIError(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
		writeJSON(w, http.StatusServiceUnavailable,
			fmt.Sprintf(`{"error_code":"APIGW.0103","error_msg":"backend unavailable","request_id":"attempt-%d"}`, attempt))
	})
	const retries = 3
	_, err := newTestClient(t, srv.URL, withRetries(retries)).ListProfiles(t.Context(), testInstance, testApp)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T %v is not an *APIError", err, err)
	}
	if apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.ErrorCode != "APIGW.0103" ||
		apiErr.RequestID != fmt.Sprintf("attempt-%d", retries+1) {
		t.Errorf("APIError = %#v, want the last attempt's 503", *apiErr)
	}
	if strings.Contains(err.Error(), "giving up") {
		t.Errorf("error %q is the retry library's, not the API's", err)
	}
	if n := srv.count(); n != retries+1 {
		t.Errorf("server saw %d attempts, want %d", n, retries+1)
	}
}

func TestMaxRetriesZeroMeansOneAttempt(t *testing.T) {
	srv := newAPIServer(t, failThen(1, http.StatusServiceUnavailable, `{"error_code":"X","error_msg":"busy"}`))
	_, err := newTestClient(t, srv.URL, withRetries(0)).ListProfiles(t.Context(), testInstance, testApp)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("error = %v, want a 503 APIError", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d attempts, want 1", n)
	}
}

func TestCancelledContextStopsRetrying(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		cancel()
		writeJSON(w, http.StatusServiceUnavailable, `{"error_code":"X","error_msg":"busy"}`)
	})
	_, err := newTestClient(t, srv.URL, withRetries(10)).ListProfiles(ctx, testInstance, testApp)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d attempts, want 1", n)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	srv := newAPIServer(t, fixed(http.StatusServiceUnavailable, `{"error_code":"X","error_msg":"busy"}`))
	c := newTestClient(t, srv.URL, withRetries(10), func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour
		cfg.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := http.DefaultTransport.RoundTrip(r)
			// Cancel once the answer is back, so the client is deciding on
			// or waiting for the next attempt, not sending this one.
			go cancel()
			return resp, err
		})
	})
	_, err := c.ListProfiles(ctx, testInstance, testApp)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	var te *TransportError
	if !errors.As(err, &te) {
		t.Errorf("error %T is not a *TransportError", err)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("server saw %d attempts, want 1", n)
	}
}

// closeTracker reports whether a response body was closed.
type closeTracker struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }

func TestResponseBodyClosedWhenContextEndsAfterAnswer(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	body := &closeTracker{Reader: strings.NewReader(`{"error_code":"X","error_msg":"busy"}`)}
	c := newTestClient(t, "http://identitycenter.invalid", func(cfg *Config) {
		// The request's own call, which returns once the body is closed;
		// a caller of a shared list stops waiting as soon as it is cancelled.
		cfg.DisableCoalescing = true
		cfg.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			cancel()
			return &http.Response{
				StatusCode: http.StatusServiceUnavailable,
				Header:     http.Header{"Content-Type": {"application/json"}},
				Body:       body,
				Request:    r,
			}, nil
		})
	})
	_, err := c.ListProfiles(ctx, testInstance, testApp)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if !body.closed.Load() {
		t.Error("the body of the answer that came back with the cancellation was never closed")
	}
}

func TestUnreachableEndpointGivesTransportError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}

	var attempts atomic.Int32
	counting := func(cfg *Config) {
		cfg.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			attempts.Add(1)
			return http.DefaultTransport.RoundTrip(r)
		})
	}

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err = newTestClient(t, "http://"+addr, withRetries(0), counting).ListProfiles(ctx, testInstance, testApp)
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("error %T %v is not a *TransportError", err, err)
	}
	if te.Method != http.MethodGet || !strings.Contains(te.URL, addr) || !strings.Contains(te.URL, listPath) {
		t.Errorf("TransportError = %#v", *te)
	}
	if te.Unwrap() == nil || !strings.Contains(err.Error(), addr) {
		t.Errorf("error %q hides its cause", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the call ran into the deadline instead of failing at once: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s to fail", d)
	}
	if IsNotFound(err) {
		t.Error("IsNotFound is true for a transport error")
	}
	if n := attempts.Load(); n != 1 {
		t.Errorf("%d attempts with MaxRetries 0, want 1", n)
	}

	// A refused connection is worth trying again.
	attempts.Store(0)
	_, err = newTestClient(t, "http://"+addr, withRetries(2), counting).ListProfiles(ctx, testInstance, testApp)
	if !errors.As(err, &te) {
		t.Fatalf("error %T %v is not a *TransportError", err, err)
	}
	if n := attempts.Load(); n != 3 {
		t.Errorf("%d attempts with MaxRetries 2, want 3", n)
	}
}

func TestSigningTransportSignsEachAttemptAfresh(t *testing.T) {
	var got []*http.Request
	var bodies [][]byte
	st := &signingTransport{
		creds: newCredentialCache(StaticCredentials{AccessKey: testAccessKey, SecretKey: testSecretKey, SecurityToken: "tok"}),
		base: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			var b []byte
			if r.Body != nil {
				b, _ = io.ReadAll(r.Body)
			}
			got = append(got, r)
			bodies = append(bodies, b)
			return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
		}),
	}
	const payload = `{"k":"v"}`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPut, "http://example.test/v1/x", strings.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	// A date left over from an earlier attempt must not be reused.
	req.Header.Set(signer.HeaderDate, "20010101T000000Z")

	for range 2 {
		resp, err := st.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if req.Header.Get("Authorization") != "" || req.Header.Get(signer.HeaderSecurityToken) != "" {
		t.Error("the caller's request was modified")
	}
	secret := func(ak string) (string, bool) { return testSecretKey, ak == testAccessKey }
	for i, r := range got {
		if string(bodies[i]) != payload {
			t.Errorf("attempt %d body = %q, want %q", i+1, bodies[i], payload)
		}
		s, err := signer.Verify(r, bodies[i], secret)
		if err != nil {
			t.Errorf("attempt %d: %v", i+1, err)
		}
		if time.Since(s.Date) > time.Minute {
			t.Errorf("attempt %d signed with the stale date %s", i+1, s.Date)
		}
		if r.Header.Get(signer.HeaderSecurityToken) != "tok" {
			t.Errorf("attempt %d lacks the security token", i+1)
		}
	}
}

func TestBackoffFullJitter(t *testing.T) {
	minWait, maxWait := time.Millisecond, 50*time.Millisecond
	for attempt := range 12 {
		ceiling := min(maxWait, minWait<<attempt)
		lo, hi := time.Duration(math.MaxInt64), time.Duration(0)
		for range 400 {
			d := backoff(minWait, maxWait, attempt, nil)
			if d < 0 || d > ceiling {
				t.Fatalf("attempt %d: backoff = %s, want within [0, %s]", attempt, d, ceiling)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		// With 400 draws, landing only in one half of the range is all but impossible.
		if lo > ceiling/2 || hi < ceiling/2 {
			t.Errorf("attempt %d: draws span only [%s, %s] of [0, %s]; not full jitter", attempt, lo, hi, ceiling)
		}
	}

	// An answer without Retry-After is treated like no answer.
	resp := &http.Response{StatusCode: 503, Header: http.Header{}}
	for range 100 {
		if d := backoff(minWait, maxWait, 2, resp); d < 0 || d > 4*time.Millisecond {
			t.Fatalf("backoff = %s, want within [0, 4ms]", d)
		}
	}
}

func TestBackoffUsesRetryAfter(t *testing.T) {
	header := func(v string) *http.Response {
		return &http.Response{StatusCode: 429, Header: http.Header{"Retry-After": {v}}}
	}
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"0", 0},
		{"2", 2 * time.Second},
		{"3600", 30 * time.Second},
		{"99999999999999", 30 * time.Second},
		{time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), 30 * time.Second},
		{time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		for _, attempt := range []int{0, 5} {
			if got := backoff(time.Second, 30*time.Second, attempt, header(tt.value)); got != tt.want {
				t.Errorf("Retry-After %q attempt %d: backoff = %s, want %s", tt.value, attempt, got, tt.want)
			}
		}
	}
	// A value that is not understood falls back to jitter.
	for range 50 {
		if d := backoff(time.Millisecond, 5*time.Millisecond, 0, header("soon")); d < 0 || d > time.Millisecond {
			t.Fatalf("Retry-After soon: backoff = %s, want within [0, 1ms]", d)
		}
	}
}

func TestBackoffLargeAttemptsDoNotOverflow(t *testing.T) {
	for _, w := range []struct{ minWait, maxWait time.Duration }{
		{time.Second, 30 * time.Second},
		{5 * time.Second, time.Minute},
		{time.Minute, time.Hour},
		{time.Millisecond, 5 * time.Millisecond},
		{time.Minute, time.Second}, // min above max: max wins
	} {
		for _, attempt := range []int{0, 1, 20, 30, 31, 32, 33, 40, 62, 63, 64, 100, 1000, math.MaxInt32, math.MaxInt} {
			for range 20 {
				d := func() (d time.Duration) {
					defer func() {
						if r := recover(); r != nil {
							t.Fatalf("backoff(%s, %s, %d) panicked: %v", w.minWait, w.maxWait, attempt, r)
						}
					}()
					return backoff(w.minWait, w.maxWait, attempt, nil)
				}()
				if d < 0 || d > w.maxWait {
					t.Fatalf("backoff(%s, %s, %d) = %s, want within [0, %s]", w.minWait, w.maxWait, attempt, d, w.maxWait)
				}
			}
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"1", time.Second, true},
		{"120", 2 * time.Minute, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"soon", 0, false},
		{" 5", 0, false},
		{"Sat, 01 Mar 2025 12:01:30 GMT", 90 * time.Second, true},    // IMF-fixdate
		{"Saturday, 01-Mar-25 12:00:10 GMT", 10 * time.Second, true}, // RFC 850
		{"Sat Mar  1 12:00:05 2025", 5 * time.Second, true},          // asctime
		{"Sat, 01 Mar 2025 11:00:00 GMT", 0, true},                   // already past
		{"Sat, 01 Mar 2025 12:00:00 GMT", 0, true},                   // now
		{"Sat, 01 Mar 2025 12:00:00 +0000", 0, false},                // not an HTTP date
		{now.AddDate(75, 0, 0).Format(http.TimeFormat), now.AddDate(75, 0, 0).Sub(now), true},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.value, now)
		if ok != tt.wantOK || got != tt.want {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tt.value, got, ok, tt.want, tt.wantOK)
		}
	}

	// Seconds beyond what a Duration holds must not wrap round to a short or negative wait.
	for _, v := range []string{"9223372037", "99999999999999", fmt.Sprint(math.MaxInt64)} {
		got, ok := retryAfter(v, now)
		if !ok || got < 24*time.Hour {
			t.Errorf("retryAfter(%q) = %s, %v; want a very long wait", v, got, ok)
		}
	}
}
