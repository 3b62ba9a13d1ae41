package identitycenter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Profile is one association between an application instance and a user or
// user group.
type Profile struct {
	ProfileID string `json:"profile_id"`
	Name      string `json:"name"`
	Status    string `json:"status"`
}

// ListProfiles returns every profile of an application instance, in the
// API's order.
func (c *Client) ListProfiles(ctx context.Context, instanceID, applicationInstanceID string) ([]Profile, error) {
	if err := checkIDs(instanceID, applicationInstanceID); err != nil {
		return nil, err
	}
	segments := []string{"v1", "instances", instanceID, "application-instances", applicationInstanceID, "profiles"}
	body, err := c.do(ctx, http.MethodGet, segments...)
	if err != nil {
		return nil, err
	}
	profiles, err := DecodeProfiles(body)
	if err != nil {
		return nil, fmt.Errorf("GET /%s: %w", strings.Join(segments, "/"), err)
	}
	return profiles, nil
}

// DeleteProfile deletes one association. A profile that does not exist gives
// an error for which IsNotFound is true.
func (c *Client) DeleteProfile(ctx context.Context, instanceID, applicationInstanceID, profileID string) error {
	if err := checkIDs(instanceID, applicationInstanceID, profileID); err != nil {
		return err
	}
	_, err := c.do(ctx, http.MethodDelete, "v1", "instances", instanceID, "application-instances", applicationInstanceID, "profiles", profileID)
	return err
}

// checkIDs refuses IDs that would change the path's shape.
func checkIDs(ids ...string) error {
	for _, id := range ids {
		if id == "" {
			return errors.New("an ID is empty")
		}
		if strings.ContainsAny(id, "/?#") || id == "." || id == ".." {
			return fmt.Errorf("ID %q contains a character not allowed in an ID", id)
		}
	}
	return nil
}

// listBody takes the list under its current key and under the key that older
// versions of the API used.
type listBody struct {
	Current json.RawMessage `json:"application_profiles"`
	Legacy  json.RawMessage `json:"applicationProfiles"`
}

// isNullOrMissing lets a list under one key win over a null under the other.
// A null alone is read as an empty list.
func isNullOrMissing(raw json.RawMessage) bool {
	return raw == nil || string(raw) == "null"
}

// DecodeProfiles reads the body of a successful list answer. An answer
// without the list is an error rather than an empty list, because reading it
// as empty would drop every association from state.
func DecodeProfiles(body []byte) ([]Profile, error) {
	var lb listBody
	if err := json.Unmarshal(body, &lb); err != nil {
		return nil, fmt.Errorf("the answer is not the expected JSON: %w", err)
	}
	raw := lb.Current
	if raw == nil || (string(raw) == "null" && !isNullOrMissing(lb.Legacy)) {
		raw = lb.Legacy
	}
	if raw == nil {
		return nil, errors.New("the answer has no application_profiles list")
	}
	var profiles []Profile
	if err := json.Unmarshal(raw, &profiles); err != nil {
		return nil, fmt.Errorf("application_profiles is not a list of profiles: %w", err)
	}
	for i, p := range profiles {
		if p.ProfileID == "" {
			return nil, fmt.Errorf("application_profiles[%d] has no profile_id", i)
		}
	}
	if profiles == nil {
		profiles = []Profile{}
	}
	return profiles, nil
}
