package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// Resource identity, and import blocks that use it, came with Terraform and
// OpenTofu 1.12; older CLIs neither store nor send it.
var identityCapableCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

func profileIdentity(profileID string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"instance_id":             knownvalue.StringExact(testInstanceID),
		"application_instance_id": knownvalue.StringExact(testApplicationID),
		"profile_id":              knownvalue.StringExact(profileID),
	}
}

// importByIdentityBlock is an import block naming the association by its
// identity, as a user writes it.
func importByIdentityBlock(instanceID, applicationInstanceID, profileID string) string {
	return fmt.Sprintf(`
import {
  to = %s
  identity = {
    instance_id             = %q
    application_instance_id = %q
    profile_id              = %q
  }
}
`, profileAddress, instanceID, applicationInstanceID, profileID)
}

func TestAccApplicationProfileResource_identity(t *testing.T) {
	const profileID = "p-00000000000000d1"
	mock := newTestMock(t, seedOf(
		mockapi.Profile{ProfileID: profileID, Name: "Auditors", Status: "DISABLED"},
		mockapi.Profile{ProfileID: "p-00000000000000d2"},
	))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   identityCapableCLI,
		CheckDestroy:             checkProfileGone(mock, profileID, "p-00000000000000d2"),
		Steps: []resource.TestStep{
			{
				Config: profileConfig(mock, profileID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(profileAddress, profileIdentity(profileID)),
					statecheck.ExpectIdentityValueMatchesState(profileAddress, tfjsonpath.New("instance_id")),
					statecheck.ExpectIdentityValueMatchesState(profileAddress, tfjsonpath.New("application_instance_id")),
					statecheck.ExpectIdentityValueMatchesState(profileAddress, tfjsonpath.New("profile_id")),
				},
			},
			{
				// A refresh keeps the identity that Create set.
				Config: profileConfig(mock, profileID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValue(profileAddress, tfjsonpath.New("profile_id"), knownvalue.StringExact(profileID)),
				},
			},
			{
				// The harness writes an import block with the identity from
				// the state, and checks that the plan imports the same
				// identity without changes.
				ResourceName:    profileAddress,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(profileID))),
						plancheck.ExpectKnownValue(profileAddress, tfjsonpath.New("name"), knownvalue.StringExact("Auditors")),
						plancheck.ExpectKnownValue(profileAddress, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
					},
				},
			},
		},
	})
}

// TestAccApplicationProfileResource_importBlockAdopts applies an import block
// of each form, as a user writes it: both adopt the association without
// touching it, and both leave its identity in the state.
func TestAccApplicationProfileResource_importBlockAdopts(t *testing.T) {
	const profileID = "p-00000000000000d3"
	for name, importBlock := range map[string]string{
		"identity": importByIdentityBlock(testInstanceID, testApplicationID, profileID),
		"id": fmt.Sprintf(`
import {
  to = %s
  id = %q
}
`, profileAddress, profileStateID(profileID)),
	} {
		t.Run(name, func(t *testing.T) {
			mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: profileID, Name: "Support", Status: "ENABLED"}))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   identityCapableCLI,
				CheckDestroy:             checkProfileGone(mock, profileID),
				Steps: []resource.TestStep{{
					Config: profileConfig(mock, profileID) + importBlock,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(profileAddress, plancheck.ResourceActionNoop),
							plancheck.ExpectKnownValue(profileAddress, tfjsonpath.New("name"), knownvalue.StringExact("Support")),
						},
					},
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectIdentity(profileAddress, profileIdentity(profileID)),
						statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(profileID))),
						statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					},
				}},
			})
		})
	}
}

// TestAccApplicationProfileResource_importByIdentityBadInput covers the
// identities a user can get wrong, and the message they read.
func TestAccApplicationProfileResource_importByIdentityBadInput(t *testing.T) {
	const profileID = "p-00000000000000d4"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: profileID}))
	// A cleanup, because the parallel subtests run after this function returns.
	t.Cleanup(func() {
		if _, ok := mock.Profile(testInstanceID, testApplicationID, profileID); !ok {
			t.Error("a failed import deleted the profile")
		}
	})
	for name, tc := range map[string]struct {
		importBlock string
		want        []string
	}{
		"application instance without prefix": {
			importBlock: importByIdentityBlock(testInstanceID, "ins-00000000000000a1", profileID),
			want: []string{"Invalid import identity", "application_instance_id", `must be an application instance ID, which starts with "app-ins-"`,
				"Expected identity = {"},
		},
		"slash in instance_id": {
			importBlock: importByIdentityBlock("ins-1/ins-2", testApplicationID, profileID),
			want:        []string{"Invalid import identity", "instance_id", `must be a non-empty ID without "/"`},
		},
		"empty profile_id": {
			importBlock: importByIdentityBlock(testInstanceID, testApplicationID, ""),
			want:        []string{"Invalid import identity", "profile_id", `must be a non-empty ID`},
		},
		"path element as profile_id": {
			importBlock: importByIdentityBlock(testInstanceID, testApplicationID, ".."),
			want:        []string{"Invalid import identity", "profile_id", `..`},
		},
		"profile_id left out": {
			importBlock: fmt.Sprintf(`
import {
  to = %s
  identity = {
    instance_id             = %q
    application_instance_id = %q
  }
}
`, profileAddress, testInstanceID, testApplicationID),
			want: []string{`attribute "profile_id" is required`},
		},
		"association that does not exist": {
			importBlock: importByIdentityBlock(testInstanceID, testApplicationID, "p-0000000000000404"),
			want:        []string{"Cannot import non-existent remote object"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   identityCapableCLI,
				Steps: []resource.TestStep{{
					Config:      profileConfig(mock, profileID) + tc.importBlock,
					ExpectError: errorMatching(tc.want...),
				}},
			})
		})
	}
}

