package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

const deleteActionAddress = "action.identitycenter_delete_application_profile.offboard"

// deleteAction is an action block that deletes profileID of
// testApplicationID, with the extra lines in its config block.
func deleteAction(applicationInstanceID, profileID string, extra ...string) string {
	return fmt.Sprintf(`
action "identitycenter_delete_application_profile" "offboard" {
  config {
    instance_id             = %q
    application_instance_id = %q
    profile_id              = %s
%s
  }
}
`, testInstanceID, applicationInstanceID, profileID, strings.Join(extra, "\n"))
}

// triggeringResource invokes the action when it is created.
const triggeringResource = `
resource "terraform_data" "offboarding" {
  input = "ticket-4711"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [` + deleteActionAddress + `]
    }
  }
}
`

// onlyDeleted checks that the mock's store is before without exactly the
// given profile of testApplicationID, and served exactly deletes DELETE
// requests.
func onlyDeleted(mock *testMock, before mockapi.Seed, profileID string, deletes int64) error {
	if err := storeWithout(mock, before, profileID); err != nil {
		return err
	}
	if got := mock.Stats().DeleteProfile; got != deletes {
		return fmt.Errorf("the mock served %d delete requests, want %d", got, deletes)
	}
	return nil
}

// storeWithout checks that the mock's store is before without exactly the
// given profile of testApplicationID; "" names none.
func storeWithout(mock *testMock, before mockapi.Seed, profileID string) error {
	want := before
	want.Instances = slices.Clone(before.Instances)
	want.Instances[0].ApplicationInstances = slices.Clone(before.Instances[0].ApplicationInstances)
	app := &want.Instances[0].ApplicationInstances[0]
	if app.ApplicationInstanceID != testApplicationID {
		return fmt.Errorf("the first application instance of the snapshot is %s, not %s", app.ApplicationInstanceID, testApplicationID)
	}
	app.Profiles = slices.DeleteFunc(slices.Clone(app.Profiles), func(p mockapi.Profile) bool { return p.ProfileID == profileID })
	if after := mock.Snapshot(); !reflect.DeepEqual(after, want) {
		return fmt.Errorf("the mock's store is not the one before without %q:\nwant %+v\ngot  %+v", profileID, want, after)
	}
	return nil
}

// TestAccDeleteApplicationProfileAction_trigger deletes an association from
// the action_trigger of another resource, when that resource is created.
func TestAccDeleteApplicationProfileAction_trigger(t *testing.T) {
	mock := newTestMock(t, listSeed())
	before := mock.Snapshot()
	config := mock.providerConfig() + deleteAction(testApplicationID, `"p-00000000000000c2"`) + triggeringResource
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps: []resource.TestStep{
			{
				// The action runs when terraform_data is created, not again
				// in the plan that follows.
				Config: config,
				Check:  func(*terraform.State) error { return onlyDeleted(mock, before, "p-00000000000000c2", 1) },
			},
			{
				Config: config,
				Check:  func(*terraform.State) error { return onlyDeleted(mock, before, "p-00000000000000c2", 1) },
			},
		},
	})
	if err := onlyDeleted(mock, before, "p-00000000000000c2", 1); err != nil {
		t.Error(err)
	}
}

// TestAccDeleteApplicationProfileAction_invoke deletes an association with
// `terraform apply -invoke`, then invokes the action again once it is gone.
func TestAccDeleteApplicationProfileAction_invoke(t *testing.T) {
	mock := newTestMock(t, listSeed())
	before := mock.Snapshot()
	config := mock.providerConfig() + deleteAction(testApplicationID, `"p-00000000000000c2"`)
	// A plan of the action block alone, which deletes nothing, skips the
	// test on a CLI without actions.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps:                    []resource.TestStep{{Config: config}},
	})
	if err := onlyDeleted(mock, before, "", 0); err != nil {
		t.Fatalf("an action block that nothing invokes: %v", err)
	}

	w := newCLIWorkdir(t, map[string]string{"main.tf": config})
	out := w.mustRun("apply", "-auto-approve", "-invoke="+deleteActionAddress)
	for _, want := range []string{
		"Deleting application profile " + profileStateID("p-00000000000000c2"),
		"Deleted application profile " + profileStateID("p-00000000000000c2"),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output of apply -invoke does not say %q:\n%s", want, out)
		}
	}
	if err := onlyDeleted(mock, before, "p-00000000000000c2", 1); err != nil {
		t.Fatal(err)
	}

	// Gone already: the action succeeds and says so.
	out = w.mustRun("apply", "-auto-approve", "-invoke="+deleteActionAddress)
	if want := "Application profile " + profileStateID("p-00000000000000c2") + " was already deleted"; !strings.Contains(out, want) {
		t.Errorf("the output of apply -invoke does not say %q:\n%s", want, out)
	}
	if err := onlyDeleted(mock, before, "p-00000000000000c2", 2); err != nil {
		t.Error(err)
	}
}

