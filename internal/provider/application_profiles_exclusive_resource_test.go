package provider

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

const (
	exclusiveAddress    = "identitycenter_application_profiles_exclusive.test"
	otherApplicationID  = "app-ins-00000000000000b2"
	exclusiveStateID    = testInstanceID + "/" + testApplicationID
	exclusiveMissingID  = "p-0000000000000404"
	exclusiveMissingID2 = "p-0000000000000405"
)

func exclusiveBlock(instanceID, applicationInstanceID string, profileIDs ...string) string {
	quoted := make([]string, len(profileIDs))
	for i, id := range profileIDs {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf(`
resource "identitycenter_application_profiles_exclusive" "test" {
  instance_id             = %q
  application_instance_id = %q
  profile_ids             = [%s]
}
`, instanceID, applicationInstanceID, strings.Join(quoted, ", "))
}

func exclusiveConfig(mock *testMock, profileIDs ...string) string {
	return mock.providerConfig() + exclusiveBlock(testInstanceID, testApplicationID, profileIDs...)
}

// profilesOf makes a profile with the API defaults for each ID.
func profilesOf(ids ...string) []mockapi.Profile {
	profiles := make([]mockapi.Profile, len(ids))
	for i, id := range ids {
		profiles[i] = mockapi.Profile{ProfileID: id, Name: mockapi.DefaultProfileName, Status: mockapi.DefaultProfileStatus}
	}
	return profiles
}

// twoApplicationsSeed holds the application instance under test and a
// neighbour, which enforcement must never touch.
func twoApplicationsSeed(ids ...string) mockapi.Seed {
	seed := seedOf(profilesOf(ids...)...)
	seed.Instances[0].ApplicationInstances = append(seed.Instances[0].ApplicationInstances, mockapi.ApplicationInstance{
		ApplicationInstanceID: otherApplicationID,
		Profiles:              profilesOf("p-00000000000000b1", "p-00000000000000b2"),
	})
	return seed
}

// expectStoredIDs checks, in the mock's store, the profile IDs of the
// application instance under test, and that its neighbour kept both of its
// profiles.
func expectStoredIDs(mock *testMock, want ...string) error {
	var got []string
	for _, p := range mock.Profiles(testInstanceID, testApplicationID) {
		got = append(got, p.ProfileID)
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("the mock holds profiles %q on %s, want %q", got, testApplicationID, want)
	}
	var neighbours []string
	for _, p := range mock.Profiles(testInstanceID, otherApplicationID) {
		neighbours = append(neighbours, p.ProfileID)
	}
	if want := []string{"p-00000000000000b1", "p-00000000000000b2"}; !slices.Equal(neighbours, want) {
		return fmt.Errorf("the neighbouring application instance holds %q, want %q untouched", neighbours, want)
	}
	return nil
}

// expectStoreUnchanged checks that the whole store still equals before and
// that no delete request reached the mock.
func expectStoreUnchanged(mock *testMock, before mockapi.Seed) error {
	if after := mock.Snapshot(); !reflect.DeepEqual(after, before) {
		return fmt.Errorf("the store changed:\nbefore %+v\nafter  %+v", before, after)
	}
	if n := mock.Stats().DeleteProfile; n != 0 {
		return fmt.Errorf("the mock served %d delete requests, want none", n)
	}
	return nil
}

func stringSet(ids ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return knownvalue.SetExact(checks)
}

// expectPriorValue checks a value of a resource as the plan found it after
// refresh, before the planned change: where an audit plan names what
// changed outside Terraform.
type expectPriorValue struct {
	address string
	path    tfjsonpath.Path
	check   knownvalue.Check
}

func (e expectPriorValue) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address {
			continue
		}
		value, err := tfjsonpath.Traverse(rc.Change.Before, e.path)
		if err != nil {
			resp.Error = fmt.Errorf("%s before the change: %w", e.address, err)
			return
		}
		if err := e.check.CheckValue(value); err != nil {
			resp.Error = fmt.Errorf("%s before the change, at %s: %w", e.address, e.path, err)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.address)
}

