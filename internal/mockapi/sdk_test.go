package mockapi_test

import (
	"net/http/httptest"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	coreregion "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/region"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	sdk "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1/model"
	sdkregion "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1/region"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// The official SDK's own client, signing as it does, is accepted by the mock
// and reads its answers: the mock speaks the API as the SDK knows it.
func TestOfficialSDKClient(t *testing.T) {
	const (
		ak, sk, token = "SDKACCESSKEY00000001", "sdk-secret-key-3c4d", "sdk-session-token-5e6f"
		instanceID    = "ins-0123456789abcdef"
		appID         = "app-ins-0123456789abcdef"
	)
	srv, err := mockapi.New(mockapi.Options{
		Credentials: []mockapi.Credential{{AccessKey: ak, SecretKey: sk, SecurityToken: token}},
		Seed: mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: instanceID, ApplicationInstances: []mockapi.ApplicationInstance{{
			ApplicationInstanceID: appID,
			Profiles: []mockapi.Profile{
				{ProfileID: "p-dc6434b56c4e5221", Name: "Default", Status: "ENABLED"},
				{ProfileID: "p-1a2b3c4d5e6f7081", Name: "Engineering", Status: "DISABLED"},
			},
		}}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	newClient := func(secret string) *sdk.IdentityCenterClient {
		// A domain ID keeps the SDK from asking IAM for one.
		creds, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(secret).WithSecurityToken(token).
			WithDomainId(mockapi.DefaultDomainID).SafeBuild()
		if err != nil {
			t.Fatal(err)
		}
		hc, err := sdk.IdentityCenterClientBuilder().WithEndpoints([]string{ts.URL}).WithCredential(creds).SafeBuild()
		if err != nil {
			t.Fatal(err)
		}
		return sdk.NewIdentityCenterClient(hc)
	}
	client := newClient(sk)

	list, err := client.ListProfiles(&model.ListProfilesRequest{InstanceId: instanceID, ApplicationInstanceId: appID})
	if err != nil {
		t.Fatalf("ListProfiles through the SDK: %v", err)
	}
	if list.ApplicationProfiles == nil || len(*list.ApplicationProfiles) != 2 {
		t.Fatalf("ListProfiles through the SDK = %v, want 2 profiles", list)
	}
	if p := (*list.ApplicationProfiles)[1]; p.ProfileId != "p-1a2b3c4d5e6f7081" || p.Name != "Engineering" || p.Status != "DISABLED" {
		t.Errorf("second profile = %v", p)
	}

	if _, err := client.DeleteProfile(&model.DeleteProfileRequest{
		InstanceId: instanceID, ApplicationInstanceId: appID, ProfileId: "p-dc6434b56c4e5221",
	}); err != nil {
		t.Fatalf("DeleteProfile through the SDK: %v", err)
	}
	if _, ok := srv.Profile(instanceID, appID, "p-dc6434b56c4e5221"); ok {
		t.Error("the profile deleted through the SDK is still in the store")
	}

	// The same request signed with another secret is refused as the gateway would.
	_, err = newClient("not-the-secret").ListProfiles(&model.ListProfilesRequest{InstanceId: instanceID, ApplicationInstanceId: appID})
	svcErr, ok := err.(*sdkerr.ServiceResponseError)
	if !ok || svcErr.StatusCode != 401 || svcErr.ErrorCode != "APIGW.0301" {
		t.Errorf("with a wrong secret the SDK got %v, want a 401 APIGW.0301", err)
	}
	if got := srv.Stats(); got.ListProfiles != 1 || got.DeleteProfile != 1 || got.Rejected != 1 {
		t.Errorf("stats = %+v, want one list, one delete, one rejected", got)
	}
}

// The official SDK, with global credentials and no domain ID, finds the
// account through the mock's IAM, as it would through the cloud's, then
// lists and deletes with it. Three things about the SDK shape this test: it
// looks the account up only for a client built with a region, whose
// endpoint an environment variable points at the mock; it forces https://
// onto HUAWEICLOUD_SDK_IAM_ENDPOINT, so the credentials' own override names
// the mock's IAM; and it keeps the account per access key for the whole
// process, so this test's key is its own.
func TestOfficialSDKFindsTheAccount(t *testing.T) {
	const (
		ak, sk     = "SDKLOOKUPACCESSKEY01", "sdk-lookup-secret-7a8b"
		instanceID = "ins-0123456789abcdef"
		appID      = "app-ins-0123456789abcdef"
		domainID   = "5d4c3b2a19080706f5e4d3c2b1a09081"
	)
	srv, err := mockapi.New(mockapi.Options{
		Credentials: []mockapi.Credential{{AccessKey: ak, SecretKey: sk}},
		Seed: mockapi.Seed{DomainID: domainID, DomainName: "sdk-account", Instances: []mockapi.Instance{{
			InstanceID: instanceID, ApplicationInstances: []mockapi.ApplicationInstance{{
				ApplicationInstanceID: appID,
				Profiles:              []mockapi.Profile{{ProfileID: "p-dc6434b56c4e5221"}, {ProfileID: "p-1a2b3c4d5e6f7081"}},
			}},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Setenv("HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_CN_NORTH_4", ts.URL)

	creds, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithIamEndpointOverride(ts.URL).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	region, err := sdkregion.SafeValueOf("cn-north-4")
	if err != nil {
		t.Fatal(err)
	}
	hc, err := sdk.IdentityCenterClientBuilder().WithRegion(region).WithCredential(creds).SafeBuild()
	if err != nil {
		t.Fatalf("building the SDK client, which looks the account up: %v", err)
	}
	if creds.DomainId != domainID {
		t.Errorf("the SDK found account %q, want %q", creds.DomainId, domainID)
	}
	client := sdk.NewIdentityCenterClient(hc)

	list, err := client.ListProfiles(&model.ListProfilesRequest{InstanceId: instanceID, ApplicationInstanceId: appID})
	if err != nil {
		t.Fatalf("ListProfiles through the SDK: %v", err)
	}
	if list.ApplicationProfiles == nil || len(*list.ApplicationProfiles) != 2 {
		t.Fatalf("ListProfiles through the SDK = %v, want 2 profiles", list)
	}
	if _, err := client.DeleteProfile(&model.DeleteProfileRequest{
		InstanceId: instanceID, ApplicationInstanceId: appID, ProfileId: "p-dc6434b56c4e5221",
	}); err != nil {
		t.Fatalf("DeleteProfile through the SDK: %v", err)
	}
	if got := srv.Profiles(instanceID, appID); len(got) != 1 || got[0].ProfileID != "p-1a2b3c4d5e6f7081" {
		t.Errorf("store after the SDK's delete = %v, want only p-1a2b3c4d5e6f7081", got)
	}
	if got := srv.Stats(); got.ListDomains != 1 || got.ListProfiles != 1 || got.DeleteProfile != 1 || got.Rejected != 0 {
		t.Errorf("stats = %+v, want one account lookup, one list, one delete, none rejected", got)
	}
}

// Keys without iam:users:getUser: IAM lists no account, and the SDK asks
// STS which account signed the request. The SDK reaches STS over https only,
// hence the TLS listener.
func TestOfficialSDKFindsTheAccountFromSTS(t *testing.T) {
	const (
		ak, sk     = "SDKSTSACCESSKEY00001", "sdk-sts-secret-9c0d"
		instanceID = "ins-0123456789abcdef"
		appID      = "app-ins-0123456789abcdef"
		domainID   = "6e5d4c3b2a1908070f6e5d4c3b2a1908"
	)
	srv, err := mockapi.New(mockapi.Options{
		Credentials: []mockapi.Credential{{AccessKey: ak, SecretKey: sk, IAM: mockapi.IAMListsNoDomain}},
		Seed: mockapi.Seed{DomainID: domainID, Instances: []mockapi.Instance{{
			InstanceID: instanceID, ApplicationInstances: []mockapi.ApplicationInstance{{
				ApplicationInstanceID: appID, Profiles: []mockapi.Profile{{ProfileID: "p-dc6434b56c4e5221"}},
			}},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv)
	t.Cleanup(ts.Close)
	t.Setenv("HUAWEICLOUD_SDK_STS_ENDPOINT", ts.URL)

	creds, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithIamEndpointOverride(ts.URL).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	// The SDK keeps the region it resolved first, with another test's
	// address; the STS it asks follows the region's ID.
	hc, err := sdk.IdentityCenterClientBuilder().WithRegion(coreregion.NewRegion("cn-north-4", ts.URL)).WithCredential(creds).
		WithHttpConfig(config.DefaultHttpConfig().WithIgnoreSSLVerification(true)).SafeBuild()
	if err != nil {
		t.Fatalf("building the SDK client, which looks the account up: %v", err)
	}
	if creds.DomainId != domainID {
		t.Errorf("the SDK found account %q, want %q", creds.DomainId, domainID)
	}
	list, err := sdk.NewIdentityCenterClient(hc).ListProfiles(&model.ListProfilesRequest{InstanceId: instanceID, ApplicationInstanceId: appID})
	if err != nil || list.ApplicationProfiles == nil || len(*list.ApplicationProfiles) != 1 {
		t.Fatalf("ListProfiles through the SDK = %v, %v; want 1 profile", list, err)
	}
	if got := srv.Stats(); got.ListDomains != 1 || got.CallerIdentity != 1 || got.Rejected != 0 {
		t.Errorf("stats = %+v, want IAM's empty list, one caller identity, none rejected", got)
	}
}
