package mockapi

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Error codes of the injected faults: the documented ones where the service
// or its gateway has one.
const (
	CodeInternalError       = "IIC.1209"
	CodeBackendUnavailable  = "APIGW.0202"
	CodeThrottled           = "APIGW.0308"
	CodeConcurrencyConflict = "IIC.1006"
)

// DefaultRetryAfter is the Retry-After of a throttled answer when
// Faults.RetryAfter is zero.
const DefaultRetryAfter = time.Second

// Faults make the mock behave like a busy, flaky service, to test that a
// client survives it. They apply to API calls only, after authentication:
// the admin routes and requests that fail authentication are never affected.
//
// FailureRate, ThrottleRate and ConflictRate are the probabilities that a
// call is answered with that fault instead of being served; they are drawn
// together, so their sum must not exceed 1. DropRate is the probability that
// a call that changed the store (a successful delete or assignment create)
// gets no answer at all: the change is applied, then the connection is
// closed, as when an answer is lost on the way back.
type Faults struct {
	// FailureRate answers 500 (IIC.1209) or 503 (APIGW.0202).
	FailureRate float64
	// ThrottleRate answers 429 (APIGW.0308) with a Retry-After header.
	ThrottleRate float64
	// RetryAfter is sent with 429, in whole seconds rounded up; zero means
	// DefaultRetryAfter.
	RetryAfter time.Duration
	// ConflictRate answers 409 IIC.1006, the service's "retry later".
	ConflictRate float64
	// DropRate applies a delete or an assignment create and then closes the
	// connection unanswered.
	DropRate float64
	// Latency is waited before answering each API call.
	Latency time.Duration
	// Seed makes the sequence of faults reproducible for a given sequence
	// of requests.
	Seed int64
}

// FaultStats count the faults injected.
type FaultStats struct {
	Failures  int64 `json:"failures"`  // 500 and 503
	Throttles int64 `json:"throttles"` // 429
	Conflicts int64 `json:"conflicts"` // 409 IIC.1006
	Drops     int64 `json:"drops"`     // changes applied, answers dropped
}

// Validate reports every setting out of range.
func (f Faults) Validate() error {
	var errs []error
	for _, r := range []struct {
		name string
		v    float64
	}{{"failure rate", f.FailureRate}, {"throttle rate", f.ThrottleRate}, {"conflict rate", f.ConflictRate}, {"drop rate", f.DropRate}} {
		if math.IsNaN(r.v) || r.v < 0 || r.v > 1 {
			errs = append(errs, fmt.Errorf("%s must be between 0 and 1, got %v", r.name, r.v))
		}
	}
	if sum := f.FailureRate + f.ThrottleRate + f.ConflictRate; sum > 1 {
		errs = append(errs, fmt.Errorf("failure, throttle and conflict rates add up to %v; a call gets at most one of them, so the sum must not exceed 1", sum))
	}
	if f.RetryAfter < 0 {
		errs = append(errs, fmt.Errorf("retry-after must not be negative, got %s", f.RetryAfter))
	}
	if f.Latency < 0 {
		errs = append(errs, fmt.Errorf("latency must not be negative, got %s", f.Latency))
	}
	return errors.Join(errs...)
}

func (f Faults) retryAfterHeader() string {
	d := f.RetryAfter
	if d == 0 {
		d = DefaultRetryAfter
	}
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// faultInjector decides the faults of each call. A nil injector injects none.
type faultInjector struct {
	f Faults

	mu  sync.Mutex
	rng *rand.Rand

	failures, throttles, conflicts, drops atomic.Int64
}

func newFaultInjector(f Faults) (*faultInjector, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	if f == (Faults{Seed: f.Seed}) {
		return nil, nil
	}
	seed := uint64(f.Seed) //nolint:gosec // any bit pattern is a fine seed
	return &faultInjector{f: f, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}, nil
}

// draw returns a number in [0, 1) from the seeded source.
func (fi *faultInjector) draw() float64 {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.rng.Float64()
}

// before waits the latency and then answers the call with a fault, or
// reports false to let it be served. It returns true when it has answered,
// or when the client went away during the wait.
func (fi *faultInjector) before(w http.ResponseWriter, r *http.Request, requestID string) bool {
	if fi == nil {
		return false
	}
	if fi.f.Latency > 0 {
		timer := time.NewTimer(fi.f.Latency)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			return true
		}
	}
	x := fi.draw()
	failure := fi.f.FailureRate
	throttle := failure + fi.f.ThrottleRate
	conflict := throttle + fi.f.ConflictRate
	switch {
	case x < failure:
		fi.failures.Add(1)
		// The lower half of the failure band is a 500, the upper a 503,
		// so one draw decides both.
		if x < failure/2 {
			writeError(w, requestID, &apiError{status: http.StatusInternalServerError, code: CodeInternalError,
				msg: "Internal error, please try again later"})
		} else {
			writeError(w, requestID, &apiError{status: http.StatusServiceUnavailable, code: CodeBackendUnavailable,
				msg: "Backend unavailable"})
		}
	case x < throttle:
		fi.throttles.Add(1)
		w.Header().Set("Retry-After", fi.f.retryAfterHeader())
		writeError(w, requestID, &apiError{status: http.StatusTooManyRequests, code: CodeThrottled,
			msg: "The throttling threshold has been reached"})
	case x < conflict:
		fi.conflicts.Add(1)
		writeError(w, requestID, &apiError{status: http.StatusConflict, code: CodeConcurrencyConflict,
			msg: "Concurrency conflict, please try again later"})
	default:
		return false
	}
	return true
}

// dropAfterChange closes the connection without an answer, at DropRate, and
// reports whether it did. The caller has applied the change already.
func (fi *faultInjector) dropAfterChange(w http.ResponseWriter) bool {
	if fi == nil || fi.f.DropRate == 0 || fi.draw() >= fi.f.DropRate {
		return false
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 cannot hand over its connection; aborting the handler
		// resets the stream instead, which the client sees the same way.
		fi.drops.Add(1)
		panic(http.ErrAbortHandler)
	}
	fi.drops.Add(1)
	_ = conn.Close()
	return true
}

func (fi *faultInjector) stats() FaultStats {
	if fi == nil {
		return FaultStats{}
	}
	return FaultStats{
		Failures:  fi.failures.Load(),
		Throttles: fi.throttles.Load(),
		Conflicts: fi.conflicts.Load(),
		Drops:     fi.drops.Load(),
	}
}