// TestImportStateByIdentity speaks the plugin protocol directly, so that the
// identity import is checked with any CLI, or none.
func TestImportStateByIdentity(t *testing.T) {
	t.Parallel()
	identityType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"instance_id": tftypes.String, "application_instance_id": tftypes.String, "profile_id": tftypes.String,
	}}
	server, err := testAccProtoV6ProviderFactories["identitycenter"]()
	if err != nil {
		t.Fatal(err)
	}
	importByIdentity := func(t *testing.T, ids map[string]tftypes.Value) *tfprotov6.ImportResourceStateResponse {
		t.Helper()
		identity, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, ids))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := server.ImportResourceState(t.Context(), &tfprotov6.ImportResourceStateRequest{
			TypeName: "identitycenter_application_profile",
			Identity: &tfprotov6.ResourceIdentityData{IdentityData: &identity},
		})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

	t.Run("valid", func(t *testing.T) {
		t.Parallel()
		resp := importByIdentity(t, map[string]tftypes.Value{
			"instance_id": str("ins-1"), "application_instance_id": str("app-ins-2"), "profile_id": str("p-3"),
		})
		for _, d := range resp.Diagnostics {
			t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
		}
		if len(resp.ImportedResources) != 1 {
			t.Fatalf("imported %d resources, want 1", len(resp.ImportedResources))
		}
		imported := resp.ImportedResources[0]
		schemaResp, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		stateValue, err := imported.State.Unmarshal(schemaResp.ResourceSchemas["identitycenter_application_profile"].ValueType())
		if err != nil {
			t.Fatal(err)
		}
		var state map[string]tftypes.Value
		if err := stateValue.As(&state); err != nil {
			t.Fatal(err)
		}
		for attr, want := range map[string]string{
			"id": "ins-1/app-ins-2/p-3", "instance_id": "ins-1", "application_instance_id": "app-ins-2", "profile_id": "p-3",
		} {
			var got string
			if err := state[attr].As(&got); err != nil || got != want {
				t.Errorf("state %s = %q (%v), want %q", attr, got, err, want)
			}
		}
		if imported.Identity == nil {
			t.Fatal("the import returned no identity")
		}
		identity, err := imported.Identity.IdentityData.Unmarshal(identityType)
		if err != nil {
			t.Fatal(err)
		}
		if want := tftypes.NewValue(identityType, map[string]tftypes.Value{
			"instance_id": str("ins-1"), "application_instance_id": str("app-ins-2"), "profile_id": str("p-3"),
		}); !identity.Equal(want) {
			t.Errorf("identity = %s, want %s", identity, want)
		}
	})

	for name, tc := range map[string]struct {
		ids  map[string]tftypes.Value
		want []string
	}{
		"application instance without prefix": {
			ids:  map[string]tftypes.Value{"instance_id": str("ins-1"), "application_instance_id": str("ins-2"), "profile_id": str("p-3")},
			want: []string{"application_instance_id", `must be an application instance ID, which starts with "app-ins-"`},
		},
		"white space in instance_id": {
			ids:  map[string]tftypes.Value{"instance_id": str("ins 1"), "application_instance_id": str("app-ins-2"), "profile_id": str("p-3")},
			want: []string{"instance_id", "must be " + idRule},
		},
		"path element as profile_id": {
			ids:  map[string]tftypes.Value{"instance_id": str("ins-1"), "application_instance_id": str("app-ins-2"), "profile_id": str("..")},
			want: []string{"profile_id", `".."`},
		},
		"profile_id left out": {
			ids:  map[string]tftypes.Value{"instance_id": str("ins-1"), "application_instance_id": str("app-ins-2"), "profile_id": tftypes.NewValue(tftypes.String, nil)},
			want: []string{"The import block's identity has no profile_id"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resp := importByIdentity(t, tc.ids)
			if len(resp.ImportedResources) != 0 {
				t.Errorf("imported %d resources from a bad identity", len(resp.ImportedResources))
			}
			if len(resp.Diagnostics) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(resp.Diagnostics), resp.Diagnostics)
			}
			d := resp.Diagnostics[0]
			if d.Severity != tfprotov6.DiagnosticSeverityError || d.Summary != "Invalid import identity" ||
				!errorMatching(append(tc.want, "Expected identity = {")...).MatchString(d.Detail) {
				t.Errorf("diagnostic = %s %q: %q, want an error naming %q", d.Severity, d.Summary, d.Detail, tc.want)
			}
		})
	}
}
