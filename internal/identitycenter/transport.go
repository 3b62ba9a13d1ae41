package identitycenter

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// signingTransport signs every attempt afresh, so that a retried request
// carries a current X-Sdk-Date and keys that are not about to expire.
type signingTransport struct {
	base  http.RoundTripper
	creds *credentialCache
}

// RoundTrip sends req signed with the current keys. A request refused with
// 401 while signed with temporary keys is sent once more with new ones: the
// keys may have expired on the way, or by the gateway's clock.
func (t *signingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	creds, err := t.creds.get(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := t.roundTrip(req, creds)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !t.creds.refused(creds) {
		return resp, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	// Keys that cannot be renewed explain the refusal better than the 401.
	if creds, err = t.creds.get(req.Context()); err != nil {
		return nil, err
	}
	return t.roundTrip(req, creds)
}

func (t *signingTransport) roundTrip(req *http.Request, creds Credentials) (*http.Response, error) {
	var body []byte
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		body, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	signed := req.Clone(req.Context())
	signed.Header.Del(signer.HeaderDate)
	if err := signer.Sign(signed, body, creds.Credentials, time.Now()); err != nil {
		return nil, err
	}
	if body != nil {
		// The original body is replaced by the copy that was signed.
		if req.Body != nil {
			req.Body.Close()
		}
		signed.Body = io.NopCloser(bytes.NewReader(body))
		signed.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	w, watched := req.Context().Value(unseenEffectKey{}).(*unseenEffectWatch)
	watched = watched && req.Method == w.method && req.URL.Path == w.path
	var wrote atomic.Bool
	if watched {
		signed = signed.WithContext(httptrace.WithClientTrace(signed.Context(), &httptrace.ClientTrace{
			WroteRequest: func(i httptrace.WroteRequestInfo) { wrote.Store(i.Err == nil) },
		}))
	}
	resp, err := t.base.RoundTrip(signed)
	if watched && (err != nil && wrote.Load() || err == nil && mayHaveActed(resp.StatusCode)) {
		w.seen.Store(true)
	}
	return resp, err
}

// mayHaveActed reports whether an answer with status may come after the
// service did what was asked: the gateway gave up waiting for it (502,
// 504). A 500 is the service's own failure, and a 503 or 429 the gateway's
// refusal to pass the request on.
func mayHaveActed(status int) bool {
	return status == http.StatusBadGateway || status == http.StatusGatewayTimeout
}

// unseenEffectKey keys, in the context of a call, the watch of its attempts
// for one that may have had its effect without an answer that says so: its
// request was sent and no answer came, or the gateway gave up waiting for
// the service. Only the attempts of the call's own request count, not the
// IAM calls that renew keys on its way.
type unseenEffectKey struct{}

type unseenEffectWatch struct {
	method, path string
	seen         atomic.Bool
}

// watchUnseenEffects returns ctx with such a watch of the requests with
// method and path, for a call that needs to know whether a retry may be
// repeating what an earlier attempt did.
func watchUnseenEffects(ctx context.Context, method, path string) (context.Context, *atomic.Bool) {
	w := &unseenEffectWatch{method: method, path: path}
	return context.WithValue(ctx, unseenEffectKey{}, w), &w.seen
}

// checkRetry retries what may succeed when tried again: lost connections,
// throttling, server errors and the API's concurrency conflict. Client errors
// such as 400, 401, 403 and 404 are final.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if errors.As(err, new(*CredentialError)) {
		// IAM's own calls were retried already.
		return false, nil
	}
	if err != nil {
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, nil
	case http.StatusConflict:
		return isConcurrencyConflict(resp), nil
	}
	return false, nil
}

// isConcurrencyConflict tells the concurrency conflict ("retry later") from
// other conflicts.
// It reads the body and puts it back for the caller.
func isConcurrencyConflict(resp *http.Response) bool {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return false
	}
	code, _ := serviceCode(decodeErrorBody(body).ErrorCode)
	return code == concurrencyConflict
}

// backoff waits a random time up to an exponentially growing ceiling (full
// jitter), or what Retry-After asks for when the server says.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, maxWait)
		}
	}
	// minWait<<attempt is compared without computing it, as it can overflow.
	ceiling := maxWait
	if attempt >= 0 && attempt < 63 && minWait <= maxWait>>attempt {
		ceiling = minWait << attempt
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1) //nolint:gosec // jitter needs no cryptographic randomness
}

// retryAfter reads delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
		if secs > int64(math.MaxInt64/time.Second) {
			return math.MaxInt64, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func logAttempt(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if attempt == 0 {
		return
	}
	tflog.Warn(req.Context(), "retrying Identity Center API call", map[string]any{
		"method":  req.Method,
		"path":    req.URL.Path,
		"attempt": attempt + 1,
	})
}
