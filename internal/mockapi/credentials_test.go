package mockapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

const (
	testAgency  = "identitycenter-admin"
	testIdpID   = "ci-oidc"
	testIDToken = "eyJhbGciOiJSUzI1NiJ9.accepted.c2ln"
)

// credentialMock is a mock with an agency, an identity provider and a
// clock the test moves.
type credentialMock struct {
	srv   *mockapi.Server
	ts    *httptest.Server
	clock atomic.Int64 // seconds after testNow
}

func (m *credentialMock) now() time.Time {
	return testNow.Add(time.Duration(m.clock.Load()) * time.Second)
}

func newCredentialMock(t *testing.T, opts mockapi.Options) *credentialMock {
	t.Helper()
	m := &credentialMock{}
	opts.Credentials = testCredentials()
	opts.Now = m.now
	if opts.Seed.Instances == nil {
		opts.Seed.Instances = threeProfiles().Instances
	}
	opts.Seed.Agencies = append(opts.Seed.Agencies, mockapi.Agency{Name: testAgency})
	opts.Seed.IdentityProviders = []mockapi.IdentityProvider{{ID: testIdpID, IDTokens: []string{testIDToken}}}
	srv, err := mockapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	m.srv, m.ts = srv, httptest.NewServer(srv)
	t.Cleanup(m.ts.Close)
	return m
}

// issued decodes a 201 answer of securitytokens or of the metadata service.
func issued(t *testing.T, res response, status int) signer.Credentials {
	t.Helper()
	if res.status != status {
		t.Fatalf("status = %d, want %d; body %s", res.status, status, res.body)
	}
	var answer struct {
		Credential map[string]string `json:"credential"`
	}
	if err := json.Unmarshal(res.body, &answer); err != nil {
		t.Fatalf("answer %s: %v", res.body, err)
	}
	c := answer.Credential
	if _, err := time.Parse("2006-01-02T15:04:05Z", c["expires_at"]); err != nil {
		t.Errorf("expires_at %q does not parse as the SDK parses it: %v", c["expires_at"], err)
	}
	return signer.Credentials{AccessKey: c["access"], SecretKey: c["secret"], SecurityToken: c["securitytoken"]}
}

// wantIAMError checks an IAM error answer: {"error":{"code","message"}}.
func wantIAMError(t *testing.T, res response, status int, code, msgContains string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if res.status != status || json.Unmarshal(res.body, &e) != nil || e.Error.Code != code || !strings.Contains(e.Error.Message, msgContains) {
		t.Errorf("got %d %s, want %d %s with %q", res.status, res.body, status, code, msgContains)
	}
	if res.header.Get(mockapi.HeaderIAMTraceID) == "" {
		t.Errorf("no %s on %s", mockapi.HeaderIAMTraceID, res.body)
	}
}

func assumeRoleBody(agency, domainField, domain string, duration int) []byte {
	return []byte(`{"auth":{"identity":{"methods":["assume_role"],"assume_role":{"agency_name":"` + agency +
		`","` + domainField + `":"` + domain + `","duration_seconds":` + strconv.Itoa(duration) + `}}}}`)
}

func TestAssumeRoleCredentialsWorkUntilTheyExpire(t *testing.T) {
	m := newCredentialMock(t, mockapi.Options{CredentialLifetime: 5 * time.Second})
	before := m.srv.Snapshot()
	temp := issued(t, send(t, m.ts, http.MethodPost, "/v3.0/OS-CREDENTIAL/securitytokens",
		assumeRoleBody(testAgency, "domain_name", mockapi.DefaultDomainName, 3600), &goodCreds, m.now()), http.StatusCreated)
	if temp.AccessKey == "" || temp.SecretKey == "" || temp.SecurityToken == "" {
		t.Fatalf("issued %+v, want keys and a token", temp)
	}

	if res := send(t, m.ts, http.MethodGet, listPath(testInstance, testApp), nil, &temp, m.now()); res.status != http.StatusOK {
		t.Errorf("list with the temporary keys = %d %s", res.status, res.body)
	}
	noToken := temp
	noToken.SecurityToken = ""
	wantError(t, send(t, m.ts, http.MethodGet, listPath(testInstance, testApp), nil, &noToken, m.now()),
		http.StatusUnauthorized, mockapi.CodeAuthFailed, "security token is missing or invalid")

	m.clock.Store(5)
	wantError(t, send(t, m.ts, http.MethodGet, listPath(testInstance, testApp), nil, &temp, m.now()),
		http.StatusUnauthorized, mockapi.CodeAuthFailed, "the temporary credentials expired at")

	st := m.srv.Stats().Credentials
	if st.AssumeRole != 1 || st.Expired != 1 || st.Issued() != 1 {
		t.Errorf("credential stats = %+v, want one assumed, one expired", st)
	}
	if after := m.srv.Snapshot(); !reflect.DeepEqual(before, after) {
		t.Errorf("issuing credentials changed the store:\nbefore %+v\nafter  %+v", before, after)
	}
}

