package identitycenter

import (
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/ids"
)

// TestInvisibleIDCharactersAreRefusedBeforeSending holds the client to the
// rule the provider's validators and the mock's seed check share: an ID
// with white space, an invisible format character or a control character
// never reaches the API, where it would name a different object than the
// one the user sees.
func TestInvisibleIDCharactersAreRefusedBeforeSending(t *testing.T) {
	srv := newAPIServer(t, fixed(200, `{"application_profiles":[]}`))
	c := newTestClient(t, srv.URL)
	for _, r := range ids.RefusedExamples {
		id, name := r.ID, r.Says
		if _, err := c.ListProfiles(t.Context(), id, testApp); err == nil {
			t.Errorf("ListProfiles(instance %q) succeeded, but the rule refuses it: %s", id, name)
		}
		if err := c.DeleteProfile(t.Context(), testInstance, testApp, id); err == nil {
			t.Errorf("DeleteProfile(profile %q) succeeded, but the rule refuses it: %s", id, name)
		} else if IsNotFound(err) {
			t.Errorf("DeleteProfile(profile %q): a refused ID must not read as not found", id)
		}
		if err := c.CreateAssignment(t.Context(), testInstance, testApp, PrincipalUser, id); err == nil {
			t.Errorf("CreateAssignment(principal %q) succeeded, but the rule refuses it: %s", id, name)
		}
		if _, err := c.FindAssignment(t.Context(), testInstance, testApp, PrincipalUser, id, FreshList); err == nil || IsNotFound(err) {
			t.Errorf("FindAssignment(principal %q) = %v, but the rule refuses it, and not as not found: %s", id, err, name)
		}
	}
	if n := srv.count(); n != 0 {
		t.Errorf("server saw %d requests for refused IDs, want 0", n)
	}
}
