package provider

import "testing"

// TestIDValidatorsRefuseInvisibleCharacters holds the attributes' validators
// to the rule the client and the mock share: a character a reviewer cannot
// see in a plan must not make an ID name something else.
func TestIDValidatorsRefuseInvisibleCharacters(t *testing.T) {
	for name, id := range map[string]string{
		"non-breaking space": "p-1\u00a0",
		"zero-width space":   "p\u200b1",
		"tab":                "p\t1",
		"line separator":     "p-1\u2028",
		"null":               "p\x001",
		"escape":             "p\x1b1",
		"delete":             "p\x7f",
		"next line (C1)":     "p\u0085",
		"byte order mark":    "\ufeffp-1",
	} {
		if validatorsAccept(idValidators(), id) {
			t.Errorf("idValidators accept an ID with %s: %q", name, id)
		}
		if validatorsAccept(applicationInstanceIDValidators(), "app-ins-"+id) {
			t.Errorf("applicationInstanceIDValidators accept an ID with %s: %q", name, "app-ins-"+id)
		}
		if _, err := parseImportID("ins-1/app-ins-2/" + id); err == nil {
			t.Errorf("parseImportID accepts a profile ID with %s: %q", name, id)
		}
	}
}
