package provider

// Set helpers for profile_ids: the elements of a set attribute, a set from
// IDs, and the difference of two lists of IDs.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// knownStrings returns the elements of a set, and false while the set or one
// of its elements is unknown.
func knownStrings(ctx context.Context, set types.Set, diags *diag.Diagnostics) ([]string, bool) {
	if set.IsUnknown() || set.IsNull() {
		return nil, false
	}
	var elements []types.String
	if d := set.ElementsAs(ctx, &elements, false); d.HasError() {
		diags.Append(d...)
		return nil, false
	}
	values := make([]string, len(elements))
	for i, e := range elements {
		if e.IsUnknown() {
			return nil, false
		}
		values[i] = e.ValueString()
	}
	return values, true
}

func setOf(ctx context.Context, ids []string, diags *diag.Diagnostics) types.Set {
	set, d := types.SetValueFrom(ctx, types.StringType, ids)
	diags.Append(d...)
	return set
}

// profileIDsOf returns the IDs of profiles in the API's order, each once:
// a set in state cannot hold one twice.
func profileIDsOf(profiles []identitycenter.Profile) []string {
	ids := make([]string, 0, len(profiles))
	seen := make(map[string]bool, len(profiles))
	for _, p := range profiles {
		if !seen[p.ProfileID] {
			seen[p.ProfileID] = true
			ids = append(ids, p.ProfileID)
		}
	}
	return ids
}

// without returns the elements of ids that are not in other, in order.
func without(ids, other []string) []string {
	exclude := make(map[string]bool, len(other))
	for _, id := range other {
		exclude[id] = true
	}
	var rest []string
	for _, id := range ids {
		if !exclude[id] {
			rest = append(rest, id)
		}
	}
	return rest
}
