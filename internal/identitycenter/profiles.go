package identitycenter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/ids"
)

// Profile is one application profile: the association between an
// application instance and a user or user group that the API lists and
// deletes. The code calls it a profile throughout.
type Profile struct {
	ProfileID string `json:"profile_id"`
	Name      string `json:"name"`
	Status    string `json:"status"`
}

// ListProfiles returns every profile of an application instance, in the
// API's order, from a list that started after the call: concurrent calls
// about one application instance share a request, but never one that was
// already on its way when they were made. The slice is the caller's own.
func (c *Client) ListProfiles(ctx context.Context, instanceID, applicationInstanceID string) ([]Profile, error) {
	return c.ListProfilesHolding(ctx, instanceID, applicationInstanceID, nil, FreshList)
}

// ListProfilesHolding returns every profile of an application instance, in
// the API's order, from a list that recency allows and that holds each
// profile of profileIDs; when none does, from a list that started after the
// call, so that a profile it lacks was absent after the call. The slice is
// the caller's own.
func (c *Client) ListProfilesHolding(ctx context.Context, instanceID, applicationInstanceID string, profileIDs []string, recency Recency) ([]Profile, error) {
	if err := checkIDs(instanceID, applicationInstanceID); err != nil {
		return nil, err
	}
	return c.profileLists.listHolding(ctx, listKey{instanceID, applicationInstanceID}, profileIDs, recency)
}

// FindProfile looks up one profile of an application instance in a list
// that recency allows. A profile that is not in the list, and an instance
// or application instance that the API does not know, give a
// *NotFoundError.
func (c *Client) FindProfile(ctx context.Context, instanceID, applicationInstanceID, profileID string, recency Recency) (Profile, error) {
	if err := checkIDs(instanceID, applicationInstanceID); err != nil {
		return Profile{}, err
	}
	k := listKey{instanceID, applicationInstanceID}
	return c.profileLists.find(ctx, k, profileID, recency, profileObject(k, profileID))
}

func profileObject(k listKey, profileID string) string {
	return fmt.Sprintf("profile %s of application instance %s of instance %s", profileID, k.applicationInstanceID, k.instanceID)
}

// profileKind is what the profile lists are.
func (c *Client) profileKind() listKind[Profile, string] {
	return listKind[Profile, string]{
		name:  "profiles",
		fetch: c.fetchProfiles,
		keyOf: func(p Profile) string { return p.ProfileID },
		path:  profileSegments,
	}
}

func profileSegments(k listKey) []string {
	return []string{"v1", "instances", k.instanceID, "application-instances", k.applicationInstanceID, "profiles"}
}

// fetchProfiles sends one list request.
func (c *Client) fetchProfiles(ctx context.Context, k listKey) ([]Profile, error) {
	segments := profileSegments(k)
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

// DeleteProfile deletes one profile. A profile that does not exist gives an
// error for which IsNotFound is true. The application instance's lists are
// forgotten when the delete starts and again when it ends, so that no list
// made before or during the delete is served afterwards, nor lets a create
// adopt the profile (see sharedLists).
func (c *Client) DeleteProfile(ctx context.Context, instanceID, applicationInstanceID, profileID string) error {
	if err := checkIDs(instanceID, applicationInstanceID, profileID); err != nil {
		return err
	}
	k := listKey{instanceID, applicationInstanceID}
	return c.profileLists.whileDeleting(k, func() error {
		_, err := c.do(ctx, http.MethodDelete, append(profileSegments(k), profileID)...)
		return err
	})
}

// checkIDs refuses, before anything is sent, IDs that would change the
// path's shape or differ from what a reviewer read: the rule of
// internal/ids, which the provider's validators and the mock apply too.
func checkIDs(list ...string) error {
	for _, id := range list {
		if err := ids.Check(id); err != nil {
			return fmt.Errorf("invalid ID: %w", err)
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
