package provider

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// List resources, `terraform query` and actions came with Terraform 1.14;
// OpenTofu has none of them.
var terraform114 = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// listSeed is three associations of testApplicationID, in the order the API
// lists them, and one of another application instance, which no list of
// testApplicationID may show.
func listSeed() mockapi.Seed {
	seed := seedOf(
		mockapi.Profile{ProfileID: "p-00000000000000c1", Name: "Default", Status: "ENABLED"},
		mockapi.Profile{ProfileID: "p-00000000000000c2", Name: "Engineering", Status: "DISABLED"},
		mockapi.Profile{ProfileID: "p-00000000000000c3", Name: "Default", Status: "DISABLED"},
	)
	seed.Instances[0].ApplicationInstances = append(seed.Instances[0].ApplicationInstances, mockapi.ApplicationInstance{
		ApplicationInstanceID: otherApplicationID,
		Profiles:              []mockapi.Profile{{ProfileID: "p-00000000000000f1", Name: "Default", Status: "ENABLED"}},
	})
	return seed
}

// listBlock is a list block of testApplicationID with the given extra
// lines in its config block, or after it.
func listBlock(name, config string, extra ...string) string {
	return fmt.Sprintf(`
list "identitycenter_application_profile" %q {
  provider = identitycenter
  config {
    instance_id             = %q
    application_instance_id = %q
%s
  }
%s
}
`, name, testInstanceID, testApplicationID, config, strings.Join(extra, "\n"))
}

// listAddress is the address querycheck gives the results of a list block.
func listAddress(name string) string {
	return "identitycenter_application_profile." + name
}

func byProfile(profileID string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(profileIdentity(profileID))
}

// queryStep runs `terraform query` on the list blocks. The configuration
// of the step before it, which has the provider block, stays.
func queryStep(lists string, checks ...querycheck.QueryResultCheck) resource.TestStep {
	return resource.TestStep{Query: true, Config: lists, QueryResultChecks: checks}
}

func TestAccApplicationProfileListResource_query(t *testing.T) {
	mock := newTestMock(t, listSeed())
	var listsBefore int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps: []resource.TestStep{
			{Config: mock.providerConfig()},
			{
				PreConfig: func() { listsBefore = mock.Stats().ListProfiles },
				Query:     true,
				Config:    listBlock("all", "", "  include_resource = true"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(listAddress("all"), 3),
					querycheck.ExpectIdentity(listAddress("all"), profileIdentity("p-00000000000000c1")),
					querycheck.ExpectIdentity(listAddress("all"), profileIdentity("p-00000000000000c2")),
					querycheck.ExpectIdentity(listAddress("all"), profileIdentity("p-00000000000000c3")),
					querycheck.ExpectResourceDisplayName(listAddress("all"), byProfile("p-00000000000000c1"),
						knownvalue.StringExact("Default (ENABLED) p-00000000000000c1")),
					querycheck.ExpectResourceDisplayName(listAddress("all"), byProfile("p-00000000000000c2"),
						knownvalue.StringExact("Engineering (DISABLED) p-00000000000000c2")),
					querycheck.ExpectResourceKnownValues(listAddress("all"), byProfile("p-00000000000000c2"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(profileStateID("p-00000000000000c2"))},
						{Path: tfjsonpath.New("instance_id"), KnownValue: knownvalue.StringExact(testInstanceID)},
						{Path: tfjsonpath.New("application_instance_id"), KnownValue: knownvalue.StringExact(testApplicationID)},
						{Path: tfjsonpath.New("profile_id"), KnownValue: knownvalue.StringExact("p-00000000000000c2")},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Engineering")},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("DISABLED")},
						{Path: tfjsonpath.New("timeouts"), KnownValue: knownvalue.Null()},
					}),
				},
			},
		},
	})
	// One list block, one list request.
	if got := mock.Stats().ListProfiles - listsBefore; got != 1 {
		t.Errorf("the query sent %d list requests, want 1", got)
	}
	if stats := mock.Stats(); stats.DeleteProfile != 0 {
		t.Errorf("a query sent %d delete requests", stats.DeleteProfile)
	}
}

func TestAccApplicationProfileListResource_filters(t *testing.T) {
	mock := newTestMock(t, listSeed())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps: []resource.TestStep{
			{Config: mock.providerConfig()},
			queryStep(
				listBlock("by_name", `    name = "Default"`)+
					listBlock("by_status", `    status = "DISABLED"`)+
					listBlock("by_both", "    name = \"Default\"\n    status = \"DISABLED\"")+
					listBlock("none", `    name = "Nobody"`)+
					listBlock("first", "", "  limit = 1"),
				querycheck.ExpectLength(listAddress("by_name"), 2),
				querycheck.ExpectIdentity(listAddress("by_name"), profileIdentity("p-00000000000000c1")),
				querycheck.ExpectIdentity(listAddress("by_name"), profileIdentity("p-00000000000000c3")),
				querycheck.ExpectLength(listAddress("by_status"), 2),
				querycheck.ExpectIdentity(listAddress("by_status"), profileIdentity("p-00000000000000c2")),
				querycheck.ExpectIdentity(listAddress("by_status"), profileIdentity("p-00000000000000c3")),
				querycheck.ExpectLength(listAddress("by_both"), 1),
				querycheck.ExpectResourceDisplayName(listAddress("by_both"), byProfile("p-00000000000000c3"),
					knownvalue.StringExact("Default (DISABLED) p-00000000000000c3")),
				querycheck.ExpectLength(listAddress("none"), 0),
				// The limit keeps the first in the API's order.
				querycheck.ExpectLength(listAddress("first"), 1),
				querycheck.ExpectIdentity(listAddress("first"), profileIdentity("p-00000000000000c1")),
			),
		},
	})
}

