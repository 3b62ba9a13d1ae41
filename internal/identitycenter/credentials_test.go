package identitycenter

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

const (
	testIdpID   = "ci-oidc"
	testIDToken = "eyJhbGciOiJSUzI1NiJ9.client-test.c2ln"
	testAgency  = "identitycenter-admin"
)

// countingSource hands out keys that expire lifetime after the clock.
type countingSource struct {
	clock     func() time.Time
	lifetime  time.Duration
	retrieved atomic.Int64
}

func (s *countingSource) Retrieve(context.Context) (Credentials, error) {
	n := s.retrieved.Add(1)
	// Slow enough that concurrent callers pile up behind the first.
	time.Sleep(10 * time.Millisecond)
	c := Credentials{Expires: s.clock().Add(s.lifetime)}
	c.AccessKey, c.SecretKey, c.SecurityToken = "AK"+string(rune('0'+n)), "sk", "token"
	return c, nil
}

func (s *countingSource) Identity() string { return "counting" }

func TestCredentialsAreRefreshedOnceForConcurrentRequests(t *testing.T) {
	var offset atomic.Int64
	clock := func() time.Time { return time.Unix(1_700_000_000, 0).Add(time.Duration(offset.Load())) }
	src := &countingSource{clock: clock, lifetime: 30 * time.Second}
	cache := newCredentialCache(src)
	cache.now = clock

	getAll := func() map[string]bool {
		var wg sync.WaitGroup
		var mu sync.Mutex
		keys := map[string]bool{}
		for range 20 {
			wg.Go(func() {
				c, err := cache.get(t.Context())
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				keys[c.AccessKey] = true
				mu.Unlock()
			})
		}
		wg.Wait()
		return keys
	}
	if keys := getAll(); src.retrieved.Load() != 1 || len(keys) != 1 {
		t.Fatalf("first use: %d retrievals, keys %v; want one", src.retrieved.Load(), keys)
	}
	// 30 s keys are replaced 10 s before they expire: at 19 s they still sign.
	offset.Store(int64(19 * time.Second))
	getAll()
	if n := src.retrieved.Load(); n != 1 {
		t.Fatalf("%d retrievals 11 s before expiry, want 1", n)
	}
	offset.Store(int64(21 * time.Second))
	if keys := getAll(); src.retrieved.Load() != 2 || !keys["AK2"] || len(keys) != 1 {
		t.Fatalf("within the margin: %d retrievals, keys %v; want one refresh, all on AK2", src.retrieved.Load(), keys)
	}
}

// failingSource hands out one hour's keys once, and fails every retrieval
// after that.
type failingSource struct {
	clock     func() time.Time
	retrieved atomic.Int64
}

func (s *failingSource) Retrieve(context.Context) (Credentials, error) {
	if s.retrieved.Add(1) > 1 {
		return Credentials{}, &CredentialError{Source: SourceMetadata, Endpoint: "http://169.254.169.254",
			Err: errors.New("metadata timeout")}
	}
	c := Credentials{Expires: s.clock().Add(time.Hour)}
	c.AccessKey, c.SecretKey, c.SecurityToken = "AK1", "sk", "token"
	return c, nil
}

func (s *failingSource) Identity() string { return "failing" }

// One failed refresh must not fail a request while the current keys still
// have minutes to live; once they near expiry, the failure is the answer.
func TestFailedRefreshKeepsKeysThatStillSign(t *testing.T) {
	var offset atomic.Int64
	clock := func() time.Time { return time.Unix(1_700_000_000, 0).Add(time.Duration(offset.Load())) }
	src := &failingSource{clock: clock}
	cache := newCredentialCache(src)
	cache.now = clock
	if _, err := cache.get(t.Context()); err != nil {
		t.Fatal(err)
	}
	// One hour's keys are replaced from 55 minutes on.
	offset.Store(int64(56 * time.Minute))
	if c, err := cache.get(t.Context()); err != nil || c.AccessKey != "AK1" {
		t.Fatalf("4 min before expiry, after a failed refresh: %v, %q; want the current keys", err, c.AccessKey)
	}
	if n := src.retrieved.Load(); n != 2 {
		t.Fatalf("%d retrievals, want 2", n)
	}
	// The next attempt waits a little rather than come with every request.
	if _, err := cache.get(t.Context()); err != nil || src.retrieved.Load() != 2 {
		t.Fatalf("right after a failed refresh: %v, %d retrievals; want the current keys and no new attempt", err, src.retrieved.Load())
	}
	offset.Store(int64(56*time.Minute + failedRefreshPause))
	if _, err := cache.get(t.Context()); err != nil || src.retrieved.Load() != 3 {
		t.Fatalf("after the pause: %v, %d retrievals; want the current keys and a new attempt", err, src.retrieved.Load())
	}
	// Within the last half of the margin the keys may expire on the way.
	offset.Store(int64(57*time.Minute + 31*time.Second))
	if _, err := cache.get(t.Context()); err == nil || !strings.Contains(err.Error(), "metadata timeout") {
		t.Fatalf("2.5 min before expiry: %v, want the refresh's error", err)
	}
}