func TestAssumeRoleRefusals(t *testing.T) {
	m := newCredentialMock(t, mockapi.Options{})
	path := "/v3.0/OS-CREDENTIAL/securitytokens"
	wantIAMError(t, send(t, m.ts, http.MethodPost, path, assumeRoleBody("no-such-agency", "domain_id", mockapi.DefaultDomainID, 3600), &goodCreds, m.now()),
		http.StatusNotFound, mockapi.CodeIAMNotFound, `agency "no-such-agency" does not exist`)
	wantIAMError(t, send(t, m.ts, http.MethodPost, path, assumeRoleBody(testAgency, "domain_name", "other-account", 3600), &goodCreds, m.now()),
		http.StatusNotFound, mockapi.CodeIAMNotFound, `in domain "other-account"`)
	wantIAMError(t, send(t, m.ts, http.MethodPost, path, assumeRoleBody(testAgency, "domain_name", mockapi.DefaultDomainName, 3600), nil, m.now()),
		http.StatusUnauthorized, mockapi.CodeIAMUnauthorized, "Authorization header is missing")
	wantIAMError(t, send(t, m.ts, http.MethodPost, path, assumeRoleBody(testAgency, "domain_name", mockapi.DefaultDomainName, 60), &goodCreds, m.now()),
		http.StatusBadRequest, mockapi.CodeIAMBadRequest, "duration_seconds must be from 900 to 86400")
	wantIAMError(t, send(t, m.ts, http.MethodPost, path, []byte(`{"auth":{"identity":{"methods":["password"]}}}`), &goodCreds, m.now()),
		http.StatusBadRequest, mockapi.CodeIAMBadRequest, "auth.identity.methods")
	if st := m.srv.Stats().Credentials; st.Refused != 5 || st.Issued() != 0 {
		t.Errorf("credential stats = %+v, want 5 refused, none issued", st)
	}
}

func idTokenRequest(t *testing.T, m *credentialMock, idp, token string) response {
	t.Helper()
	req := newRequest(t, m.ts, http.MethodPost, "/v3.0/OS-AUTH/id-token/tokens", []byte(`{"auth":{"id_token":{"id":"`+token+`"}}}`))
	if idp != "" {
		req.Header.Set(mockapi.HeaderIdpID, idp)
	}
	return do(t, m.ts, req)
}

func TestFederationExchangesAnIDTokenForCredentials(t *testing.T) {
	m := newCredentialMock(t, mockapi.Options{RefusePermanentKeys: true})
	res := idTokenRequest(t, m, testIdpID, testIDToken)
	subject := res.header.Get(mockapi.HeaderSubjectToken)
	var answer struct {
		Token struct {
			ExpiresAt string `json:"expires_at"`
		} `json:"token"`
	}
	if res.status != http.StatusCreated || subject == "" || res.header.Get("X-Request-Id") == "" ||
		json.Unmarshal(res.body, &answer) != nil || answer.Token.ExpiresAt == "" {
		t.Fatalf("ID token answer = %d %v %s, want 201 with X-Subject-Token, X-Request-Id and token.expires_at", res.status, res.header, res.body)
	}
	body := []byte(`{"auth":{"identity":{"methods":["token"],"token":{"id":"` + subject + `","duration_seconds":21600}}}}`)
	temp := issued(t, send(t, m.ts, http.MethodPost, "/v3.0/OS-CREDENTIAL/securitytokens", body, nil, m.now()), http.StatusCreated)
	if res := send(t, m.ts, http.MethodGet, listPath(testInstance, testApp), nil, &temp, m.now()); res.status != http.StatusOK {
		t.Errorf("list with the federated keys = %d %s", res.status, res.body)
	}
	// The permanent keys, refused on Identity Center, still work on IAM.
	wantError(t, signed(t, m.ts, http.MethodGet, listPath(testInstance, testApp)), http.StatusUnauthorized, mockapi.CodeAuthFailed,
		"is a permanent key, and this API accepts only temporary credentials")
	if res := signedIAM(t, m.ts.URL, &goodCreds); res.StatusCode != http.StatusOK {
		t.Errorf("IAM refused the permanent keys: %d", res.StatusCode)
	}

	wantIAMError(t, idTokenRequest(t, m, testIdpID, "not-an-accepted-token"), http.StatusUnauthorized, mockapi.CodeIAMUnauthorized,
		`the ID token is not valid for identity provider "ci-oidc"`)
	wantIAMError(t, idTokenRequest(t, m, "no-such-idp", testIDToken), http.StatusNotFound, mockapi.CodeIAMNotFound,
		`identity provider "no-such-idp" does not exist`)
	wantIAMError(t, idTokenRequest(t, m, "", testIDToken), http.StatusBadRequest, mockapi.CodeIAMBadRequest, "X-Idp-Id header is required")
	wantIAMError(t, send(t, m.ts, http.MethodPost, "/v3.0/OS-CREDENTIAL/securitytokens",
		[]byte(`{"auth":{"identity":{"methods":["token"],"token":{"id":"forged"}}}}`), nil, m.now()),
		http.StatusUnauthorized, mockapi.CodeIAMUnauthorized, "the token is invalid or has expired")
	st := m.srv.Stats().Credentials
	if st.IDTokens != 1 || st.Federated != 1 || st.PermanentKey != 1 || st.Refused != 4 {
		t.Errorf("credential stats = %+v", st)
	}
}