func TestAccApplicationProfileListResource_errors(t *testing.T) {
	mock := newTestMock(t, listSeed())
	badList := func(instanceID, applicationInstanceID string) string {
		return fmt.Sprintf(`
list "identitycenter_application_profile" "bad" {
  provider = identitycenter
  config {
    instance_id             = %q
    application_instance_id = %q
  }
}
`, instanceID, applicationInstanceID)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps: []resource.TestStep{
			{Config: mock.providerConfig()},
			{
				Query:       true,
				Config:      badList(testInstanceID, "wiki"),
				ExpectError: errorMatching("application_instance_id", `must be an application instance ID, which starts with "app-ins-"`),
			},
			{
				Query:       true,
				Config:      badList("ins/1", testApplicationID),
				ExpectError: errorMatching("instance_id", `must be a non-empty ID without "/"`),
			},
			{
				Query:       true,
				Config:      badList(testInstanceID, "app-ins-00000000000000ff"),
				ExpectError: errorMatching("Cannot list application profiles", "application instance app-ins-00000000000000ff", "does not exist", "HTTP 404", "IIC.404"),
			},
			{
				Query:       true,
				Config:      badList("ins-00000000000000ff", testApplicationID),
				ExpectError: errorMatching("Cannot list application profiles", "of Identity Center instance ins-00000000000000ff does not exist", "HTTP 404"),
			},
		},
	})
}

// TestAccApplicationProfileListResource_timeoutNamesList lets the API keep
// the list unanswered: the error names the list block's own timeout.
func TestAccApplicationProfileListResource_timeoutNamesList(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps:                    []resource.TestStep{{Config: newTestMock(t, listSeed()).providerConfig()}},
	})
	w := newCLIWorkdir(t, map[string]string{
		"main.tf":       requiredProviders() + providerBlock(silent(t), testAccessKey, testSecretKey, "  max_retries = 0"),
		"q.tfquery.hcl": listBlock("slow", "    timeouts {\n      list = \"1s\"\n    }"),
	})
	out, code := w.run("query")
	if code == 0 {
		t.Errorf("terraform query succeeded:\n%s", out)
	}
	expectSaid(t, out, "Cannot list application profiles", "did not answer in time",
		"Raise list in the timeouts block of the list block's config")
}

// TestAccApplicationProfileListResource_generateConfig adopts every
// association of an application instance the way the import guide does:
// `terraform query -generate-config-out` writes the configuration, whose
// apply imports them all without changing anything, after which a plan is
// empty.
func TestAccApplicationProfileListResource_generateConfig(t *testing.T) {
	mock := newTestMock(t, listSeed())
	lists := listBlock("wiki", "")
	// The query as a step first: it skips the test on a CLI without
	// `terraform query`, and checks what the generated file must hold.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   terraform114,
		Steps: []resource.TestStep{
			{Config: mock.providerConfig()},
			queryStep(lists, querycheck.ExpectLength(listAddress("wiki"), 3)),
		},
	})

	before := mock.Snapshot()
	w := newCLIWorkdir(t, map[string]string{"main.tf": mock.providerConfig(), "wiki.tfquery.hcl": lists})
	w.mustRun("query", "-generate-config-out=generated.tf")
	generated := w.read("generated.tf")
	for _, id := range []string{"p-00000000000000c1", "p-00000000000000c2", "p-00000000000000c3"} {
		if !strings.Contains(generated, fmt.Sprintf("profile_id              = %q", id)) {
			t.Errorf("generated.tf has no association %s:\n%s", id, generated)
		}
	}
	if strings.Contains(generated, "p-00000000000000f1") {
		t.Errorf("generated.tf has the association of another application instance:\n%s", generated)
	}

	out := w.mustRun("apply", "-auto-approve")
	if !strings.Contains(out, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("apply of the generated configuration did not import exactly the three associations:\n%s", out)
	}
	w.expectNoChanges()
	if state := w.mustRun("state", "list"); strings.Count(state, "identitycenter_application_profile.") != 3 {
		t.Errorf("the state holds other than three associations:\n%s", state)
	}
	if after := mock.Snapshot(); !reflect.DeepEqual(before, after) {
		t.Errorf("the mock's store changed:\nbefore %+v\nafter  %+v", before, after)
	}
	if stats := mock.Stats(); stats.DeleteProfile != 0 {
		t.Errorf("the mock served %d delete requests, want none", stats.DeleteProfile)
	}
}