func TestRefreshMargin(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for lifetime, margin := range map[time.Duration]time.Duration{
		3 * time.Second: time.Second,
		time.Hour:       5 * time.Minute,
		6 * time.Minute: 2 * time.Minute,
	} {
		if got := now.Add(lifetime).Sub(refreshAt(now, now.Add(lifetime))); got != margin {
			t.Errorf("keys living %s are replaced %s before expiry, want %s", lifetime, got, margin)
		}
	}
	if !refreshAt(now, time.Time{}).IsZero() {
		t.Error("keys without an expiry get a refresh time")
	}
}

// credentialTestMock is the mock API with an agency and an identity
// provider, whose clock runs skew ahead of this machine's.
type credentialTestMock struct {
	*mockapi.Server
	url  string
	skew atomic.Int64
}

func newCredentialTestMock(t *testing.T, opts mockapi.Options) *credentialTestMock {
	t.Helper()
	m := &credentialTestMock{}
	opts.Credentials = append(opts.Credentials, mockapi.Credential{AccessKey: testAccessKey, SecretKey: testSecretKey})
	opts.Now = func() time.Time { return time.Now().Add(time.Duration(m.skew.Load())) }
	opts.Seed.Instances = []mockapi.Instance{{InstanceID: testInstance, ApplicationInstances: []mockapi.ApplicationInstance{{
		ApplicationInstanceID: testApp, Profiles: []mockapi.Profile{{ProfileID: "p-1"}, {ProfileID: "p-2"}},
	}}}}
	opts.Seed.Agencies = append(opts.Seed.Agencies, mockapi.Agency{Name: testAgency})
	opts.Seed.IdentityProviders = []mockapi.IdentityProvider{{ID: testIdpID, IDTokens: []string{testIDToken}}}
	srv, err := mockapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	m.Server, m.url = srv, ts.URL
	return m
}

func (m *credentialTestMock) client(t *testing.T, edit func(*Config)) *Client {
	t.Helper()
	return newTestClient(t, m.url, func(c *Config) {
		c.IAMEndpoint = m.url
		c.DomainID = mockapi.DefaultDomainID
		edit(c)
	})
}

