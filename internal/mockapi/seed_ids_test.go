package mockapi_test

import (
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// TestValidateRefusesInvisibleIDCharacters holds the seed check to the rule
// the client and the provider share, so that the mock never serves an
// object whose ID the provider could not name.
func TestValidateRefusesInvisibleIDCharacters(t *testing.T) {
	t.Parallel()
	for name, id := range map[string]string{
		"space":              "p 1",
		"tab":                "p\t1",
		"non-breaking space": "p-1\u00a0",
		"zero-width space":   "p\u200b1",
		"null":               "p\x001",
		"escape":             "p\x1b1",
		"question mark":      "p?1",
		"hash sign":          "p#1",
		"dot":                ".",
		"dot dot":            "..",
	} {
		seed := mockapi.Seed{Instances: []mockapi.Instance{{
			InstanceID: "ins-1",
			ApplicationInstances: []mockapi.ApplicationInstance{{
				ApplicationInstanceID: "app-ins-1",
				Profiles:              []mockapi.Profile{{ProfileID: id}},
			}},
		}}}
		err := seed.Validate()
		if err == nil || !strings.Contains(err.Error(), "profiles[0].profile_id") {
			t.Errorf("Validate of a profile ID with %s = %v, want an error naming profiles[0].profile_id", name, err)
		}
	}
}
