package identitycenter

import (
	"net/http"
	"strings"
	"testing"

	sdksigner "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	sdkrequest "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/signer"
)

// What the client puts on the wire carries the Authorization header that the
// official SDK's signer computes for the same request, date and headers.
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
		_, signedPart, _ := strings.Cut(auth, "SignedHeaders=")
		signedPart, _, _ = strings.Cut(signedPart, ",")
		if signedPart != "accept;user-agent;x-sdk-date;x-security-token" {
			t.Errorf("%s signs %q, want accept, user-agent, x-sdk-date and x-security-token", r.Method, signedPart)
		}

		builder := sdkrequest.NewHttpRequestBuilder().WithEndpoint(srv.URL).WithPath(r.Path).WithMethod(r.Method)
		for _, name := range strings.Split(signedPart, ";") {
			builder = builder.AddHeaderParam(http.CanonicalHeaderKey(name), r.Header.Get(name))
		}
		headers, err := sdksigner.Sign(builder.Build(), testAccessKey, testSecretKey)
		if err != nil {
			t.Fatal(err)
		}
		if headers["Authorization"] != auth {
			t.Errorf("%s %s\n client: %s\n    SDK: %s", r.Method, r.Path, auth, headers["Authorization"])
		}
		if r.Header.Get("X-Security-Token") != token {
			t.Errorf("%s sent X-Security-Token %q, want the configured token", r.Method, r.Header.Get("X-Security-Token"))
		}
	}
}
