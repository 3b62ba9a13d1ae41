// Package identitycenter is a client for the application profile and
// application assignment operations of the Huawei Cloud IAM Identity Center
// API: listing and deleting the associations between an application
// instance and users or groups, which the code calls profiles, and
// listing, creating and deleting assignments of users and groups
// (assignments.go). It signs (internal/signer), retries, shares list
// requests (shared_lists.go), looks up the account
// (domain.go), and
// answers with typed errors; its finders answer "not found" with a
// *NotFoundError only (errors.go).
//
// It must not import Terraform's packages, but for terraform-plugin-log, nor
// the provider or the mock API: the provider depends on it, and the mock
// tests it.
package identitycenter

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// maxResponseBytes bounds what is read of one answer; a list of thousands of
// profiles stays far below it.
const maxResponseBytes = 32 << 20

// Config holds what New needs to build a Client.
type Config struct {
	// Endpoint is the base URL, e.g. https://identitycenter.myhuaweicloud.com.
	Endpoint string
	// IAMEndpoint is the base URL of IAM, e.g. https://iam.myhuaweicloud.com,
	// where the account ID is looked up when DomainID is empty.
	IAMEndpoint string
	// STSEndpoint, when set, is the base URL of STS, which is asked for the
	// account when IAM lists none, as the official SDK does.
	STSEndpoint string
	// Credentials are keys to sign with, unless OIDC or MetadataEndpoint
	// give them instead.
	Credentials signer.Credentials
	// OIDC, when set, federates an OIDC ID token into temporary keys.
	OIDC *OIDCConfig
	// MetadataEndpoint, when set, reads the temporary keys of an ECS
	// server's agency from its metadata service there.
	MetadataEndpoint string
	// AssumeRole, when set, assumes an agency with the keys above, and the
	// agency's temporary keys sign every Identity Center call.
	AssumeRole *AssumeRoleConfig
	// DomainID is the account ID sent as X-Domain-Id; empty means looking it
	// up from IAM on the first call.
	DomainID string
	// Insecure skips TLS certificate verification.
	Insecure bool
	// MaxRetries is how many times a retryable failure is tried again.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the backoff between attempts;
	// zero means 1s and 30s.
	RetryWaitMin, RetryWaitMax time.Duration
	UserAgent                  string
	// Transport replaces the default transport, for tests.
	Transport http.RoundTripper
	// DisableCoalescing makes every list call send its own request, instead
	// of sharing requests and recent answers between concurrent calls about
	// one application instance; for comparison and diagnosis.
	DisableCoalescing bool
}

// Client calls the Identity Center API. It is safe for concurrent use.
type Client struct {
	endpoint  *url.URL
	domain    domainSource
	http      *retryablehttp.Client
	userAgent string
	creds     *credentialCache
	// The lists of profiles and the walks of assignments, shared between
	// callers; made with the Client, so that no answer outlives the
	// provider configuration it was made for.
	profileLists    *sharedLists[Profile, string]
	assignmentLists *sharedLists[Assignment, Principal]
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	endpoint, err := ParseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	domain := domainSource{id: cfg.DomainID}
	if cfg.DomainID == "" || cfg.OIDC != nil || cfg.AssumeRole != nil {
		if domain.iamEndpoint, err = ParseEndpoint(cfg.IAMEndpoint); err != nil {
			return nil, fmt.Errorf("IAM %w", err)
		}
		if cfg.STSEndpoint != "" {
			if domain.stsEndpoint, err = ParseEndpoint(cfg.STSEndpoint); err != nil {
				return nil, fmt.Errorf("STS %w", err)
			}
		}
	}
	if cfg.OIDC == nil && cfg.MetadataEndpoint == "" && (cfg.Credentials.AccessKey == "" || cfg.Credentials.SecretKey == "") {
		return nil, errors.New("both an access key and a secret key are required")
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be zero or more, got %d", cfg.MaxRetries)
	}

	base := cfg.Transport
	if base == nil {
		t := cleanhttp.DefaultPooledTransport()
		t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		t.ResponseHeaderTimeout = 60 * time.Second
		if cfg.Insecure {
			t.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the user asked for it with insecure = true
		}
		base = t
	}

	creds, err := newCredentials(cfg, base, domain.iamEndpoint)
	if err != nil {
		return nil, err
	}
	if domain.iamEndpoint != nil {
		domain.cacheKey = domain.iamEndpoint.String() + " " + creds.source.Identity()
	}
	rc := newRetryingClient(&signingTransport{base: base, creds: creds}, cfg)
	c := &Client{endpoint: endpoint, domain: domain, http: rc, userAgent: cfg.UserAgent, creds: creds}
	s := shared
	if cfg.DisableCoalescing {
		s = unshared
	}
	c.profileLists = newSharedLists(c.profileKind(), endpoint, s)
	c.assignmentLists = newSharedLists(c.assignmentKind(), endpoint, s)
	return c, nil
}

