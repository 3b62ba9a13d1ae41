package mockapi_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	sdk "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/identitycenter/v1/model"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// The official SDK, unmodified, creates, lists across pages and deletes
// assignments against the mock, and reads its errors.
func TestOfficialSDKAssignments(t *testing.T) {
	const ak, sk = "SDKASSIGNACCESSKEY01", "sdk-assign-secret-9c0d"
	srv, err := mockapi.New(mockapi.Options{
		Credentials: []mockapi.Credential{{AccessKey: ak, SecretKey: sk}},
		Seed: mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: testInstance, ApplicationInstances: []mockapi.ApplicationInstance{{
			ApplicationInstanceID: testApp,
			Assignments:           []mockapi.Assignment{{PrincipalID: "u-seeded", PrincipalType: mockapi.PrincipalUser}},
		}}}}},
		PageSizeCap: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	creds, err := global.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithDomainId(mockapi.DefaultDomainID).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := sdk.IdentityCenterClientBuilder().WithEndpoints([]string{ts.URL}).WithCredential(creds).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	client := sdk.NewIdentityCenterClient(hc)
	users := model.GetCreateApplicationAssignmentReqBodyPrincipalTypeEnum()

	for _, body := range []model.CreateApplicationAssignmentReqBody{
		{PrincipalId: "u-1", PrincipalType: users.USER},
		{PrincipalId: "g-1", PrincipalType: users.GROUP},
		{PrincipalId: "u-2", PrincipalType: users.USER},
	} {
		if _, err := client.CreateApplicationAssignment(&model.CreateApplicationAssignmentRequest{
			InstanceId: testInstance, ApplicationInstanceId: testApp, Body: &body,
		}); err != nil {
			t.Fatalf("CreateApplicationAssignment(%s) through the SDK: %v", body.PrincipalId, err)
		}
	}
	_, err = client.CreateApplicationAssignment(&model.CreateApplicationAssignmentRequest{
		InstanceId: testInstance, ApplicationInstanceId: testApp,
		Body: &model.CreateApplicationAssignmentReqBody{PrincipalId: "u-1", PrincipalType: users.USER},
	})
	if svcErr, ok := err.(*sdkerr.ServiceResponseError); !ok || svcErr.StatusCode != http.StatusConflict {
		t.Errorf("a duplicate create through the SDK got %v, want a 409", err)
	}

	// Every page, following next_marker as the SDK's models give it.
	var got []string
	var marker *string
	limit := int32(100)
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("the markers do not end")
		}
		list, err := client.ListApplicationAssignments(&model.ListApplicationAssignmentsRequest{
			InstanceId: testInstance, ApplicationInstanceId: testApp, Limit: &limit, Marker: marker,
		})
		if err != nil {
			t.Fatalf("ListApplicationAssignments through the SDK, page %d: %v", pages+1, err)
		}
		for _, a := range *list.ApplicationAssignments {
			got = append(got, a.PrincipalType.Value()+":"+a.PrincipalId)
			if a.ApplicationUrn == "" {
				t.Errorf("assignment %s has no application_urn", a.PrincipalId)
			}
		}
		if list.PageInfo == nil || list.PageInfo.NextMarker == "" {
			break
		}
		marker = &list.PageInfo.NextMarker
	}
	want := []string{"USER:u-seeded", "USER:u-1", "GROUP:g-1", "USER:u-2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("listed through the SDK = %v, want %v", got, want)
	}

	deleteTypes := model.GetDeleteApplicationAssignmentReqBodyPrincipalTypeEnum()
	if _, err := client.DeleteApplicationAssignment(&model.DeleteApplicationAssignmentRequest{
		InstanceId: testInstance, ApplicationInstanceId: testApp,
		Body: &model.DeleteApplicationAssignmentReqBody{PrincipalId: "g-1", PrincipalType: deleteTypes.GROUP},
	}); err != nil {
		t.Fatalf("DeleteApplicationAssignment through the SDK: %v", err)
	}
	_, err = client.DeleteApplicationAssignment(&model.DeleteApplicationAssignmentRequest{
		InstanceId: testInstance, ApplicationInstanceId: testApp,
		Body: &model.DeleteApplicationAssignmentReqBody{PrincipalId: "g-1", PrincipalType: deleteTypes.GROUP},
	})
	if svcErr, ok := err.(*sdkerr.ServiceResponseError); !ok || svcErr.StatusCode != http.StatusNotFound || svcErr.ErrorCode != mockapi.CodeNotFound {
		t.Errorf("deleting a missing assignment through the SDK got %v, want a 404 %s", err, mockapi.CodeNotFound)
	}
	wantStore := []mockapi.Assignment{{PrincipalID: "u-seeded", PrincipalType: "USER"}, {PrincipalID: "u-1", PrincipalType: "USER"}, {PrincipalID: "u-2", PrincipalType: "USER"}}
	if got := srv.Assignments(testInstance, testApp); !reflect.DeepEqual(got, wantStore) {
		t.Errorf("store = %v, want %v", got, wantStore)
	}
	if st := srv.Stats(); st.CreateAssignment != 4 || st.ListAssignments != 2 || st.DeleteAssignment != 2 || st.Rejected != 0 {
		t.Errorf("stats = %+v, want 4 creates, 2 list pages, 2 deletes, none rejected", st)
	}
}
