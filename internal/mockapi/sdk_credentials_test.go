package mockapi_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	sdk "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1/model"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// The official SDK's federated flow, unmodified: it reads the ID token from
// a file, exchanges it for a subject token at the mock's IAM (unsigned, and
// refusing an answer without X-Request-Id, X-Subject-Token or
// token.expires_at), exchanges that for temporary keys (decoding the
// credential as a map of strings, and expires_at as UTC with fractional
// seconds), then lists profiles with those keys. The mock refuses
// permanent keys on Identity Center, so the list proves the switch.
func TestOfficialSDKFederatedFlow(t *testing.T) {
	const (
		idpID   = "sdk-ci-oidc"
		idToken = "eyJhbGciOiJSUzI1NiJ9.sdk-federated-flow.c2lnbmF0dXJl"
	)
	seed := threeProfiles()
	seed.IdentityProviders = []mockapi.IdentityProvider{{ID: idpID, IDTokens: []string{idToken}}}
	srv, err := mockapi.New(mockapi.Options{
		Credentials:         testCredentials(),
		Seed:                seed,
		RefusePermanentKeys: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	tokenFile := filepath.Join(t.TempDir(), "id-token")
	if err := os.WriteFile(tokenFile, []byte(idToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	creds, err := global.NewCredentialsBuilder().WithIdpId(idpID).WithIdTokenFile(tokenFile).
		WithIamEndpointOverride(ts.URL).WithDomainId(mockapi.DefaultDomainID).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := sdk.IdentityCenterClientBuilder().WithEndpoints([]string{ts.URL}).WithCredential(creds).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	list, err := sdk.NewIdentityCenterClient(hc).ListProfiles(&model.ListProfilesRequest{InstanceId: testInstance, ApplicationInstanceId: testApp})
	if err != nil {
		t.Fatalf("ListProfiles through the SDK's federated credentials: %v", err)
	}
	if list.ApplicationProfiles == nil || len(*list.ApplicationProfiles) != 3 {
		t.Fatalf("ListProfiles = %v, want the 3 seeded profiles", list)
	}
	if creds.AK == "" || creds.SecurityToken == "" {
		t.Errorf("the SDK holds no temporary keys after its federated flow: %+v", creds.AK)
	}
	st := srv.Stats()
	if st.Credentials.IDTokens != 1 || st.Credentials.Federated != 1 || st.ListProfiles != 1 || st.Rejected != 0 {
		t.Errorf("stats = %+v, want one ID token exchanged, one credential issued, one list, none rejected", st)
	}
	if got := srv.Profiles(testInstance, testApp); len(got) != 3 {
		t.Errorf("the store holds %d profiles after the federated flow, want 3", len(got))
	}
}
