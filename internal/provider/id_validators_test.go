package provider

import (
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/ids"
)

// TestIDValidatorsRefuseInvisibleCharacters holds the attributes' validators
// to the rule the client and the mock share: a character a reviewer cannot
// see in a plan must not make an ID name something else.
func TestIDValidatorsRefuseInvisibleCharacters(t *testing.T) {
	for _, r := range ids.RefusedExamples {
		id, name := r.ID, r.Says
		if id == "" || strings.HasPrefix(id, ".") {
			// Refused whole, by other checks: "app-ins-" + id would pass.
			continue
		}
		if validatorsAccept(idValidators(), id) {
			t.Errorf("idValidators accept %q, which the rule refuses: %s", id, name)
		}
		if validatorsAccept(applicationInstanceIDValidators(), "app-ins-"+id) {
			t.Errorf("applicationInstanceIDValidators accept %q, which the rule refuses: %s", "app-ins-"+id, name)
		}
		if _, err := parseImportID("ins-1/app-ins-2/" + id); err == nil {
			t.Errorf("parseImportID accepts the profile ID %q, which the rule refuses: %s", id, name)
		}
		if _, err := splitImportID("ins-1/app-ins-2/USER/"+id, assignmentImportForm, 4); err == nil {
			t.Errorf("the assignment import accepts the principal ID %q, which the rule refuses: %s", id, name)
		}
	}
}