func TestAccApplicationProfilesExclusiveResource_audit(t *testing.T) {
	const outOfBand = "p-00000000000000c3"
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// The plan that found the association deleted nothing, and destroy
		// neither.
		CheckDestroy: func(*terraform.State) error {
			return expectStoredIDs(mock, "p-00000000000000a1", "p-00000000000000a2", outOfBand)
		},
		Steps: []resource.TestStep{
			{
				Config: exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(exclusiveAddress, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("id"), knownvalue.StringExact(exclusiveStateID)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("id"), knownvalue.StringExact(exclusiveStateID)),
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("instance_id"), knownvalue.StringExact(testInstanceID)),
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("application_instance_id"), knownvalue.StringExact(testApplicationID)),
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"), stringSet("p-00000000000000a1", "p-00000000000000a2")),
				},
			},
			{
				// Nothing changed outside Terraform: the audit plan is empty.
				Config:   exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a2"),
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// An association made in the console shows as the element
				// apply would remove.
				PreConfig: func() {
					mock.AddProfile(testInstanceID, testApplicationID, mockapi.Profile{ProfileID: outOfBand})
				},
				Config:             exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a2"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectNonEmptyPlan(),
						plancheck.ExpectResourceAction(exclusiveAddress, plancheck.ResourceActionUpdate),
						expectPriorValue{exclusiveAddress, tfjsonpath.New("profile_ids"),
							stringSet("p-00000000000000a1", "p-00000000000000a2", outOfBand)},
						plancheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"),
							stringSet("p-00000000000000a1", "p-00000000000000a2")),
					},
				},
			},
		},
	})
}

func TestAccApplicationProfilesExclusiveResource_enforcement(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3", "p-00000000000000a4"))
	storeHolds := func(ids ...string) resource.TestCheckFunc {
		return func(*terraform.State) error { return expectStoredIDs(mock, ids...) }
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             storeHolds(),
		Steps: []resource.TestStep{
			{
				// Creating deletes nothing: the plan that creates shows no removals.
				Config: exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3", "p-00000000000000a4"),
				Check:  storeHolds("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3", "p-00000000000000a4"),
			},
			{
				Config: exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a3"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"), stringSet("p-00000000000000a1", "p-00000000000000a3")),
				},
				Check: resource.ComposeTestCheckFunc(storeHolds("p-00000000000000a1", "p-00000000000000a3"),
					func(*terraform.State) error {
						if n := mock.Stats().DeleteProfile; n != 2 {
							return fmt.Errorf("the mock served %d delete requests, want 2", n)
						}
						return nil
					}),
			},
			{
				// Apply removes an association made outside Terraform.
				PreConfig: func() {
					mock.AddProfile(testInstanceID, testApplicationID, mockapi.Profile{ProfileID: "p-00000000000000c5"})
				},
				Config: exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a3"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(exclusiveAddress, plancheck.ResourceActionUpdate)},
				},
				Check: storeHolds("p-00000000000000a1", "p-00000000000000a3"),
			},
			{
				// Taking an ID out of profile_ids deletes that association.
				Config: exclusiveConfig(mock, "p-00000000000000a3"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"), stringSet("p-00000000000000a3")),
				},
				Check: storeHolds("p-00000000000000a3"),
			},
			{
				// An empty set allows no association.
				Config: exclusiveConfig(mock),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"), stringSet()),
				},
				Check: storeHolds(),
			},
			{
				Config:   exclusiveConfig(mock),
				PlanOnly: true,
			},
		},
	})
}

