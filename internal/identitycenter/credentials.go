package identitycenter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// Credentials are keys to sign with, and when they stop working.
type Credentials struct {
	signer.Credentials
	// Expires is when temporary keys stop working; zero for keys whose end
	// is not known, such as permanent keys or a token typed in by hand.
	Expires time.Time
}

// CredentialSource gives the keys that sign requests.
type CredentialSource interface {
	// Retrieve obtains keys. A client calls it at first use, and again
	// when the keys are about to expire or were refused, never from two
	// goroutines at once.
	Retrieve(ctx context.Context) (Credentials, error)
	// Identity names whom the keys stand for, the same across refreshes:
	// the account ID looked up for them is cached under it.
	Identity() string
}

// StaticCredentials are keys used as they are given.
type StaticCredentials signer.Credentials

func (s StaticCredentials) Retrieve(context.Context) (Credentials, error) {
	return Credentials{Credentials: signer.Credentials(s)}, nil
}

func (s StaticCredentials) Identity() string { return s.AccessKey }

// CredentialSourceKind says where temporary credentials come from, so that
// an error can name what the user configured.
type CredentialSourceKind int

const (
	// SourceAssumeRole is an agency assumed with other credentials.
	SourceAssumeRole CredentialSourceKind = iota + 1
	// SourceOIDC is an OIDC ID token federated through IAM.
	SourceOIDC
	// SourceMetadata is the metadata service of an ECS server.
	SourceMetadata
)

func (k CredentialSourceKind) String() string {
	switch k {
	case SourceAssumeRole:
		return "assuming the agency"
	case SourceOIDC:
		return "federating the OIDC ID token"
	case SourceMetadata:
		return "reading the ECS metadata service"
	}
	return "obtaining credentials"
}

// CredentialError is a failure to obtain temporary credentials. Err is an
// *APIError or a *TransportError from IAM or the metadata service, or says
// what was wrong with an answer or an ID token file.
type CredentialError struct {
	Source CredentialSourceKind
	// Endpoint is where the credentials were asked for.
	Endpoint string
	Err      error
}

func (e *CredentialError) Error() string {
	return fmt.Sprintf("%s at %s: %v", e.Source, e.Endpoint, e.Err)
}

func (e *CredentialError) Unwrap() error { return e.Err }

// maxRefreshMargin bounds how long before their expiry keys are replaced.
const maxRefreshMargin = 5 * time.Minute

// refreshAt is when keys obtained at now that expire at expires are
// replaced: a third of their lifetime before the end, at most five minutes,
// so that a request signed with them still arrives in time, and keys that
// live for seconds are refreshed too.
func refreshAt(now, expires time.Time) time.Time {
	if expires.IsZero() {
		return time.Time{}
	}
	return expires.Add(-min(maxRefreshMargin, expires.Sub(now)/3))
}

// credentialCache holds the keys of a source and replaces them before they
// expire, once for all concurrent requests: a request never signs with keys
// past their refresh time.
type credentialCache struct {
	source CredentialSource
	now    func() time.Time
	// refreshing holds a token while one caller retrieves; the others wait
	// for it and then take what it got.
	refreshing chan struct{}

	mu        sync.Mutex
	current   Credentials
	refreshAt time.Time
	// mustRefreshAt, halfway through the refresh margin, is the last moment
	// a failed refresh may leave the current keys in use.
	mustRefreshAt time.Time
	valid         bool
	secrets       []string // every secret retrieved, to mask in logs
}

// failedRefreshPause is how long after a failed refresh the current keys
// sign before the next attempt, so that a metadata service or IAM that
// does not answer is not asked again for every request.
const failedRefreshPause = 10 * time.Second

// keepAfterFailedRefresh returns the current keys, and postpones the next
// refresh, when a refresh failed early enough in the refresh margin that
// they still have time to live: one slow answer of the metadata service or
// IAM then fails no request.
func (c *credentialCache) keepAfterFailedRefresh() (Credentials, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if !c.valid || c.mustRefreshAt.IsZero() || !now.Before(c.mustRefreshAt) {
		return Credentials{}, false
	}
	c.refreshAt = now.Add(failedRefreshPause)
	if c.refreshAt.After(c.mustRefreshAt) {
		c.refreshAt = c.mustRefreshAt
	}
	return c.current, true
}

func newCredentialCache(source CredentialSource) *credentialCache {
	return &credentialCache{source: source, now: time.Now, refreshing: make(chan struct{}, 1)}
}

// fresh returns the current keys if they may still sign.
func (c *credentialCache) fresh() (Credentials, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ok := c.valid && (c.refreshAt.IsZero() || c.now().Before(c.refreshAt))
	return c.current, ok
}

// get returns keys to sign with, retrieving them when there are none yet or
// they are due for a refresh. A failure is not kept: the next call tries
// again.
func (c *credentialCache) get(ctx context.Context) (Credentials, error) {
	if creds, ok := c.fresh(); ok {
		return creds, nil
	}
	select {
	case c.refreshing <- struct{}{}:
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
	defer func() { <-c.refreshing }()
	// Another caller may have refreshed while this one waited.
	if creds, ok := c.fresh(); ok {
		return creds, nil
	}
	creds, err := c.source.Retrieve(ctx)
	if err != nil {
		if kept, ok := c.keepAfterFailedRefresh(); ok {
			tflog.Warn(ctx, "could not refresh the temporary credentials; signing with the current ones, which have not expired", map[string]any{
				"access_key": kept.AccessKey,
				"expires_at": kept.Expires.UTC().Format(time.RFC3339),
				"error":      err.Error(),
			})
			return kept, nil
		}
		return Credentials{}, err
	}
	now := c.now()
	switch {
	case creds.AccessKey == "" || creds.SecretKey == "":
		return Credentials{}, errors.New("the credential source gave no access key pair")
	case !creds.Expires.IsZero() && !now.Before(creds.Expires):
		return Credentials{}, fmt.Errorf("the temporary credentials obtained had already expired at %s, while this "+
			"machine's clock says %s: check the clock", creds.Expires.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	c.mu.Lock()
	refreshed := c.valid
	c.current, c.refreshAt, c.valid = creds, refreshAt(now, creds.Expires), true
	c.mustRefreshAt = c.refreshAt
	if !creds.Expires.IsZero() {
		c.mustRefreshAt = creds.Expires.Add(-creds.Expires.Sub(c.refreshAt) / 2)
	}
	for _, s := range []string{creds.SecretKey, creds.SecurityToken} {
		if s != "" && !slices.Contains(c.secrets, s) {
			c.secrets = append(c.secrets, s)
		}
	}
	c.mu.Unlock()
	if !creds.Expires.IsZero() {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, creds.SecretKey, creds.SecurityToken)
		tflog.Debug(ctx, "obtained temporary credentials", map[string]any{
			"access_key": creds.AccessKey,
			"expires_at": creds.Expires.UTC().Format(time.RFC3339),
			"refresh":    refreshed,
		})
	}
	return creds, nil
}

// refused marks used as no longer valid after the API refused a request
// signed with them, unless they were replaced already, and reports whether
// the request is worth sending again: only temporary keys get new ones.
func (c *credentialCache) refused(used Credentials) bool {
	if used.Expires.IsZero() {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current.Credentials == used.Credentials {
		c.valid = false
	}
	return true
}

// secretsSeen lists every secret key and security token retrieved so far,
// to be masked in logs.
func (c *credentialCache) secretsSeen() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.secrets)
}
