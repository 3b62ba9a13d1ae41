package provider

// The attributes' ID validators and the parsing of import IDs: both apply
// the one ID rule of internal/ids.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/ids"
)

const applicationInstancePrefix = ids.ApplicationInstancePrefix

// The rule of internal/ids, which the client and the mock apply too. An ID
// becomes one segment of an API path, and "/" separates the IDs of an
// import ID.
var (
	idPattern                  = ids.Pattern
	applicationInstancePattern = ids.ApplicationInstancePattern
	pathElements               = ids.PathElements
)

const idRule = ids.Rule

func idValidators() []validator.String {
	return []validator.String{
		stringvalidator.RegexMatches(idPattern, "must be "+idRule),
		stringvalidator.NoneOf(pathElements...),
	}
}

func applicationInstanceIDValidators() []validator.String {
	return []validator.String{
		stringvalidator.RegexMatches(applicationInstancePattern,
			"must be an application instance ID, which starts with \""+applicationInstancePrefix+"\" and has no \"/\", \"?\", \"#\" or white space"),
	}
}

// splitImportID splits an import ID of n IDs joined by "/", the second of
// which is an application instance ID, and checks each with the attributes'
// rules. form says what is expected, with an example.
func splitImportID(id, form string, n int) ([]string, error) {
	parts := strings.Split(id, "/")
	if len(parts) != n || slices.Contains(parts, "") {
		return nil, fmt.Errorf("%s; got %q", form, id)
	}
	for _, p := range parts {
		if !idPattern.MatchString(p) || slices.Contains(pathElements, p) {
			return nil, fmt.Errorf("%q in import ID %q is not %s; %s", p, id, idRule, form)
		}
	}
	if !applicationInstancePattern.MatchString(parts[1]) {
		return nil, fmt.Errorf("the application instance ID %q in import ID %q must start with %q; %s",
			parts[1], id, applicationInstancePrefix, form)
	}
	return parts, nil
}