// TestAccDeleteApplicationProfileAction_unknownApplicationInstanceFails
// invokes the action with an instance or an application instance that does
// not exist. The API answers the delete with a 404 either way; only a list
// tells a deleted association from a mistyped ID, and a mistyped ID fails,
// naming the attribute, instead of reporting an offboarding that never
// happened.
func TestAccDeleteApplicationProfileAction_unknownApplicationInstanceFails(t *testing.T) {
	mock := newTestMock(t, listSeed())
	before := mock.Snapshot()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps:                    []resource.TestStep{{Config: mock.providerConfig()}},
	})
	for _, tc := range []struct {
		name, action string
		want         []string
	}{
		{"application instance", deleteAction("app-ins-00000000000000ff", `"p-00000000000000c2"`),
			[]string{"application instance app-ins-00000000000000ff of Identity Center instance " + testInstanceID +
				" does not exist", "Check instance_id and application_instance_id in the action's config block", "IIC.404"}},
		{"instance", strings.Replace(deleteAction(testApplicationID, `"p-00000000000000c2"`), testInstanceID, "ins-00000000000000ff", 1),
			[]string{"of Identity Center instance ins-00000000000000ff does not exist", "HTTP 404"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newCLIWorkdir(t, map[string]string{"main.tf": mock.providerConfig() + tc.action})
			out, code := w.run("apply", "-auto-approve", "-invoke="+deleteActionAddress)
			if code == 0 {
				t.Errorf("apply -invoke succeeded:\n%s", out)
			}
			expectSaid(t, out, append(tc.want, "Association to delete not found")...)
			if strings.Contains(out, "already deleted") {
				t.Errorf("the output reports the association deleted:\n%s", out)
			}
		})
	}
	if err := storeWithout(mock, before, ""); err != nil {
		t.Error(err)
	}
}

// TestAccDeleteApplicationProfileAction_unconfirmedGoneFails answers the
// delete with a 404 and the list that should confirm it with the
// association still there, or with a refusal: either way the action fails
// rather than report the association deleted.
func TestAccDeleteApplicationProfileAction_unconfirmedGoneFails(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps:                    []resource.TestStep{{Config: newTestMock(t, listSeed()).providerConfig()}},
	})
	for _, tc := range []struct {
		name       string
		listStatus int
		listBody   string
		want       []string
	}{
		{"listed still", http.StatusOK, `{"application_profiles":[{"profile_id":"p-00000000000000c2","name":"Default","status":"ENABLED"}]}`,
			[]string{"Association not deleted", "but lists it still", "IIC.404: no such profile"}},
		{"list refused", http.StatusForbidden, `{"error_code":"IIC.1000","error_msg":"no permission","request_id":"r-1"}`,
			[]string{"Cannot confirm that the association is gone", "IIC.404: no such profile", "HTTP 403", "error_code: IIC.1000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var deletes atomic.Int64
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if r.Method == http.MethodDelete {
					deletes.Add(1)
					w.WriteHeader(http.StatusNotFound)
					_, _ = w.Write([]byte(`{"error_code":"IIC.404","error_msg":"no such profile","request_id":"r-0"}`))
					return
				}
				w.WriteHeader(tc.listStatus)
				_, _ = w.Write([]byte(tc.listBody))
			}))
			t.Cleanup(api.Close)
			w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() +
				providerBlock(api.URL, testAccessKey, testSecretKey, "  max_retries = 0") +
				deleteAction(testApplicationID, `"p-00000000000000c2"`)})
			out, code := w.run("apply", "-auto-approve", "-invoke="+deleteActionAddress)
			if code == 0 {
				t.Errorf("apply -invoke succeeded:\n%s", out)
			}
			expectSaid(t, out, tc.want...)
			if strings.Contains(out, "already deleted") {
				t.Errorf("the output reports the association deleted:\n%s", out)
			}
			if got := deletes.Load(); got != 1 {
				t.Errorf("%d delete requests, want 1", got)
			}
		})
	}
}