func TestMetadataServiceHandsOutTheAgencyKeys(t *testing.T) {
	m := newCredentialMock(t, mockapi.Options{Seed: mockapi.Seed{SeedCredentials: mockapi.SeedCredentials{MetadataAgency: testAgency}}})
	keyReq := func(token string) response {
		req := newRequest(t, m.ts, http.MethodGet, "/openstack/latest/securitykey", nil)
		if token != "" {
			req.Header.Set(mockapi.HeaderMetadataToken, token)
		}
		return do(t, m.ts, req)
	}
	if res := keyReq(""); res.status != http.StatusUnauthorized {
		t.Errorf("securitykey without a token = %d, want 401", res.status)
	}
	req := newRequest(t, m.ts, http.MethodPut, "/meta-data/latest/api/token", nil)
	req.Header.Set(mockapi.HeaderMetadataTokenTTL, "21600")
	res := do(t, m.ts, req)
	if res.status != http.StatusOK || len(res.body) == 0 {
		t.Fatalf("token = %d %q", res.status, res.body)
	}
	temp := issued(t, keyReq(string(res.body)), http.StatusOK)
	if res := send(t, m.ts, http.MethodGet, listPath(testInstance, testApp), nil, &temp, m.now()); res.status != http.StatusOK {
		t.Errorf("list with the metadata keys = %d %s", res.status, res.body)
	}

	// A server without an agency.
	bare := newCredentialMock(t, mockapi.Options{})
	req = newRequest(t, bare.ts, http.MethodPut, "/meta-data/latest/api/token", nil)
	req.Header.Set(mockapi.HeaderMetadataTokenTTL, "60")
	token := do(t, bare.ts, req).body
	req = newRequest(t, bare.ts, http.MethodGet, "/openstack/latest/securitykey", nil)
	req.Header.Set(mockapi.HeaderMetadataToken, string(token))
	if res := do(t, bare.ts, req); res.status != http.StatusNotFound || !strings.Contains(string(res.body), "Agency") {
		t.Errorf("securitykey without an agency = %d %s, want 404", res.status, res.body)
	}
}

func TestSeedCredentialsAreValidated(t *testing.T) {
	seed := mockapi.Seed{SeedCredentials: mockapi.SeedCredentials{
		Agencies:                  []mockapi.Agency{{Name: "a"}, {Name: "a"}, {}},
		IdentityProviders:         []mockapi.IdentityProvider{{ID: "", IDTokens: []string{""}}},
		MetadataAgency:            "missing",
		CredentialLifetimeSeconds: -1,
	}}
	err := seed.Validate()
	for _, want := range []string{`agencies[1].name: duplicate "a"`, "agencies[2].name: must not be empty",
		`metadata_agency: "missing" is not among the agencies`, "identity_providers[0].id: must not be empty",
		"identity_providers[0].id_tokens", "credential_lifetime_seconds: must not be negative"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to say %q", err, want)
		}
	}
}
