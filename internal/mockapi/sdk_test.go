package mockapi_test

import (
	"net/http/httptest"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	sdk "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1/model"

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
		// A domain ID keeps the SDK from asking IAM for one over the network.
		creds, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(secret).WithSecurityToken(token).
			WithDomainId("domain-0001").SafeBuild()
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