// TestAccDeleteApplicationProfileAction_timeoutNamesInvoke lets the API
// keep the delete unanswered: the error names the action's own timeout.
func TestAccDeleteApplicationProfileAction_timeoutNamesInvoke(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps:                    []resource.TestStep{{Config: newTestMock(t, listSeed()).providerConfig()}},
	})
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() +
		providerBlock(silent(t), testAccessKey, testSecretKey, "  max_retries = 0") +
		deleteAction(testApplicationID, `"p-00000000000000c2"`, "    timeouts {\n      invoke = \"1s\"\n    }")})
	out, code := w.run("apply", "-auto-approve", "-invoke="+deleteActionAddress)
	if code == 0 {
		t.Errorf("apply -invoke succeeded:\n%s", out)
	}
	expectSaid(t, out, "Cannot delete the application profile", "did not answer in time",
		"Raise invoke in the timeouts block of the action's config block")
}

// TestAccDeleteApplicationProfileAction_badInput refuses bad IDs, and an
// association that the plan cannot name, before anything is deleted.
func TestAccDeleteApplicationProfileAction_badInput(t *testing.T) {
	mock := newTestMock(t, listSeed())
	before := mock.Snapshot()
	triggered := func(action string) string {
		return mock.providerConfig() + action + triggeringResource + `
resource "terraform_data" "profile" {
  input = "p-00000000000000c2"
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps: []resource.TestStep{
			{
				Config:      triggered(deleteAction("wiki", `"p-00000000000000c2"`)),
				ExpectError: errorMatching("application_instance_id", `must be an application instance ID, which starts with "app-ins-"`),
			},
			{
				Config:      triggered(deleteAction(testApplicationID, `"../p-00000000000000c2"`)),
				ExpectError: errorMatching("profile_id", `must be a non-empty ID without "/"`),
			},
			{
				Config:      triggered(deleteAction(testApplicationID, `"p-00000000000000c2"`, "    timeouts {\n      invoke = \"soon\"\n    }")),
				ExpectError: errorMatching("Invalid Attribute Value Time Duration", `"soon" must be a string containing`),
			},
			{
				// The ID comes from a resource that apply creates.
				Config: triggered(deleteAction(testApplicationID, "terraform_data.profile.output")),
				ExpectError: errorMatching("Association to delete is not known",
					"profile_id is not known until apply, so the plan cannot name the association"),
			},
		},
	})
	if err := onlyDeleted(mock, before, "", 0); err != nil {
		t.Error(err)
	}
}

// TestAccDeleteApplicationProfileAction_underFaults invokes the action
// against an API that fails, throttles and conflicts on a third of the calls
// and loses the answer to every delete it applies: the retries end in a 404,
// which counts as deleted, and exactly the named association is gone.
func TestAccDeleteApplicationProfileAction_underFaults(t *testing.T) {
	mock := newFaultyTestMock(t, mockapi.Faults{
		FailureRate: 0.15, ThrottleRate: 0.1, ConflictRate: 0.1, DropRate: 1, Seed: faultSeed(t),
	}, listSeed())
	before := mock.Snapshot()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: fastRetryProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps: []resource.TestStep{{
			// Enough retries that a run of faults does not exhaust them.
			Config: requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey, "  max_retries = 20") +
				deleteAction(testApplicationID, `"p-00000000000000c2"`) + triggeringResource,
			Check: func(*terraform.State) error { return storeWithout(mock, before, "p-00000000000000c2") },
		}},
	})
	if err := storeWithout(mock, before, "p-00000000000000c2"); err != nil {
		t.Error(err)
	}
	if faults := mock.Stats().Faults; faults.Drops == 0 {
		t.Errorf("no delete answer was dropped: %+v", faults)
	}
}
