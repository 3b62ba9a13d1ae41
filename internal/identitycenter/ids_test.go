package identitycenter

import "testing"

// TestInvisibleIDCharactersAreRefusedBeforeSending holds the client to the
// rule the provider's validators and the mock's seed check share: an ID
// with white space, an invisible format character or a control character
// never reaches the API, where it would name a different object than the
// one the user sees.
func TestInvisibleIDCharactersAreRefusedBeforeSending(t *testing.T) {
	srv := newAPIServer(t, fixed(200, `{"application_profiles":[]}`))
	c := newTestClient(t, srv.URL)
	for name, id := range map[string]string{
		"space":              "p 1",
		"tab":                "p\t1",
		"newline":            "p-1\n",
		"non-breaking space": "p-1\u00a0",
		"zero-width space":   "p\u200b1",
		"line separator":     "p-1\u2028",
		"ideographic space":  "p\u30001",
		"null":               "p\x001",
		"escape":             "p\x1b[0m",
		"delete":             "p\x7f",
		"next line (C1)":     "p\u0085",
		"byte order mark":    "\ufeffp-1",
		"right-to-left mark": "p-1\u200f",
	} {
		if _, err := c.ListProfiles(t.Context(), testInstance, "app-ins-"+id); err == nil {
			t.Errorf("ListProfiles(application instance with %s) succeeded", name)
		}
		if err := c.DeleteProfile(t.Context(), testInstance, testApp, id); err == nil {
			t.Errorf("DeleteProfile(profile with %s) succeeded", name)
		} else if IsNotFound(err) {
			t.Errorf("DeleteProfile(profile with %s): a refused ID must not read as not found", name)
		}
	}
	if n := srv.count(); n != 0 {
		t.Errorf("server saw %d requests for refused IDs, want 0", n)
	}
}