func TestAccApplicationProfilesExclusiveResource_declaredIDMissing(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"))
	before := mock.Snapshot()

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Fails at plan (PlanOnly runs no apply), though apply would
				// otherwise delete two.
				Config:   exclusiveConfig(mock, "p-00000000000000a1", exclusiveMissingID),
				PlanOnly: true,
				ExpectError: errorMatching("Application profile does not exist", "profile_ids",
					"Application instance "+testApplicationID+" of Identity Center instance "+testInstanceID+" has no association "+exclusiveMissingID,
					"cannot create associations", "remove it from profile_ids"),
			},
			{
				Config:   exclusiveConfig(mock, exclusiveMissingID, "p-00000000000000a1", exclusiveMissingID2),
				PlanOnly: true,
				ExpectError: errorMatching("has no associations", exclusiveMissingID+", "+exclusiveMissingID2,
					"replace the missing IDs in profile_ids with the new ones", "remove them from profile_ids"),
			},
			{
				// The same once the resource exists: the update fails at plan.
				Config: exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"),
			},
			{
				Config:      exclusiveConfig(mock, "p-00000000000000a1", exclusiveMissingID),
				PlanOnly:    true,
				ExpectError: errorMatching("Application profile does not exist", "has no association "+exclusiveMissingID),
			},
		},
	})
	if err := expectStoreUnchanged(mock, before); err != nil {
		t.Error(err)
	}
}

func TestAccApplicationProfilesExclusiveResource_import(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a2")},
			{
				ResourceName:      exclusiveAddress,
				ImportState:       true,
				ImportStateId:     exclusiveStateID,
				ImportStateVerify: true,
			},
			{
				ResourceName:    exclusiveAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(exclusiveAddress, plancheck.ResourceActionNoop),
						plancheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"), stringSet("p-00000000000000a1", "p-00000000000000a2")),
					},
				},
			},
			{
				// Importing reads every association, so one nobody declared
				// shows in the plan at once.
				PreConfig: func() {
					mock.AddProfile(testInstanceID, testApplicationID, mockapi.Profile{ProfileID: "p-00000000000000c3"})
				},
				ResourceName:    exclusiveAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(exclusiveAddress, plancheck.ResourceActionUpdate),
						expectPriorValue{exclusiveAddress, tfjsonpath.New("profile_ids"),
							stringSet("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000c3")},
						plancheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"), stringSet("p-00000000000000a1", "p-00000000000000a2")),
					},
				},
				ExpectNonEmptyPlan: true,
			},
		},
	})
	// Neither import nor its plan deleted anything.
	if err := expectStoredIDs(mock, "p-00000000000000a1", "p-00000000000000a2", "p-00000000000000c3"); err != nil {
		t.Error(err)
	}
}

func TestAccApplicationProfilesExclusiveResource_destroyDeletesNothing(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2"))
	before := mock.Snapshot()

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return expectStoreUnchanged(mock, before) },
		// The destroy that ends the test case is the one under test.
		Steps: []resource.TestStep{{Config: exclusiveConfig(mock, "p-00000000000000a1", "p-00000000000000a2")}},
	})
}

// TestAccApplicationProfilesExclusiveResource_withApplicationProfile follows
// the documented way of combining both resources on one application
// instance.
func TestAccApplicationProfilesExclusiveResource_withApplicationProfile(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"))
	both := func(profileIDs ...string) string {
		return profileConfig(mock, "p-00000000000000a1") + exclusiveBlock(testInstanceID, testApplicationID, profileIDs...)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return expectStoredIDs(mock, "p-00000000000000a2") },
		Steps: []resource.TestStep{
			{Config: both("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3")},
			{
				Config: both("p-00000000000000a1", "p-00000000000000a2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID("p-00000000000000a1"))),
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"), stringSet("p-00000000000000a1", "p-00000000000000a2")),
				},
				Check: func(*terraform.State) error { return expectStoredIDs(mock, "p-00000000000000a1", "p-00000000000000a2") },
			},
			{
				// Removing the association from both resources in one change.
				Config: exclusiveConfig(mock, "p-00000000000000a2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(profileAddress, plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction(exclusiveAddress, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error { return expectStoredIDs(mock, "p-00000000000000a2") },
			},
		},
	})
}

