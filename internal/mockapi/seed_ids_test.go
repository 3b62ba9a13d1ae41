package mockapi_test

import (
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/ids"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// TestValidateRefusesInvisibleIDCharacters holds the seed check to the rule
// the client and the provider share, so that the mock never serves an
// object whose ID the provider could not name.
func TestValidateRefusesInvisibleIDCharacters(t *testing.T) {
	t.Parallel()
	for _, r := range ids.RefusedExamples {
		id, name := r.ID, r.Says
		seed := mockapi.Seed{Instances: []mockapi.Instance{{
			InstanceID: "ins-1",
			ApplicationInstances: []mockapi.ApplicationInstance{{
				ApplicationInstanceID: "app-ins-1",
				Profiles:              []mockapi.Profile{{ProfileID: id}},
			}},
		}}}
		err := seed.Validate()
		if err == nil || !strings.Contains(err.Error(), "profiles[0].profile_id") {
			t.Errorf("Validate of the profile ID %q = %v, want an error naming profiles[0].profile_id: %s", id, err, name)
		}
		app := &seed.Instances[0].ApplicationInstances[0]
		app.Profiles = nil
		app.Assignments = []mockapi.Assignment{{PrincipalID: id, PrincipalType: mockapi.PrincipalUser}}
		err = seed.Validate()
		if err == nil || !strings.Contains(err.Error(), "assignments[0].principal_id") {
			t.Errorf("Validate of the principal ID %q = %v, want an error naming assignments[0].principal_id: %s", id, err, name)
		}
	}
}
