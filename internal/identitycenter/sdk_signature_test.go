package identitycenter

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer/algorithm"
	sdkrequest "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// What the client puts on the wire carries the Authorization header that the
// official SDK's global credentials, those its Identity Center client uses,
// compute for the same request, date and headers: X-Domain-Id and
// X-Security-Token are added and signed as the SDK adds and signs them.
func TestClientSignatureMatchesOfficialSDK(t *testing.T) {
	const token = "session-token-for-sdk-check"
	srv := newAPIServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Method == http.MethodGet {
			writeJSON(w, http.StatusOK, `{"application_profiles":[]}`)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	client, err := New(Config{
		Endpoint:    srv.URL,
		DomainID:    testDomainID,
		Credentials: signer.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey, SecurityToken: token},
		UserAgent:   testUserAgent,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.ListProfiles(t.Context(), testInstance, testApp); err != nil {
		t.Fatal(err)
	}
	if err := client.DeleteProfile(t.Context(), testInstance, testApp, "p-dc6434b56c4e5221"); err != nil {
		t.Fatal(err)
	}

	reqs := srv.requests()
	if len(reqs) != 2 {
		t.Fatalf("the server saw %d requests, want 2", len(reqs))
	}
	for _, r := range reqs {
		auth := r.Header.Get("Authorization")
		signedPart := strings.Join(signedHeaderNames(t, auth), ";")
		if signedPart != "accept;user-agent;x-domain-id;x-sdk-date;x-security-token" {
			t.Errorf("%s signs %q, want accept, user-agent, x-domain-id, x-sdk-date and x-security-token", r.Method, signedPart)
		}
		if got := r.Header.Get("X-Domain-Id"); got != testDomainID {
			t.Errorf("%s sent X-Domain-Id %q, want %q", r.Method, got, testDomainID)
		}
		if got := r.Header.Get("X-Security-Token"); got != token {
			t.Errorf("%s sent X-Security-Token %q, want the configured token", r.Method, got)
		}

		if sdkAuth, _ := sdkRequest(t, srv.URL, r, token, nil); sdkAuth != auth {
			t.Errorf("%s %s\n client: %s\n    SDK: %s", r.Method, r.Path, auth, sdkAuth)
		}
	}
}

// A page marker goes on the wire, and into the signature, as the SDK puts
// it: a space as %20, a plus as %2B.
func TestClientQueryMatchesOfficialSDK(t *testing.T) {
	const marker = "a b+c/d=e"
	srv := newAPIServer(t, func(w http.ResponseWriter, _ *http.Request, attempt int) {
		if attempt == 1 {
			writeJSON(w, http.StatusOK, `{"application_assignments":[],"page_info":{"next_marker":"`+marker+`"}}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"application_assignments":[]}`)
	})
	client, err := New(Config{
		Endpoint:    srv.URL,
		DomainID:    testDomainID,
		Credentials: signer.Credentials{AccessKey: testAccessKey, SecretKey: testSecretKey},
		UserAgent:   testUserAgent,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.ListAssignments(t.Context(), testInstance, testApp); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 2 {
		t.Fatalf("the server saw %d requests, want 2", len(reqs))
	}
	r := reqs[1]
	// As the SDK's generated client passes query fields.
	query := map[string]any{"limit": reflect.ValueOf(int32(100)), "marker": reflect.ValueOf(marker)}
	sdkAuth, sdkQuery := sdkRequest(t, srv.URL, r, "", query)
	if _, rawQuery, _ := strings.Cut(r.RequestURI, "?"); rawQuery != sdkQuery {
		t.Errorf("query on the wire\n client: %s\n    SDK: %s", rawQuery, sdkQuery)
	}
	if auth := r.Header.Get("Authorization"); auth != sdkAuth {
		t.Errorf("GET %s\n client: %s\n    SDK: %s", r.RequestURI, auth, sdkAuth)
	}
}

// sdkRequest builds the official SDK's request for what the client sent as
// r, with the headers the client set itself and query, and returns its
// Authorization header and the query it puts on the wire. The SDK's global
// credentials add the account and, when token is set, the token.
func sdkRequest(t *testing.T, endpoint string, r seen, token string, query map[string]any) (authorization, rawQuery string) {
	t.Helper()
	builder := sdkrequest.NewHttpRequestBuilder().WithEndpoint(endpoint).WithPath(r.Path).WithMethod(r.Method).
		WithSigningAlgorithm(algorithm.HmacSHA256)
	for _, name := range []string{"Accept", "User-Agent", signer.HeaderDate} {
		builder = builder.AddHeaderParam(name, r.Header.Get(name))
	}
	for key, value := range query {
		builder = builder.AddQueryParam(key, value)
	}
	creds := global.NewCredentialsBuilder().WithAk(testAccessKey).WithSk(testSecretKey).WithDomainId(testDomainID)
	if token != "" {
		creds = creds.WithSecurityToken(token)
	}
	built, err := creds.SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	sdkReq, err := built.ProcessAuthRequest(nil, builder.Build())
	if err != nil {
		t.Fatal(err)
	}
	wire, err := sdkReq.ConvertRequest()
	if err != nil {
		t.Fatal(err)
	}
	return sdkReq.GetHeaderParams()["Authorization"], wire.URL.RawQuery
}
