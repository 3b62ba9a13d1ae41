package provider

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// validatorsAccept runs the attribute validators of the schema on one value.
func validatorsAccept(validators []validator.String, value string) bool {
	for _, v := range validators {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{
			Path:        path.Root("x"),
			ConfigValue: types.StringValue(value),
		}, resp)
		if resp.Diagnostics.HasError() {
			return false
		}
	}
	return true
}

// FuzzParseImportID checks that an import ID is taken apart without loss,
// and that it is accepted exactly when the three IDs would pass the
// attributes' validators: an import must not bring into state what the
// configuration could not hold, nor refuse what it could.
func FuzzParseImportID(f *testing.F) {
	for _, id := range []string{
		"ins-0123456789abcdef/app-ins-0123456789abcdef/p-dc6434b56c4e5221",
		"ins-1/app-ins-2/p-3",
		"", "/", "//", "a/b", "a/app-ins-b/c/d", "a//c", "/app-ins-b/c", "a/app-ins-b/",
		"a/b/c", "a b/app-ins-b/c", "./app-ins-b/c", "../app-ins-b/c", "a/app-ins-b/..",
		"a/app-ins-b/p?x", "a/app-ins-b/p#x", "a/app-ins-/c", "a/APP-INS-b/c",
		"a\t/app-ins-b/c", "a/app-ins-b/c\n", "配置/app-ins-ключ/😀", "\xff/app-ins-\xfe/p",
		"a/app-ins-b/c\u00a0", "a/app-ins-b/c\u2028",
	} {
		f.Add(id)
	}
	f.Fuzz(func(t *testing.T, id string) {
		ids, err := parseImportID(id)

		parts := strings.Split(id, "/")
		valid := len(parts) == 3 &&
			validatorsAccept(idValidators(), parts[0]) &&
			validatorsAccept(applicationInstanceIDValidators(), parts[1]) &&
			validatorsAccept(idValidators(), parts[2])
		if !utf8.ValidString(id) {
			// Terraform hands the provider valid UTF-8 only; such an ID
			// need not agree with the validators, but must not panic.
			return
		}

		if err != nil {
			if valid {
				t.Errorf("parseImportID(%q) refused IDs the attributes accept: %v", id, err)
			}
			if !strings.Contains(err.Error(), "<instance_id>/<application_instance_id>/<profile_id>") {
				t.Errorf("the error %q does not show the expected form", err)
			}
			return
		}
		if !valid {
			t.Errorf("parseImportID(%q) = %q, but the attributes refuse these IDs", id, ids)
		}
		if joined := strings.Join(ids[:], "/"); joined != id {
			t.Errorf("parseImportID(%q) = %q, which joins to %q", id, ids, joined)
		}
		if !strings.HasPrefix(ids[1], applicationInstancePrefix) {
			t.Errorf("application instance ID %q lacks %q", ids[1], applicationInstancePrefix)
		}
	})
}
