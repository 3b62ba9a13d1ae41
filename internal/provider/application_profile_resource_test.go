package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// checkProfileGone is a CheckDestroy that also proves the neighbours of the
// destroyed profile were left alone.
func checkProfileGone(mock *testMock, gone string, kept ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if _, ok := mock.Profile(testInstanceID, testApplicationID, gone); ok {
			return fmt.Errorf("profile %s still exists in the mock API after destroy", gone)
		}
		for _, id := range kept {
			if _, ok := mock.Profile(testInstanceID, testApplicationID, id); !ok {
				return fmt.Errorf("profile %s was deleted, but it is not managed by the test", id)
			}
		}
		return nil
	}
}

func TestAccApplicationProfileResource_lifecycle(t *testing.T) {
	const profileID = "p-dc6434b56c4e5221"
	mock := newTestMock(t, seedOf(
		mockapi.Profile{ProfileID: "p-0000000000000001"},
		mockapi.Profile{ProfileID: profileID, Name: "Engineering", Status: "DISABLED"},
		mockapi.Profile{ProfileID: "p-0000000000000003"},
	))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkProfileGone(mock, profileID, "p-0000000000000001", "p-0000000000000003"),
		Steps: []resource.TestStep{
			{
				Config: profileConfig(mock, profileID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(profileAddress, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(profileID))),
						plancheck.ExpectUnknownValue(profileAddress, tfjsonpath.New("name")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(profileID))),
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("instance_id"), knownvalue.StringExact(testInstanceID)),
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("application_instance_id"), knownvalue.StringExact(testApplicationID)),
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("profile_id"), knownvalue.StringExact(profileID)),
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("name"), knownvalue.StringExact("Engineering")),
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
				},
			},
			{
				// A refresh against an unchanged API plans nothing.
				Config: profileConfig(mock, profileID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:      profileAddress,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:    profileAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(profileAddress, tfjsonpath.New("name"), knownvalue.StringExact("Engineering")),
						plancheck.ExpectKnownValue(profileAddress, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
					},
				},
			},
		},
	})
	if stats := mock.Stats(); stats.DeleteProfile != 1 {
		t.Errorf("the mock served %d delete requests, want exactly 1", stats.DeleteProfile)
	}
}

func TestAccApplicationProfileResource_replace(t *testing.T) {
	mock := newTestMock(t, seedOf(
		mockapi.Profile{ProfileID: "p-00000000000000a1"},
		mockapi.Profile{ProfileID: "p-00000000000000b2"},
	))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkProfileGone(mock, "p-00000000000000b2"),
		Steps: []resource.TestStep{
			{Config: profileConfig(mock, "p-00000000000000a1")},
			{
				Config: profileConfig(mock, "p-00000000000000b2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(profileAddress, plancheck.ResourceActionDestroyBeforeCreate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID("p-00000000000000b2"))),
				},
				Check: func(*terraform.State) error {
					if _, ok := mock.Profile(testInstanceID, testApplicationID, "p-00000000000000a1"); ok {
						return fmt.Errorf("the replaced profile p-00000000000000a1 still exists")
					}
					return nil
				},
			},
		},
	})
}

func TestAccApplicationProfileResource_deletedOutOfBand(t *testing.T) {
	const profileID = "p-00000000000000d4"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: profileID}))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkProfileGone(mock, profileID),
		Steps: []resource.TestStep{
			{Config: profileConfig(mock, profileID)},
			{
				// The refresh finds the association gone: the plan shows it to
				// be adopted again, so an audit plan is not empty.
				PreConfig: func() {
					if !mock.RemoveProfile(testInstanceID, testApplicationID, profileID) {
						t.Fatal("the profile to remove out of band was not in the mock")
					}
				},
				Config:             profileConfig(mock, profileID),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(profileAddress, plancheck.ResourceActionCreate),
					},
				},
			},
			{
				Config: profileConfig(mock, profileID),
				ExpectError: errorMatching("Application profile does not exist", "has no association "+profileID, "cannot create associations",
					"set profile_id to its ID"),
			},
			{
				// Once the association exists again, apply adopts it.
				PreConfig: func() {
					mock.AddProfile(testInstanceID, testApplicationID, mockapi.Profile{ProfileID: profileID, Name: "Restored"})
				},
				Config: profileConfig(mock, profileID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("name"), knownvalue.StringExact("Restored")),
				},
			},
		},
	})
}