// The mock's clock jumps past the keys' expiry: the gateway refuses them
// while the client still holds them fresh. The client gets new keys and
// sends the request once more.
func TestRequestRefusedForExpiredKeysIsRetriedWithNewOnes(t *testing.T) {
	m := newCredentialTestMock(t, mockapi.Options{CredentialLifetime: 10 * time.Minute, RefusePermanentKeys: true})
	c := m.client(t, func(c *Config) {
		c.Credentials = signer.Credentials{}
		c.OIDC = &OIDCConfig{IdpID: testIdpID, IDToken: testIDToken, DurationSeconds: 3600}
	})
	if err := c.Authenticate(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Within the gateway's 15 minutes for X-Sdk-Date.
	m.skew.Store(int64(10 * time.Minute))
	profiles, err := c.ListProfiles(t.Context(), testInstance, testApp)
	if err != nil || len(profiles) != 2 {
		t.Fatalf("ListProfiles = %v, %v; want the 2 profiles after one refresh", profiles, err)
	}
	st := m.Stats()
	if st.Credentials.Expired != 1 || st.Credentials.Federated != 2 || st.Credentials.IDTokens != 2 || st.ListProfiles != 1 {
		t.Errorf("stats = %+v, want one refusal for expiry, two federations, one list", st)
	}
}

func TestAssumeRoleSignsWithTheAgencyKeys(t *testing.T) {
	m := newCredentialTestMock(t, mockapi.Options{RefusePermanentKeys: true})
	c := m.client(t, func(c *Config) {
		c.DomainID = ""
		c.AssumeRole = &AssumeRoleConfig{AgencyName: testAgency, DomainName: mockapi.DefaultDomainName, DurationSeconds: 3600}
	})
	if _, err := c.ListProfiles(t.Context(), testInstance, testApp); err != nil {
		t.Fatal(err)
	}
	if st := m.Stats(); st.Credentials.AssumeRole != 1 || st.ListDomains != 1 || st.Rejected != 0 {
		t.Errorf("stats = %+v, want one assumed agency, one account lookup with its keys, no rejection", st)
	}
}

func TestCredentialErrorsCarryWhatIAMSaid(t *testing.T) {
	m := newCredentialTestMock(t, mockapi.Options{})
	tokenFile := filepath.Join(t.TempDir(), "token")
	for name, tc := range map[string]struct {
		edit   func(*Config)
		source CredentialSourceKind
		status int
		code   string
	}{
		"rejected ID token": {func(c *Config) {
			c.Credentials = signer.Credentials{}
			c.OIDC = &OIDCConfig{IdpID: testIdpID, IDToken: "not-accepted", DurationSeconds: 3600}
		}, SourceOIDC, http.StatusUnauthorized, mockapi.CodeIAMUnauthorized},
		"unknown agency": {func(c *Config) {
			c.AssumeRole = &AssumeRoleConfig{AgencyName: "nope", DomainID: mockapi.DefaultDomainID, DurationSeconds: 3600}
		}, SourceAssumeRole, http.StatusNotFound, mockapi.CodeIAMNotFound},
		"metadata without an agency": {func(c *Config) {
			c.Credentials = signer.Credentials{}
			c.MetadataEndpoint = m.url
		}, SourceMetadata, http.StatusNotFound, ""},
		"missing ID token file": {func(c *Config) {
			c.Credentials = signer.Credentials{}
			c.OIDC = &OIDCConfig{IdpID: testIdpID, IDTokenFile: tokenFile, DurationSeconds: 3600}
		}, SourceOIDC, 0, ""},
	} {
		t.Run(name, func(t *testing.T) {
			err := m.client(t, tc.edit).Authenticate(t.Context())
			var credErr *CredentialError
			if !errors.As(err, &credErr) || credErr.Source != tc.source {
				t.Fatalf("Authenticate() = %v, want a CredentialError from %v", err, tc.source)
			}
			var apiErr *APIError
			if tc.status == 0 {
				if errors.As(err, &apiErr) {
					t.Errorf("%v is an API error", err)
				}
				return
			}
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status || apiErr.ErrorCode != tc.code ||
				(tc.code != "" && apiErr.RequestID == "") {
				t.Errorf("Authenticate() = %v, want HTTP %d %s with a request ID", err, tc.status, tc.code)
			}
		})
	}
	if len(m.Snapshot().Instances[0].ApplicationInstances[0].Profiles) != 2 {
		t.Error("a credential flow changed the store")
	}
}

// A machine that is not an ECS server: the address accepts connections and
// never answers.
func TestMetadataGivesUpWithinASecond(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	c := newTestClient(t, "http://127.0.0.1:1", func(c *Config) {
		c.Credentials = signer.Credentials{}
		c.MetadataEndpoint = "http://" + ln.Addr().String()
	})
	start := time.Now()
	err = c.Authenticate(t.Context())
	if took := time.Since(start); took > 3*MetadataTimeout {
		t.Errorf("gave up after %s", took)
	}
	var transportErr *TransportError
	if !errors.As(err, &transportErr) || !errors.As(err, new(*CredentialError)) {
		t.Errorf("Authenticate() = %v, want a transport error of the metadata source", err)
	}
}

func TestLoadSharedProfile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte(`{"current":"dev","profiles":[
  {"name":"dev","mode":"AKSK","accessKeyId":"AKDEV","secretAccessKey":"sk-dev","region":"cn-north-4"},
  {"name":"member","mode":"AKSK","accessKeyId":"AKM","secretAccessKey":"sk-m","agencyName":"admin","agencyDomainName":"member"},
  {"name":"ecs","mode":"ecsAgency"},
  {"name":"sso","mode":"SSO"},
  {"name":"half","accessKeyId":"AK"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if p, err := LoadSharedProfile(path, ""); err != nil || p.AccessKeyID != "AKDEV" {
		t.Errorf("current profile = %+v, %v", p, err)
	}
	if p, err := LoadSharedProfile(path, "member"); err != nil || p.AgencyName != "admin" || p.AgencyDomainName != "member" {
		t.Errorf("member = %+v, %v", p, err)
	}
	if p, err := LoadSharedProfile(path, "ecs"); err != nil || p.Mode != ModeECSAgency {
		t.Errorf("ecs = %+v, %v", p, err)
	}
	for name, want := range map[string]string{
		"missing": `the file has no profile "missing"; it has "dev", "member", "ecs", "sso", "half"`,
		"sso":     `profile "sso" has mode "SSO"`,
		"half":    `profile "half" (mode AKSK) lacks accessKeyId or secretAccessKey`,
	} {
		if _, err := LoadSharedProfile(path, name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("profile %s: %v, want %q", name, err, want)
		}
	}
	if _, err := LoadSharedProfile(filepath.Join(dir, "absent.json"), "dev"); err == nil || !strings.Contains(err.Error(), "cannot read the file") {
		t.Errorf("absent file: %v", err)
	}
}

func TestCredentialAnswerTakesTheSDKsNames(t *testing.T) {
	for name, body := range map[string]string{
		"IAM":       `{"credential":{"access":"AK","secret":"SK","securitytoken":"ST","expires_at":"2026-12-03T09:00:00.000000Z"}}`,
		"alternate": `{"credential":{"accessKeyId":"AK","secretAccessKey":"SK","securityToken":"ST","expiration":"2026-12-03T09:00:00Z"}}`,
	} {
		var a credentialAnswer
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			t.Fatal(err)
		}
		c, err := a.credentials()
		want := Credentials{Expires: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
		want.AccessKey, want.SecretKey, want.SecurityToken = "AK", "SK", "ST"
		if err != nil || c != want {
			t.Errorf("%s: %+v, %v; want %+v", name, c, err, want)
		}
	}
	var a credentialAnswer
	if err := json.Unmarshal([]byte(`{"credential":{"access":"AK","secret":"SK","expires_at":"2026-12-03T09:00:00Z"}}`), &a); err != nil {
		t.Fatal(err)
	}
	if _, err := a.credentials(); err == nil {
		t.Error("an answer without a security token was taken")
	}
}