func TestAccApplicationProfilesExclusiveResource_badInput(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2"))
	before := mock.Snapshot()
	idRuleText := `must be a non-empty ID without "/", "?", "#" or white space`
	for name, tc := range map[string]resource.TestStep{
		"empty instance ID": {
			Config:      mock.providerConfig() + exclusiveBlock("", testApplicationID, "p-00000000000000a1"),
			ExpectError: errorMatching("instance_id " + idRuleText),
		},
		"application instance ID without app-ins-": {
			Config:      mock.providerConfig() + exclusiveBlock(testInstanceID, "00000000000000a1", "p-00000000000000a1"),
			ExpectError: errorMatching(`application_instance_id must be an application instance ID, which starts with "app-ins-"`),
		},
		"empty profile ID": {
			Config:      exclusiveConfig(mock, "p-00000000000000a1", ""),
			ExpectError: errorMatching(`profile_ids[Value("")] ` + idRuleText),
		},
		"profile ID with white space": {
			Config:      exclusiveConfig(mock, "p-00000000000000a1 p-00000000000000a2"),
			ExpectError: errorMatching(`profile_ids[Value("p-00000000000000a1 p-00000000000000a2")] ` + idRuleText),
		},
		"profile ID with a slash": {
			Config:      exclusiveConfig(mock, "p-00000000000000a1/x"),
			ExpectError: errorMatching(`profile_ids[Value("p-00000000000000a1/x")] ` + idRuleText),
		},
		"profile ID that is a path element": {
			Config:      exclusiveConfig(mock, ".."),
			ExpectError: errorMatching(`profile_ids[Value("..")] value must be none of`),
		},
		"profile_ids missing": {
			Config: mock.providerConfig() + `
resource "identitycenter_application_profiles_exclusive" "test" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
}
`,
			ExpectError: errorMatching(`The argument "profile_ids" is required`),
		},
		"no permission": {
			Config: providerBlock(mock.URL, deniedAccessKey, deniedSecretKey) +
				exclusiveBlock(testInstanceID, testApplicationID, "p-00000000000000a1"),
			ExpectError: errorMatching("Cannot list the application profiles", "HTTP 403", "IIC.1000", "encoded_authorization_message:"),
		},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{tc},
			})
		})
	}
	if err := expectStoreUnchanged(mock, before); err != nil {
		t.Error(err)
	}
}

func TestAccApplicationProfilesExclusiveResource_malformedImportID(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000a1"}))
	const form = "expected <instance_id>/<application_instance_id>"
	for name, tc := range map[string]struct {
		id   string
		want []string
	}{
		"one part":           {"ins-1", []string{"Invalid import ID", form, `got "ins-1"`}},
		"three parts":        {"ins-1/app-ins-2/p-3", []string{"Invalid import ID", form, `got "ins-1/app-ins-2/p-3"`}},
		"empty part":         {"ins-1/", []string{"Invalid import ID", form}},
		"white space":        {"ins 1/app-ins-2", []string{"Invalid import ID", `"ins 1" in import ID`, "white space", form}},
		"application prefix": {"ins-1/app-2", []string{"Invalid import ID", `application instance ID "app-2"`, `must start with "app-ins-"`, form}},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:        exclusiveConfig(mock, "p-00000000000000a1"),
					ResourceName:  exclusiveAddress,
					ImportState:   true,
					ImportStateId: tc.id,
					ExpectError:   errorMatching(tc.want...),
				}},
			})
		})
	}
}

// TestAccApplicationProfilesExclusiveResource_deleteFails has the API refuse
// one deletion: apply fails naming it, and what was deleted stays deleted
// while the rest stays in place.
func TestAccApplicationProfilesExclusiveResource_deleteFails(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3", "p-00000000000000a4"))
	faulty, refusing := withRefusedDelete(t, mock, "p-00000000000000a3")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return expectStoredIDs(mock, "p-00000000000000a1") },
		Steps: []resource.TestStep{
			{Config: exclusiveConfig(faulty, "p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3", "p-00000000000000a4")},
			{
				Config: exclusiveConfig(faulty, "p-00000000000000a1"),
				ExpectError: errorMatching("Cannot delete an undeclared application profile",
					"Deleting association p-00000000000000a3 of application instance "+testApplicationID+" failed after 1 association had been deleted",
					"HTTP 409", "IIC.1007"),
			},
			{
				// Once the API accepts it, apply finishes the job.
				PreConfig: func() {
					if err := expectStoredIDs(mock, "p-00000000000000a1", "p-00000000000000a3", "p-00000000000000a4"); err != nil {
						t.Errorf("after the failed apply: %v", err)
					}
					refusing.Store(false)
				},
				Config: exclusiveConfig(faulty, "p-00000000000000a1"),
				Check:  func(*terraform.State) error { return expectStoredIDs(mock, "p-00000000000000a1") },
			},
		},
	})
}

