package identitycenter

import (
	"net/http"
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

		// The SDK request has the headers the client set itself; the
		// credentials add the account and the token.
		builder := sdkrequest.NewHttpRequestBuilder().WithEndpoint(srv.URL).WithPath(r.Path).WithMethod(r.Method).
			WithSigningAlgorithm(algorithm.HmacSHA256)
		for _, name := range []string{"Accept", "User-Agent", signer.HeaderDate} {
			builder = builder.AddHeaderParam(name, r.Header.Get(name))
		}
		creds, err := global.NewCredentialsBuilder().WithAk(testAccessKey).WithSk(testSecretKey).
			WithSecurityToken(token).WithDomainId(testDomainID).SafeBuild()
		if err != nil {
			t.Fatal(err)
		}
		sdkReq, err := creds.ProcessAuthRequest(nil, builder.Build())
		if err != nil {
			t.Fatal(err)
		}
		if sdkAuth := sdkReq.GetHeaderParams()["Authorization"]; sdkAuth != auth {
			t.Errorf("%s %s\n client: %s\n    SDK: %s", r.Method, r.Path, auth, sdkAuth)
		}
	}
}
