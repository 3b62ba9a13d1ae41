package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func assignmentsDataConfig(mock *testMock, applicationInstanceID, filter string) string {
	return mock.providerConfig() + fmt.Sprintf(`
data "identitycenter_application_assignments" "all" {
  instance_id             = %q
  application_instance_id = %q
%s
}
`, testInstanceID, applicationInstanceID, filter)
}

func assignmentValue(principalType, principalID string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"principal_id":    knownvalue.StringExact(principalID),
		"principal_type":  knownvalue.StringExact(principalType),
		"application_urn": knownvalue.StringRegexp(regexp.MustCompile(regexp.QuoteMeta(testApplicationID) + "$")),
	})
}

// Every page is read, in the API's order, and the filter keeps one type.
func TestAccApplicationAssignmentsDataSource_pages(t *testing.T) {
	mock := newTestMock(t, assignmentSeed(userOf("u-3"), groupOf("g-1"), userOf("u-1"), userOf("u-2"), groupOf("g-2")))
	mock.SetPageSizeCap(2)
	const address = "data.identitycenter_application_assignments.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: assignmentsDataConfig(mock, testApplicationID, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("application_assignments"), knownvalue.ListExact([]knownvalue.Check{
						assignmentValue("USER", "u-3"), assignmentValue("GROUP", "g-1"), assignmentValue("USER", "u-1"),
						assignmentValue("USER", "u-2"), assignmentValue("GROUP", "g-2"),
					})),
				},
			},
			{
				Config: assignmentsDataConfig(mock, testApplicationID, `  principal_type = "GROUP"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("application_assignments"), knownvalue.ListExact([]knownvalue.Check{
						assignmentValue("GROUP", "g-1"), assignmentValue("GROUP", "g-2"),
					})),
				},
			},
		},
	})
	// Five assignments by two: three pages a read.
	if n := mock.Stats().ListAssignments; n == 0 || n%3 != 0 {
		t.Errorf("%d list requests, want whole walks of 3 pages", n)
	}
}

func TestAccApplicationAssignmentsDataSource_badInput(t *testing.T) {
	mock := newTestMock(t, assignmentSeed())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: assignmentsDataConfig(mock, testApplicationID, `  principal_type = "ROLE"`), ExpectError: regexp.MustCompile(`(?s)principal_type.*value must be one of`)},
			{Config: assignmentsDataConfig(mock, "app-ins-missing", ""), ExpectError: errorMatching("Cannot list application assignments", "application instance app-ins-missing",
				"does not exist", "Check instance_id and application_instance_id in the data source block", "HTTP 404", "IIC.404")},
			{Config: assignmentsDataConfig(mock, "missing", ""), ExpectError: regexp.MustCompile(`starts with "app-ins-"`)},
			{Config: strings.Replace(assignmentsDataConfig(mock, testApplicationID, ""), testInstanceID, "ins/1", 1),
				ExpectError: regexp.MustCompile(`(?s)instance_id.*without\s+"/",\s+"\?",\s+"#"\s+or\s+white\s+space`)},
		},
	})
}