// withRefusedDelete serves mock, except that deleting profileID answers 409
// IIC.1007 (data modification failed, not retried) for as long as the
// returned flag is true.
func withRefusedDelete(t *testing.T, mock *testMock, profileID string) (*testMock, *atomic.Bool) {
	t.Helper()
	return withAnswer(t, mock, func(r *http.Request) bool {
		return r.Method == http.MethodDelete && strings.HasPrefix(r.URL.Path, "/v1/") && strings.HasSuffix(r.URL.Path, "/profiles/"+profileID)
	}, http.StatusConflict, `{"error_code":"IIC.1007","error_msg":"Data modification failed","request_id":"refused-by-test"}`)
}

// TestAccApplicationProfilesExclusiveResource_unknownAtPlan declares an ID
// known only at apply: the first plan cannot check it, and the checks run
// when Terraform plans the resource again during apply, with the ID known.
func TestAccApplicationProfilesExclusiveResource_unknownAtPlan(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2"))
	config := func(profileID string) string {
		return mock.providerConfig() + `
resource "terraform_data" "profile" {
  input = "` + profileID + `"
}

resource "identitycenter_application_profiles_exclusive" "test" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  profile_ids             = [terraform_data.profile.output]
}
`
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config(exclusiveMissingID),
				ExpectError: errorMatching("Application profile does not exist", "has no association "+exclusiveMissingID),
			},
			{
				PreConfig: func() {
					if err := expectStoredIDs(mock, "p-00000000000000a1", "p-00000000000000a2"); err != nil {
						t.Errorf("after the failed apply: %v", err)
					}
				},
				Config: config("p-00000000000000a2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectUnknownValue(exclusiveAddress, tfjsonpath.New("profile_ids").AtSliceIndex(0)),
						plancheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("id"), knownvalue.StringExact(exclusiveStateID)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("profile_ids"), stringSet("p-00000000000000a2")),
				},
				// Creating deletes nothing; the next plan shows the removal.
				Check:              func(*terraform.State) error { return expectStoredIDs(mock, "p-00000000000000a1", "p-00000000000000a2") },
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config("p-00000000000000a2"),
				Check:  func(*terraform.State) error { return expectStoredIDs(mock, "p-00000000000000a2") },
			},
		},
	})
}

// TestAccApplicationProfilesExclusiveResource_timeouts bounds the plan-time
// listing by the read timeout, and records the block.
func TestAccApplicationProfilesExclusiveResource_timeouts(t *testing.T) {
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1"))
	block := func(timeouts ...string) string {
		return strings.Replace(exclusiveBlock(testInstanceID, testApplicationID, "p-00000000000000a1"), "\n}\n",
			"\n  timeouts {\n"+strings.Join(timeouts, "\n")+"\n  }\n}\n", 1)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: fastRetryProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      mock.providerConfig() + block(`    update = "soon"`),
				ExpectError: errorMatching(`"soon" must be a string containing a sequence of decimal numbers`),
			},
			{
				Config:      providerBlock(silent(t), testAccessKey, testSecretKey) + block(`    read = "1s"`),
				ExpectError: errorMatching("Cannot list the application profiles at plan time", "did not answer in time", "timeouts block"),
			},
			{
				Config: mock.providerConfig() + block(`    create = "1m"`, `    read = "30s"`, `    update = "2m"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(exclusiveAddress, tfjsonpath.New("timeouts"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"create": knownvalue.StringExact("1m"),
						"read":   knownvalue.StringExact("30s"),
						"update": knownvalue.StringExact("2m"),
					})),
				},
			},
		},
	})
}