// TestAccApplicationProfileResource_refreshTakesWhatTheAPIReports renames
// and disables an adopted association in the API: the refresh puts the new
// name and status in state, and a refresh that finds nothing changed keeps
// them.
func TestAccApplicationProfileResource_refreshTakesWhatTheAPIReports(t *testing.T) {
	const profileID = "p-00000000000000e9"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: profileID, Name: "Before", Status: "ENABLED"}))
	reports := func(name, status string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(profileID))),
			statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("name"), knownvalue.StringExact(name)),
			statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("status"), knownvalue.StringExact(status)),
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: profileConfig(mock, profileID), ConfigStateChecks: reports("Before", "ENABLED")},
			{
				PreConfig: func() {
					mock.AddProfile(testInstanceID, testApplicationID, mockapi.Profile{ProfileID: profileID, Name: "After", Status: "DISABLED"})
				},
				Config: profileConfig(mock, profileID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: reports("After", "DISABLED"),
			},
			{Config: profileConfig(mock, profileID), ConfigStateChecks: reports("After", "DISABLED")},
		},
	})
}

func TestAccApplicationProfileResource_alreadyDeletedAtDestroy(t *testing.T) {
	const profileID = "p-00000000000000e5"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: profileID}))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkProfileGone(mock, profileID),
		Steps: []resource.TestStep{
			{Config: profileConfig(mock, profileID)},
			{
				// Destroy with refresh off sends DELETE for a profile already
				// gone; the 404 counts as deleted.
				PreConfig:                 func() { mock.RemoveProfile(testInstanceID, testApplicationID, profileID) },
				Config:                    profileConfig(mock, profileID),
				Destroy:                   true,
				PreventPostDestroyRefresh: true,
			},
		},
	})
}

func TestAccApplicationProfileResource_badInput(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000f6"}))
	// Parallel subtests run after this function returns, so the check waits
	// for them in a cleanup.
	t.Cleanup(func() {
		if _, ok := mock.Profile(testInstanceID, testApplicationID, "p-00000000000000f6"); !ok {
			t.Error("a failed adoption deleted a profile")
		}
	})
	for name, tc := range map[string]struct {
		step resource.TestStep
	}{
		"application instance ID without app-ins-": {resource.TestStep{
			Config:      mock.providerConfig() + profileResource("test", "00000000000000a1", "p-00000000000000f6"),
			ExpectError: errorMatching(`application_instance_id must be an application instance ID, which starts with "app-ins-"`),
		}},
		"empty profile ID": {resource.TestStep{
			Config:      mock.providerConfig() + profileResource("test", testApplicationID, ""),
			ExpectError: errorMatching(`profile_id must be a non-empty ID without "/", "?", "#" or white space`),
		}},
		"profile ID with white space": {resource.TestStep{
			Config:      mock.providerConfig() + profileResource("test", testApplicationID, "p-1 p-2"),
			ExpectError: errorMatching(`profile_id must be a non-empty ID without "/", "?", "#" or white space`),
		}},
		"profile that does not exist": {resource.TestStep{
			Config: mock.providerConfig() + profileResource("test", testApplicationID, "p-0000000000000404"),
			ExpectError: errorMatching("Application profile does not exist",
				"Application instance "+testApplicationID+" of Identity Center instance "+testInstanceID+" has no association p-0000000000000404",
				"cannot create associations"),
		}},
		"application instance that does not exist": {resource.TestStep{
			Config:      mock.providerConfig() + profileResource("test", "app-ins-doesnotexist", "p-00000000000000f6"),
			ExpectError: errorMatching("Application instance not found", "app-ins-doesnotexist", "does not exist, whether deleted or mistyped"),
		}},
		"no permission": {resource.TestStep{
			Config:      providerBlock(mock.URL, deniedAccessKey, deniedSecretKey) + profileResource("test", testApplicationID, "p-00000000000000f6"),
			ExpectError: errorMatching("Cannot adopt the application profile", "HTTP 403", "IIC.1000", "encoded_authorization_message:"),
		}},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{tc.step},
			})
		})
	}
}

