package identitycenter

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// newCredentials builds the credentials cfg names: static keys, else an
// OIDC ID token, else the metadata service, with an agency assumed on top
// when cfg says so. IAM calls go to iamEndpoint through base, retried like
// Identity Center calls.
func newCredentials(cfg Config, base http.RoundTripper, iamEndpoint *url.URL) (*credentialCache, error) {
	var source CredentialSource
	switch {
	case cfg.Credentials.AccessKey != "":
		source = StaticCredentials(cfg.Credentials)
	case cfg.OIDC != nil:
		source = &oidcSource{cfg: *cfg.OIDC, iam: &iamCaller{endpoint: iamEndpoint, http: newRetryingClient(base, cfg)}}
	default:
		endpoint, err := ParseEndpoint(cfg.MetadataEndpoint)
		if err != nil {
			return nil, fmt.Errorf("metadata %w", err)
		}
		// The metadata service is on the server's own link: no proxy, no
		// TLS, and no retries, so that a machine without one gives up fast.
		transport := cleanhttp.DefaultTransport()
		transport.Proxy = nil
		source = &metadataSource{endpoint: endpoint, http: &http.Client{
			Timeout:       MetadataTimeout,
			Transport:     transport,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}}
	}
	creds := newCredentialCache(source)
	if cfg.AssumeRole != nil {
		signed := newRetryingClient(&signingTransport{base: base, creds: creds}, cfg)
		creds = newCredentialCache(&assumeRoleSource{cfg: *cfg.AssumeRole, base: creds, iam: &iamCaller{endpoint: iamEndpoint, http: signed}})
	}
	return creds, nil
}

// newRetryingClient sends through t and retries what may succeed when tried
// again, as cfg says.
func newRetryingClient(t http.RoundTripper, cfg Config) *retryablehttp.Client {
	rc := retryablehttp.NewClient()
	rc.HTTPClient = &http.Client{
		Transport: t,
		// The APIs never redirect; following one would sign the request, and
		// send the security token, to wherever it points.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	rc.Logger = nil
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin, rc.RetryWaitMax = cfg.RetryWaitMin, cfg.RetryWaitMax
	if rc.RetryWaitMin <= 0 {
		rc.RetryWaitMin = time.Second
	}
	if rc.RetryWaitMax <= 0 {
		rc.RetryWaitMax = 30 * time.Second
	}
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.RequestLogHook = logAttempt
	return rc
}

// Authenticate obtains the credentials now rather than at the first call,
// so that a failure shows while the provider is being configured. Static
// keys need nothing.
func (c *Client) Authenticate(ctx context.Context) error {
	_, err := c.creds.get(ctx)
	return err
}
