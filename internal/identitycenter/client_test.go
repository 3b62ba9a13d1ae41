package identitycenter

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

func TestNewRefusesBadConfig(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr []string
	}{
		{"empty access key", func(c *Config) { c.Credentials.AccessKey = "" }, []string{"access key"}},
		{"empty secret key", func(c *Config) { c.Credentials.SecretKey = "" }, []string{"secret key"}},
		{"no credentials", func(c *Config) { c.Credentials = signer.Credentials{} }, []string{"access key", "secret key"}},
		{"negative retries", func(c *Config) { c.MaxRetries = -1 }, []string{"max retries", "-1"}},
		{"empty endpoint", func(c *Config) { c.Endpoint = "" }, []string{"https://"}},
		{"no scheme", func(c *Config) { c.Endpoint = "identitycenter.myhuaweicloud.com" }, []string{"identitycenter.myhuaweicloud.com", "https://"}},
		{"ftp scheme", func(c *Config) { c.Endpoint = "ftp://identitycenter.myhuaweicloud.com" }, []string{"ftp://identitycenter.myhuaweicloud.com", "https://"}},
		{"no host", func(c *Config) { c.Endpoint = "https://" }, []string{"no host"}},
		{"path without host", func(c *Config) { c.Endpoint = "https:///v1" }, []string{"no host"}},
		{"opaque", func(c *Config) { c.Endpoint = "https:identitycenter.myhuaweicloud.com" }, []string{"no host"}},
		{"query", func(c *Config) { c.Endpoint = "https://identitycenter.myhuaweicloud.com/?region=x" }, []string{"query"}},
		{"fragment", func(c *Config) { c.Endpoint = "https://identitycenter.myhuaweicloud.com#frag" }, []string{"fragment"}},
		{"user info", func(c *Config) { c.Endpoint = "https://admin@identitycenter.myhuaweicloud.com" }, []string{"user info"}},
		{"unparsable", func(c *Config) { c.Endpoint = "https://[::1" }, []string{"not a URL"}},
		{"bad port", func(c *Config) { c.Endpoint = "https://host:port" }, []string{"not a URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig("https://identitycenter.myhuaweicloud.com")
			tt.edit(&cfg)
			c, err := New(cfg)
			if err == nil {
				t.Fatalf("New succeeded with endpoint %q, want an error", c.Endpoint())
			}
			if c != nil {
				t.Error("New returned a client alongside the error")
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestEndpointErrorDoesNotEchoPassword(t *testing.T) {
	const password = "hunter2-very-secret"
	_, err := ParseEndpoint("https://admin:" + password + "@identitycenter.myhuaweicloud.com")
	if err == nil {
		t.Fatal("an endpoint with user info was accepted")
	}
	if !strings.Contains(err.Error(), "user info") {
		t.Errorf("error %q does not name the problem", err)
	}
	// The message ends up in Terraform's output and logs.
	if strings.Contains(err.Error(), password) {
		t.Errorf("error %q repeats the password", err)
	}
}

func TestNewAcceptsGoodConfig(t *testing.T) {
	for _, tt := range []struct{ endpoint, want string }{
		{"https://identitycenter.myhuaweicloud.com", "https://identitycenter.myhuaweicloud.com"},
		{"https://identitycenter.myhuaweicloud.eu/", "https://identitycenter.myhuaweicloud.eu"},
		{"http://127.0.0.1:8080/mock/", "http://127.0.0.1:8080/mock"},
		{"http://127.0.0.1:8080/mock//", "http://127.0.0.1:8080/mock"},
		{"https://[::1]:8443", "https://[::1]:8443"},
	} {
		cfg := testConfig(tt.endpoint)
		cfg.MaxRetries = 0
		c, err := New(cfg)
		if err != nil {
			t.Errorf("New(%q): %v", tt.endpoint, err)
			continue
		}
		if got := c.Endpoint(); got != tt.want {
			t.Errorf("Endpoint() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseEndpointTrimsTrailingSlash(t *testing.T) {
	for in, want := range map[string]string{
		"https://identitycenter.myhuaweicloud.com/": "https://identitycenter.myhuaweicloud.com",
		"https://identitycenter.myhuaweicloud.com":  "https://identitycenter.myhuaweicloud.com",
		"http://localhost:9000/prefix/":             "http://localhost:9000/prefix",
		"http://localhost:9000/a/b///":              "http://localhost:9000/a/b",
		"HTTPS://IdentityCenter.MyHuaweiCloud.com/": "https://IdentityCenter.MyHuaweiCloud.com",
	} {
		u, err := ParseEndpoint(in)
		if err != nil {
			t.Errorf("ParseEndpoint(%q): %v", in, err)
			continue
		}
		if u.String() != want {
			t.Errorf("ParseEndpoint(%q) = %q, want %q", in, u.String(), want)
		}
		if strings.HasSuffix(u.Path, "/") {
			t.Errorf("ParseEndpoint(%q).Path = %q ends in a slash", in, u.Path)
		}
	}
}

func TestNewDefaultsRetryWaits(t *testing.T) {
	cfg := testConfig("https://identitycenter.myhuaweicloud.com")
	cfg.RetryWaitMin, cfg.RetryWaitMax = 0, 0
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.http.RetryWaitMin <= 0 || c.http.RetryWaitMax < c.http.RetryWaitMin {
		t.Errorf("waits = %s..%s, want positive defaults", c.http.RetryWaitMin, c.http.RetryWaitMax)
	}
	if c.http.RetryMax != cfg.MaxRetries {
		t.Errorf("RetryMax = %d, want %d", c.http.RetryMax, cfg.MaxRetries)
	}
}

// A redirect is answered as is: following it would sign the request, with the
// security token, for whatever host it names.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		elsewhere.Add(1)
		writeJSON(w, http.StatusOK, `{"application_profiles":[]}`)
	}))
	t.Cleanup(other.Close)
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	})

	_, err := newTestClient(t, srv.URL).ListProfiles(t.Context(), testInstance, testApp)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusFound {
		t.Errorf("ListProfiles error = %v, want an APIError with HTTP 302", err)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests", n)
	}
}

func TestParseEndpointRejectsBadHostOrPort(t *testing.T) {
	for endpoint, want := range map[string]string{
		"https://:443":                 "has no host",
		"https://ic.example.com:99999": "port 99999 is not from 1 to 65535",
		"https://ic.example.com:0":     "port 0 is not from 1 to 65535",
	} {
		if _, err := ParseEndpoint(endpoint); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseEndpoint(%q) = %v, want an error saying %q", endpoint, err, want)
		}
	}
}

func TestUnparsableEndpointErrorDoesNotEchoPassword(t *testing.T) {
	const password = "hunter2-very-secret"
	for endpoint, secrets := range map[string][]string{
		"https://admin:" + password + "@identitycenter.myhuaweicloud.com:99x": {password},
		"https://admin:" + password + "@identity center.myhuaweicloud.com":    {password},
		"admin:" + password + "@identitycenter.myhuaweicloud.com/%zz":         {password},
		"https://admin:" + password + "%zz@identitycenter.myhuaweicloud.com":  {password, "%zz"},
		"admin:" + password + "://x@identitycenter.myhuaweicloud.com":         {password, "admin"},
	} {
		_, err := ParseEndpoint(endpoint)
		if err == nil {
			t.Errorf("ParseEndpoint(%q) accepted it", endpoint)
			continue
		}
		for _, secret := range secrets {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q repeats %q", err, secret)
			}
		}
	}
}