func TestAccApplicationProfileResource_malformedImportID(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000f7"}))
	for name, tc := range map[string]struct {
		id   string
		want []string
	}{
		"two parts":          {"ins-1/app-ins-2", []string{"Invalid import ID", "expected <instance_id>/<application_instance_id>/<profile_id>", `got "ins-1/app-ins-2"`}},
		"four parts":         {"ins-1/app-ins-2/p-3/x", []string{"Invalid import ID", "expected <instance_id>/<application_instance_id>/<profile_id>"}},
		"empty part":         {"ins-1//p-3", []string{"Invalid import ID", "expected <instance_id>/<application_instance_id>/<profile_id>"}},
		"empty":              {"", []string{"Invalid import ID", "expected <instance_id>/<application_instance_id>/<profile_id>", `got ""`}},
		"application prefix": {"ins-1/app-2/p-3", []string{"Invalid import ID", `application instance ID "app-2"`, `must start with "app-ins-"`}},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:       profileConfig(mock, "p-00000000000000f7"),
					ResourceName: profileAddress,
					ImportState:  true,
					// A function, since an empty ImportStateId means "the ID in state".
					ImportStateIdFunc: func(*terraform.State) (string, error) { return tc.id, nil },
					ExpectError:       errorMatching(tc.want...),
				}},
			})
		})
	}
}

func TestAccApplicationProfileResource_importMissingProfile(t *testing.T) {
	mock := newTestMock(t, seedOf())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:        profileConfig(mock, "p-0000000000000404"),
			ResourceName:  profileAddress,
			ImportState:   true,
			ImportStateId: profileStateID("p-0000000000000404"),
			ExpectError:   errorMatching("Cannot import non-existent remote object"),
		}},
	})
}

func TestParseImportID(t *testing.T) {
	t.Parallel()
	got, err := parseImportID("ins-1/app-ins-2/p-3")
	if err != nil || got != [3]string{"ins-1", "app-ins-2", "p-3"} {
		t.Errorf("parseImportID = %v, %v", got, err)
	}
	for _, bad := range []string{"", "/", "a/b", "a/app-ins-b/c/d", "a//c", "/app-ins-b/c", "a/app-ins-b/", "a/b/c", "a b/app-ins-b/c", "./app-ins-b/c", "a/app-ins-b/p?x"} {
		if _, err := parseImportID(bad); err == nil {
			t.Errorf("parseImportID(%q) gave no error", bad)
		}
	}
}

// TestAccApplicationProfileResource_auditingGuideStatusPostcondition runs
// the auditing guide's example against the offline guide's seed: a status
// changed outside Terraform fails the plan through the example's
// postcondition.
func TestAccApplicationProfileResource_auditingGuideStatusPostcondition(t *testing.T) {
	seed, err := mockapi.LoadSeed(filepath.Join("..", "..", "examples", "guides", "testing-offline", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "auditing", "associations", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	const instanceID, applicationInstanceID, engineering = "ins-0123456789abcdef", "app-ins-0123456789abcdef", "p-1a2b3c4d5e6f7081"
	mock := newTestMock(t, seed)
	// The example takes its settings from the environment, as the guide says.
	configureFromEnvironment(t, mock)

	w := newCLIWorkdir(t, map[string]string{"main.tf": string(example)})
	w.mustRun("apply", "-input=false", "-auto-approve")

	mock.AddProfile(instanceID, applicationInstanceID, mockapi.Profile{ProfileID: engineering, Name: "Engineering", Status: "DISABLED"})
	out, code := w.run("plan", "-input=false", "-detailed-exitcode")
	if code != 1 {
		t.Errorf("the audit of a disabled association exited %d, want 1:\n%s", code, out)
	}
	expectSaid(t, out, "Resource postcondition failed",
		"Association "+instanceID+"/"+applicationInstanceID+"/"+engineering+" (Engineering) is DISABLED, not ENABLED.")

	mock.AddProfile(instanceID, applicationInstanceID, mockapi.Profile{ProfileID: engineering, Name: "Engineering", Status: "ENABLED"})
	if out, code := w.run("plan", "-input=false", "-detailed-exitcode"); code != 0 {
		t.Errorf("the audit after the association was enabled again exited %d, want 0:\n%s", code, out)
	}
}