// ParseEndpoint checks that endpoint is an absolute http or https URL with a
// host, a port from 1 to 65535 if any, and no query, and returns it without a
// trailing slash.
func ParseEndpoint(endpoint string) (*url.URL, error) {
	// The messages reach Terraform's output and logs: no password in them.
	shown := RedactUserinfo(endpoint)
	u, err := url.Parse(strings.TrimRight(endpoint, "/"))
	if err != nil {
		// A url.Error repeats the whole input, and its cause may quote
		// part of it, such as a bad escape in a password.
		if shown != endpoint {
			return nil, fmt.Errorf("endpoint %q is not a URL", shown)
		}
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return nil, fmt.Errorf("endpoint %q is not a URL: %w", shown, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("endpoint %q must start with https:// (or http:// for a local mock)", shown)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("endpoint %q has no host", shown)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("endpoint %q: port %s is not from 1 to 65535", shown, p)
		}
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("endpoint %q must be a base URL without user info, query or fragment", shown)
	}
	return u, nil
}

// RedactUserinfo hides what may be a password in an endpoint, which need
// not parse: everything between the scheme, if it starts with one, and the
// last "@". It hides too much of an endpoint with "@" in its path, rather
// than too little of one whose password has a "/" or "://" in it.
func RedactUserinfo(endpoint string) string {
	at := strings.LastIndex(endpoint, "@")
	if at < 0 {
		return endpoint
	}
	start := 0
	if loc := schemePrefix.FindStringIndex(endpoint[:at]); loc != nil {
		start = loc[1]
	}
	return endpoint[:start] + "xxxxx" + endpoint[at:]
}

// schemePrefix is a URL's scheme (RFC 3986) and "://".
var schemePrefix = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// Endpoint returns the base URL requests are sent to.
func (c *Client) Endpoint() string { return c.endpoint.String() }

// apiURL is base followed by segments. Path keeps the IDs as they are, for
// signing; RawPath is what goes on the wire.
func apiURL(base *url.URL, segments ...string) url.URL {
	u := *base
	path, raw := u.Path, u.EscapedPath()
	for _, s := range segments {
		path += "/" + s
		raw += "/" + url.PathEscape(s)
	}
	u.Path, u.RawPath = path, raw
	return u
}

// do sends one Identity Center API call, with the account header, and
// returns the body of a 2xx answer, an *APIError, or a *DomainLookupError
// when the account ID could not be found.
func (c *Client) do(ctx context.Context, method string, segments ...string) ([]byte, error) {
	return c.doWith(ctx, method, payload{}, segments...)
}

// payload is what a call sends besides its path: a query, and a JSON body.
type payload struct {
	query url.Values
	body  []byte
}

// doWith is do for a call with a query or a body.
func (c *Client) doWith(ctx context.Context, method string, p payload, segments ...string) ([]byte, error) {
	domainID, err := c.domainID(ctx)
	if err != nil {
		return nil, err
	}
	body, _, err := c.send(ctx, c.endpoint, method, domainID, p, segments...)
	return body, err
}

// send sends one call to base, signed, with X-Domain-Id when domainID is
// set, and returns the body of a 2xx answer and its request ID, or an
// *APIError or a *TransportError.
func (c *Client) send(ctx context.Context, base *url.URL, method, domainID string, p payload, segments ...string) ([]byte, string, error) {
	secrets := c.creds.secretsSeen()
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	ctx = tflog.MaskMessageStrings(ctx, secrets...)

	u := apiURL(base, segments...)
	// As the official SDK sends it: a space as %20, the form it signs.
	u.RawQuery = strings.ReplaceAll(p.query.Encode(), "+", "%20")
	var reqBody any
	if p.body != nil {
		reqBody = p.body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), reqBody)
	if err != nil {
		return nil, "", fmt.Errorf("building the %s request: %w", method, err)
	}
	if p.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	// Set before signing, so that the account ID is signed, as the SDK's
	// global credentials do.
	if domainID != "" {
		req.Header.Set(signer.HeaderDomainID, domainID)
	}
	// An empty User-Agent would be signed but not sent, and the signature
	// would then not verify.
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	req.Header.Set("Accept", "application/json")

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		// The passthrough error handler hands back the last answer along
		// with a cancellation; it is still ours to close.
		if resp != nil {
			resp.Body.Close()
		}
		return nil, "", &TransportError{Method: method, URL: u.Redacted(), Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return nil, "", &TransportError{Method: method, URL: u.Redacted(), Err: fmt.Errorf("reading the answer: %w", err)}
	}
	requestID := responseRequestID(resp)
	tflog.Debug(ctx, "Identity Center API call", map[string]any{
		"host":        u.Host,
		"method":      method,
		"path":        u.Path,
		"status":      resp.StatusCode,
		"request_id":  requestID,
		"duration_ms": time.Since(start).Milliseconds(),
		"bytes":       len(body),
	})
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, requestID, decodeError(method, u.Path, resp, body)
	}
	return body, requestID, nil
}

// TransportError is a call that got no HTTP answer: the endpoint could not be
// reached, or the operation's deadline passed.
type TransportError struct {
	Method string
	URL    string
	Err    error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }
