package provider

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// These tests hold the exclusive resource to the rule that apply deletes
// only what the reviewed plan named, with the mock's store as the
// evidence. The saved plans run through the CLI itself, since
// terraform-plugin-testing can neither change the API between plan and
// apply nor show a warning.

// newHire is the association made between a plan and its apply.
const newHire = "p-00000000000000c9"

func exclusiveCLIConfig(mock *testMock, profileIDs ...string) string {
	return providerBlock(mock.URL, testAccessKey, testSecretKey) + exclusiveBlock(testInstanceID, testApplicationID, profileIDs...)
}

func TestAccApplicationProfilesExclusiveResource_savedPlanKeepsNewAssociation(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"))
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + exclusiveCLIConfig(mock, "p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3")})
	w.mustRun("apply", "-input=false", "-auto-approve")

	w.write("main.tf", requiredProviders()+exclusiveCLIConfig(mock, "p-00000000000000a1"))
	expectSaid(t, w.mustRun("plan", "-input=false", "-out=tfplan"),
		"Warning: Apply will delete 2 associations", "delete them: p-00000000000000a2, p-00000000000000a3.")
	// A new hire is assigned after the review.
	mock.AddProfile(testInstanceID, testApplicationID, mockapi.Profile{ProfileID: newHire})
	expectSaid(t, w.mustRun("apply", "-input=false", "tfplan"),
		"Warning: Associations that appeared after the plan were kept", "1 association that the plan did not show: "+newHire)
	if err := expectStoredIDs(mock, "p-00000000000000a1", newHire); err != nil {
		t.Error(err)
	}
	if n := mock.Stats().DeleteProfile; n != 2 {
		t.Errorf("the mock served %d delete requests, want the 2 the plan named", n)
	}

	// The next plan shows the new association for review.
	out, code := w.run("plan", "-input=false", "-detailed-exitcode")
	if code != 2 {
		t.Errorf("the plan after apply exited %d, want 2:\n%s", code, out)
	}
	expectSaid(t, out, `- "`+newHire+`"`, "Apply will delete 1 association", "delete it: "+newHire+".")
}

// Removing an association from profile_ids while a resource adopts it
// plans its deletion and its adoption: the plan says so.
func TestAccApplicationProfilesExclusiveResource_removalAdoptedElsewhereWarnsAtPlan(t *testing.T) {
	t.Parallel()
	const kept, moved = "p-00000000000000a1", "p-00000000000000a2"
	mock := newTestMock(t, twoApplicationsSeed(kept, moved))
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + exclusiveCLIConfig(mock, kept, moved)})
	w.mustRun("apply", "-input=false", "-auto-approve")

	w.write("main.tf", requiredProviders()+exclusiveCLIConfig(mock, kept)+profileBlock(moved))
	expectDeletedAndAdopted(t, w, mock, moved)
	if err := expectStoredIDs(mock, kept, moved); err != nil {
		t.Error(err)
	}
}

func TestAccApplicationProfilesExclusiveResource_createDeletesNothing(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2"))
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + exclusiveCLIConfig(mock, "p-00000000000000a1")})

	expectSaid(t, w.mustRun("plan", "-input=false", "-out=tfplan"),
		"Warning: Creating deletes no association", "1 association that profile_ids does not declare: p-00000000000000a2.")
	mock.AddProfile(testInstanceID, testApplicationID, mockapi.Profile{ProfileID: newHire})
	expectSaid(t, w.mustRun("apply", "-input=false", "tfplan"),
		"Warning: Undeclared associations kept", "p-00000000000000a2, "+newHire)
	if err := expectStoredIDs(mock, "p-00000000000000a1", "p-00000000000000a2", newHire); err != nil {
		t.Error(err)
	}

	// The next plan names both as removals, and its apply deletes them.
	out, code := w.run("plan", "-input=false", "-detailed-exitcode", "-out=tfplan")
	if code != 2 {
		t.Errorf("the plan after create exited %d, want 2:\n%s", code, out)
	}
	expectSaid(t, out, `- "p-00000000000000a2"`, `- "`+newHire+`"`, "Apply will delete 2 associations")
	w.mustRun("apply", "-input=false", "tfplan")
	if err := expectStoredIDs(mock, "p-00000000000000a1"); err != nil {
		t.Error(err)
	}
}

func TestAccApplicationProfilesExclusiveResource_unknownProfileIDsNamesDeletionsAtPlan(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"))
	config := func(input string, profileIDs string) string {
		return providerBlock(mock.URL, testAccessKey, testSecretKey) + fmt.Sprintf(`
resource "terraform_data" "profile" {
  input = %q
}

resource "identitycenter_application_profiles_exclusive" "test" {
  instance_id             = %q
  application_instance_id = %q
  profile_ids             = %s
}
`, input, testInstanceID, testApplicationID, profileIDs)
	}
	w := newCLIWorkdir(t, map[string]string{"main.tf": requiredProviders() + config("p-00000000000000a2", `["p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"]`)})
	w.mustRun("apply", "-input=false", "-auto-approve")

	// profile_ids is known only once terraform_data is replaced, at apply.
	w.write("main.tf", requiredProviders()+config("p-00000000000000a2 ", `[trimspace(terraform_data.profile.output)]`))
	expectSaid(t, w.mustRun("plan", "-input=false", "-out=tfplan"), "Warning: Apply may delete associations",
		"does not end up holding: p-00000000000000a1, p-00000000000000a2, p-00000000000000a3.")
	if n := mock.Stats().DeleteProfile; n != 0 {
		t.Errorf("planning sent %d delete requests", n)
	}
	mock.AddProfile(testInstanceID, testApplicationID, mockapi.Profile{ProfileID: newHire})
	w.mustRun("apply", "-input=false", "tfplan")
	if err := expectStoredIDs(mock, "p-00000000000000a2", newHire); err != nil {
		t.Error(err)
	}
	if n := mock.Stats().DeleteProfile; n != 2 {
		t.Errorf("the mock served %d delete requests, want 2", n)
	}
}

// withFailingLists serves mock, except that listing answers 500 for as long
// as the returned flag is true.
func withFailingLists(t *testing.T, mock *testMock) (*testMock, *atomic.Bool) {
	t.Helper()
	return withAnswer(t, mock, func(r *http.Request) bool {
		return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/profiles")
	}, http.StatusInternalServerError, `{"error_code":"IIC.1209","error_msg":"Organizations error","request_id":"failed-by-test"}`)
}

func TestAccApplicationProfilesExclusiveResource_planFailsWhenTheAPIFails(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2"))
	before := mock.Snapshot()
	failing, _ := withFailingLists(t, mock)
	config := providerBlock(failing.URL, testAccessKey, testSecretKey, "max_retries = 0") +
		exclusiveBlock(testInstanceID, testApplicationID, "p-00000000000000a1")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ExpectError: errorMatching("Cannot list the application profiles at plan time",
				"neither check that every ID in profile_ids exists nor name the associations apply would delete",
				"HTTP 500", "IIC.1209"),
		}},
	})
	if err := expectStoreUnchanged(mock, before); err != nil {
		t.Error(err)
	}
}

func TestAccApplicationProfilesExclusiveResource_missingApplicationInstance(t *testing.T) {
	const missing = "app-ins-00000000000000f0"
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1"))
	before := mock.Snapshot()
	address := exclusiveAddress
	config := mock.providerConfig() + exclusiveBlock(testInstanceID, missing)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The audit plan shows a create, so that it exits with 2.
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(address, tfjsonpath.New("application_instance_id"), knownvalue.StringExact(missing)),
					},
				},
			},
			{
				Config: config,
				ExpectError: errorMatching("Application instance not found",
					"application instance "+missing+" of Identity Center instance "+testInstanceID+" does not exist"),
			},
			{
				Config:        config,
				ResourceName:  address,
				ImportState:   true,
				ImportStateId: testInstanceID + "/" + missing,
				ExpectError:   errorMatching("Cannot import non-existent remote object"),
			},
		},
	})
	if err := expectStoreUnchanged(mock, before); err != nil {
		t.Error(err)
	}
}
