package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// The credential flags: an identity provider's token becomes keys that work
// on Identity Center, where the permanent key is refused, until the
// lifetime the flag gives them ends.
func TestRunIssuesTemporaryCredentials(t *testing.T) {
	clearEnv(t)
	r := start(t, "-quiet", "-access-key", testAK, "-secret-key", testSK, "-seed", writeFile(t, testSeed),
		"-agency", "admin", "-metadata-agency", "ecs", "-idp-id", "ci", "-id-token", "tok-1", "-id-token", "tok-2",
		"-credential-lifetime", "1s", "-refuse-permanent-keys")
	if status, body := get(t, r.url+testList, &signer.Credentials{AccessKey: testAK, SecretKey: testSK}); status != http.StatusUnauthorized ||
		!strings.Contains(body, "permanent key") {
		t.Errorf("list with the permanent key: %d %s, want 401", status, body)
	}

	post := func(path, body string, header http.Header) *http.Response {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, r.url+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	res := post("/v3.0/OS-AUTH/id-token/tokens", `{"auth":{"id_token":{"id":"tok-2"}}}`, http.Header{"X-Idp-Id": {"ci"}})
	subject := res.Header.Get("X-Subject-Token")
	if res.StatusCode != http.StatusCreated || subject == "" {
		t.Fatalf("ID token exchange: %d", res.StatusCode)
	}
	res = post("/v3.0/OS-CREDENTIAL/securitytokens", `{"auth":{"identity":{"methods":["token"],"token":{"id":"`+subject+`"}}}}`, nil)
	var answer struct {
		Credential struct{ Access, Secret, Securitytoken string } `json:"credential"`
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("subject token exchange: %d %v", res.StatusCode, err)
	}
	temp := &signer.Credentials{AccessKey: answer.Credential.Access, SecretKey: answer.Credential.Secret, SecurityToken: answer.Credential.Securitytoken}
	if status, body := get(t, r.url+testList, temp); status != http.StatusOK {
		t.Errorf("list with the federated keys: %d %s", status, body)
	}
	time.Sleep(1100 * time.Millisecond)
	if status, body := get(t, r.url+testList, temp); status != http.StatusUnauthorized || !strings.Contains(body, "expired") {
		t.Errorf("list after the lifetime: %d %s, want 401 expired", status, body)
	}

	stats, err := http.Get(r.url + "/_mock/stats") //nolint:noctx // a test's request to its own server
	if err != nil {
		t.Fatal(err)
	}
	defer stats.Body.Close()
	body, _ := io.ReadAll(stats.Body)
	for _, want := range []string{`"id_tokens": 1`, `"federated": 1`, `"expired": 1`, `"permanent_key": 1`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("stats lack %s: %s", want, body)
		}
	}
}

func TestRunIDTokenNeedsAnIdentityProvider(t *testing.T) {
	clearEnv(t)
	err := run(t.Context(), []string{"-access-key", testAK, "-secret-key", testSK, "-id-token", "tok"}, io.Discard, io.Discard)
	if !errors.As(err, new(usageError)) || !strings.Contains(err.Error(), "-id-token needs -idp-id") {
		t.Errorf("run = %v, want a usage error", err)
	}
}
