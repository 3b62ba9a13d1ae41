package mockapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

const listDomains = "/v3/auth/domains"

// signedIAM sends a lookup signed as the SDK does before it knows the
// account: without X-Domain-Id.
func signedIAM(t *testing.T, srvURL string, creds *signer.Credentials) *http.Response {
	t.Helper()
	return signedLookup(t, srvURL+listDomains, creds)
}

// signedLookup sends a GET of url signed without X-Domain-Id.
func signedLookup(t *testing.T, url string, creds *signer.Credentials) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if creds != nil {
		if err := signer.Sign(req, nil, *creds, testNow); err != nil {
			t.Fatal(err)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func newIAMServer(t *testing.T, seed mockapi.Seed, creds ...mockapi.Credential) (*mockapi.Server, string) {
	t.Helper()
	srv, err := mockapi.New(mockapi.Options{Credentials: creds, Seed: seed, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

func readAll(t *testing.T, res *http.Response) []byte {
	t.Helper()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestListDomains(t *testing.T) {
	t.Parallel()
	seed := threeProfiles()
	seed.DomainID, seed.DomainName = "d0000000000000000000000000000001", "acme"
	srv, url := newIAMServer(t, seed, mockapi.Credential{AccessKey: goodCreds.AccessKey, SecretKey: goodCreds.SecretKey})

	res := signedIAM(t, url, &goodCreds)
	var got struct {
		Domains []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"domains"`
	}
	body := readAll(t, res)
	decodeStrict(t, body, &got)
	if res.StatusCode != http.StatusOK || len(got.Domains) != 1 || got.Domains[0].ID != seed.DomainID || got.Domains[0].Name != "acme" {
		t.Fatalf("%d %s, want the seed's account", res.StatusCode, body)
	}
	if id := res.Header.Get("X-IAM-Trace-Id"); !requestIDPattern.MatchString(id) {
		t.Errorf("X-IAM-Trace-Id = %q", id)
	}
	if st := srv.Stats(); st.ListDomains != 1 || st.ListProfiles != 0 || st.Total != 1 {
		t.Errorf("stats = %+v, want one lookup", st)
	}
	if snap := srv.Snapshot(); snap.DomainID != seed.DomainID || snap.DomainName != "acme" {
		t.Errorf("snapshot account = %q %q", snap.DomainID, snap.DomainName)
	}
}

func TestListDomainsRefusals(t *testing.T) {
	t.Parallel()
	noDomain := signer.Credentials{AccessKey: "AKNODOMAIN", SecretKey: "sk-no-domain"}
	deniedIAM := signer.Credentials{AccessKey: "AKIAMDENIED", SecretKey: "sk-iam-denied"}
	wrongSecret := goodCreds
	wrongSecret.SecretKey = "not-the-secret"
	srv, url := newIAMServer(t, mockapi.Seed{},
		mockapi.Credential{AccessKey: goodCreds.AccessKey, SecretKey: goodCreds.SecretKey},
		mockapi.Credential{AccessKey: noDomain.AccessKey, SecretKey: noDomain.SecretKey, IAM: mockapi.IAMListsNoDomain},
		mockapi.Credential{AccessKey: deniedIAM.AccessKey, SecretKey: deniedIAM.SecretKey, IAM: mockapi.IAMDenied})

	if body := readAll(t, signedIAM(t, url, &noDomain)); string(body) != `{"domains":[]}` {
		t.Errorf("without iam:users:getUser: %s, want an empty list", body)
	}
	for _, tc := range []struct {
		name         string
		creds        *signer.Credentials
		status       int
		code, reason string
	}{
		{"unsigned", nil, http.StatusUnauthorized, mockapi.CodeIAMUnauthorized, "Authorization header is missing"},
		{"wrong secret", &wrongSecret, http.StatusUnauthorized, mockapi.CodeIAMUnauthorized, "verify aksk signature fail"},
		{"denied", &deniedIAM, http.StatusForbidden, mockapi.CodeIAMForbidden, "iam:users:getUser"},
	} {
		res := signedIAM(t, url, tc.creds)
		body := readAll(t, res)
		var got struct {
			Error struct{ Code, Message, Title string } `json:"error"`
		}
		decodeStrict(t, body, &got)
		if res.StatusCode != tc.status || got.Error.Code != tc.code || !strings.Contains(got.Error.Message, tc.reason) {
			t.Errorf("%s: %d %s, want %d %s with %q", tc.name, res.StatusCode, body, tc.status, tc.code, tc.reason)
		}
	}
	if st := srv.Stats(); st.ListDomains != 1 || st.Rejected != 3 {
		t.Errorf("stats = %+v, want one lookup served and three rejected", st)
	}
}

// STS answers the account of any keys that sign the request, those without
// iam:users:getUser included: it is where the SDK turns when IAM lists none.
func TestCallerIdentity(t *testing.T) {
	t.Parallel()
	noDomain := signer.Credentials{AccessKey: "AKNODOMAIN", SecretKey: "sk-no-domain"}
	wrongSecret := noDomain
	wrongSecret.SecretKey = "not-the-secret"
	srv, url := newIAMServer(t, mockapi.Seed{DomainID: "acme0123456789"},
		mockapi.Credential{AccessKey: noDomain.AccessKey, SecretKey: noDomain.SecretKey, IAM: mockapi.IAMListsNoDomain})

	res := signedLookup(t, url+"/v5/caller-identity", &noDomain)
	if body := readAll(t, res); res.StatusCode != http.StatusOK || string(body) != `{"account_id":"acme0123456789"}` {
		t.Errorf("caller identity: %d %s", res.StatusCode, body)
	}
	res = signedLookup(t, url+"/v5/caller-identity", &wrongSecret)
	if body := readAll(t, res); res.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "APIGW.0301") {
		t.Errorf("wrong secret: %d %s, want 401 APIGW.0301", res.StatusCode, body)
	}
	if st := srv.Stats(); st.CallerIdentity != 1 || st.Rejected != 1 {
		t.Errorf("stats = %+v, want one answer and one refusal", st)
	}
}
