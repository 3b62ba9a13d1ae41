package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

var (
	_ resource.ResourceWithConfigure   = &ApplicationProfilesExclusiveResource{}
	_ resource.ResourceWithImportState = &ApplicationProfilesExclusiveResource{}
	_ resource.ResourceWithModifyPlan  = &ApplicationProfilesExclusiveResource{}
)

// NewApplicationProfilesExclusiveResource is the constructor the provider
// registers.
func NewApplicationProfilesExclusiveResource() resource.Resource {
	return &ApplicationProfilesExclusiveResource{}
}

// ApplicationProfilesExclusiveResource holds the complete set of
// associations allowed on one application instance: reading it reports every
// association, declared or not, and applying it deletes the undeclared ones.
type ApplicationProfilesExclusiveResource struct {
	client *identitycenter.Client
}

// ApplicationProfilesExclusiveResourceModel is the resource's state.
type ApplicationProfilesExclusiveResourceModel struct {
	ID                    types.String `tfsdk:"id"`
	InstanceID            types.String `tfsdk:"instance_id"`
	ApplicationInstanceID types.String `tfsdk:"application_instance_id"`
	ProfileIDs            types.Set    `tfsdk:"profile_ids"`
}

const exclusiveImportForm = "expected <instance_id>/<application_instance_id>, for example ins-1a2b3c4d/app-ins-5e6f7a8b"

func (r *ApplicationProfilesExclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_profiles_exclusive"
}

func (r *ApplicationProfilesExclusiveResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete set of associations (application profiles) that may exist on one IAM Identity " +
			"Center application instance. Use it to audit with `terraform plan` the associations nobody declared.\n\n" +
			"**Refresh reports every association.** `profile_ids` in state is the set the API lists. An association " +
			"added outside Terraform makes the plan show a change to `profile_ids` that removes its ID, and " +
			"`terraform plan -detailed-exitcode` exits with 2.\n\n" +
			"**Apply deletes every association not in `profile_ids`.** Before deleting anything it checks that every " +
			"ID in `profile_ids` exists; if one does not, apply fails and deletes nothing, because the API cannot create " +
			"associations. The plan already fails on such an ID, and warns with the exact list of associations apply " +
			"will delete. An empty `profile_ids` allows no association at all: apply deletes them all.\n\n" +
			"**Destroying this resource deletes nothing.** It only stops managing the set: every association stays " +
			"in place.\n\n" +
			"**A declared association that disappears** outside Terraform, or a whole application instance, is not " +
			"forgotten: refresh records the set without it, and every plan fails naming the missing ID until it is " +
			"assigned again or removed from `profile_ids`. That includes the plan `terraform destroy` makes first: " +
			"remove the ID, or run `terraform destroy -refresh=false`.\n\n" +
			"**Together with `identitycenter_application_profile`.** Both resources can manage the same application " +
			"instance. The `profile_id` of every `identitycenter_application_profile` on it must also be in " +
			"`profile_ids`, or applying this resource deletes that association. To remove an association, remove it " +
			"from both in the same change: destroying the `identitycenter_application_profile` deletes the " +
			"association, and an ID left in `profile_ids` would then make the next plan fail because it no longer exists.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<instance_id>/<application_instance_id>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the IAM Identity Center instance. Changing it replaces the resource.",
				Required:            true,
				Validators:          idValidators(),
				PlanModifiers:       replace,
			},
			"application_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the application instance; it starts with `app-ins-`. Changing it replaces the resource.",
				Required:            true,
				Validators:          applicationInstanceIDValidators(),
				PlanModifiers:       replace,
			},
			"profile_ids": schema.SetAttribute{
				MarkdownDescription: "IDs of the associations that may exist on the application instance, such as " +
					"`p-dc6434b56c4e5221`. Every one must exist. Apply **deletes** every other association of the " +
					"application instance; an empty set deletes them all.",
				Required:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(idValidators()...)},
			},
		},
	}
}

func (r *ApplicationProfilesExclusiveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fills id, and when apply is going to enforce a set it knows,
// lists the application instance once to fail on declared associations that
// do not exist, which apply could not create, and to name the associations
// apply will delete.
func (r *ApplicationProfilesExclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan ApplicationProfilesExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.InstanceID.IsUnknown() || plan.ApplicationInstanceID.IsUnknown() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.composeID())...)

	declared, known := knownStrings(ctx, plan.ProfileIDs, &resp.Diagnostics)
	if !known || r.client == nil {
		return
	}
	if !req.State.Raw.IsNull() {
		var state ApplicationProfilesExclusiveResourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		// Without a change, apply does not run, so there is nothing to check.
		if resp.Diagnostics.HasError() || (state.composeID() == plan.composeID() && state.ProfileIDs.Equal(plan.ProfileIDs)) {
			return
		}
	}

	profiles, exists, err := listProfiles(ctx, r.client, plan.InstanceID.ValueString(), plan.ApplicationInstanceID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_ids"), "Cannot check the application profiles",
			fmt.Sprintf("Listing application instance %s failed, so the plan cannot tell whether every ID in profile_ids "+
				"exists, nor which associations apply will delete.\n\n%s", plan.composeID(), apiErrorDetail(err)))
		return
	}
	if !exists {
		resp.Diagnostics.AddAttributeWarning(path.Root("application_instance_id"), "Application instance not found",
			fmt.Sprintf("The API reports that application instance %s of Identity Center instance %s does not exist, "+
				"so it holds no associations. Check instance_id and application_instance_id.",
				plan.ApplicationInstanceID.ValueString(), plan.InstanceID.ValueString()))
	}
	listed := profileIDsOf(profiles)
	if missing := without(declared, listed); len(missing) > 0 {
		resp.Diagnostics.AddAttributeError(path.Root("profile_ids"), "Application profile does not exist",
			plan.missingDetail(missing))
		return
	}
	if extra := without(listed, declared); len(extra) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_ids"), fmt.Sprintf("Apply will delete %s", countOf(len(extra))),
			fmt.Sprintf("Application instance %s of Identity Center instance %s has %s that profile_ids does not declare, "+
				"and apply will delete %s: %s.\n\n"+
				"The API cannot create associations again once deleted. To keep one, add its ID to profile_ids.",
				plan.ApplicationInstanceID.ValueString(), plan.InstanceID.ValueString(), countOf(len(extra)),
				pronounOf(len(extra)), strings.Join(extra, ", ")))
	}
}

func (r *ApplicationProfilesExclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ApplicationProfilesExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	// A failed Create leaves no state: the deletions it made are real, and
	// the next apply lists afresh and finishes them.
	if _, ok := r.enforce(ctx, plan, &resp.Diagnostics); !ok {
		return
	}
	plan.ID = types.StringValue(plan.composeID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *ApplicationProfilesExclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ApplicationProfilesExclusiveResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}

	profiles, exists, err := listProfiles(ctx, r.client, state.InstanceID.ValueString(), state.ApplicationInstanceID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the application profiles", apiErrorDetail(err))
		return
	}
	// The resource stays in state with an empty set: forgetting it would hide
	// from the audit that the declared associations are gone.
	if !exists {
		tflog.Warn(ctx, "application instance not found, recording no application profiles", map[string]any{"id": state.composeID()})
	}
	state.ID = types.StringValue(state.composeID())
	state.ProfileIDs = setOf(ctx, profileIDsOf(profiles), &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ApplicationProfilesExclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan ApplicationProfilesExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	remaining, ok := r.enforce(ctx, plan, &resp.Diagnostics)
	if remaining == nil {
		// Nothing was listed, so nothing was deleted: the prior state stays true.
		return
	}
	if !ok {
		// Record what is left, so that state tells which deletions happened.
		plan.ProfileIDs = setOf(ctx, remaining, &resp.Diagnostics)
	}
	plan.ID = types.StringValue(plan.composeID())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete only forgets the set: the associations stay, because destroying an
// audit must not remove access from anyone.
func (r *ApplicationProfilesExclusiveResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var state ApplicationProfilesExclusiveResourceModel
	if diags := req.State.Get(ctx, &state); !diags.HasError() {
		tflog.Info(ctx, "no longer managing the application profiles; every association stays in place",
			map[string]any{"id": state.composeID()})
	}
}

func (r *ApplicationProfilesExclusiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, err := splitImportID(req.ID, exclusiveImportForm, 2)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	for attr, value := range map[string]string{"id": req.ID, "instance_id": ids[0], "application_instance_id": ids[1]} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), value)...)
	}
}

// enforce lists the application instance and deletes every profile that m
// does not declare, after checking that every declared one exists. It
// returns the IDs that exist afterwards, nil when the listing failed, and
// whether the set is now exactly m's.
func (r *ApplicationProfilesExclusiveResource) enforce(ctx context.Context, m ApplicationProfilesExclusiveResourceModel, diags *diag.Diagnostics) ([]string, bool) {
	declared, known := knownStrings(ctx, m.ProfileIDs, diags)
	if !known {
		diags.AddAttributeError(path.Root("profile_ids"), "Unknown profile_ids at apply",
			"profile_ids must be known when applying. Please report this issue to the provider developers.")
		return nil, false
	}
	instanceID, applicationInstanceID := m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString()
	profiles, _, err := listProfiles(ctx, r.client, instanceID, applicationInstanceID)
	if err != nil {
		diags.AddError("Cannot list the application profiles", apiErrorDetail(err))
		return nil, false
	}
	listed := profileIDsOf(profiles)
	remaining := slices.Clone(listed)
	if missing := without(declared, listed); len(missing) > 0 {
		diags.AddAttributeError(path.Root("profile_ids"), "Application profile does not exist",
			m.missingDetail(missing)+"\n\nNo association was deleted.")
		return remaining, false
	}

	for _, id := range without(listed, declared) {
		fields := map[string]any{"id": m.composeID(), "profile_id": id}
		err := r.client.DeleteProfile(ctx, instanceID, applicationInstanceID, id)
		switch {
		case identitycenter.IsNotFound(err):
			tflog.Info(ctx, "undeclared application profile was already deleted", fields)
		case err != nil:
			deleted := len(listed) - len(remaining)
			diags.AddAttributeError(path.Root("profile_ids"), "Cannot delete an undeclared application profile",
				fmt.Sprintf("Deleting association %s of application instance %s failed after %s had been deleted. "+
					"The associations that remain are recorded in state; apply again to delete the rest.\n\n%s",
					id, applicationInstanceID, countOf(deleted), apiErrorDetail(err)))
			return remaining, false
		default:
			tflog.Info(ctx, "deleted undeclared application profile", fields)
		}
		remaining = slices.DeleteFunc(remaining, func(kept string) bool { return kept == id })
	}
	return remaining, true
}

// listProfiles lists the profiles of an application instance. An instance
// or application instance that does not exist holds no profiles: the list is
// empty and exists false, rather than an error.
func listProfiles(ctx context.Context, client *identitycenter.Client, instanceID, applicationInstanceID string) (profiles []identitycenter.Profile, exists bool, err error) {
	profiles, err = client.ListProfiles(ctx, instanceID, applicationInstanceID)
	if identitycenter.IsNotFound(err) {
		return []identitycenter.Profile{}, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return profiles, true, nil
}

func (m ApplicationProfilesExclusiveResourceModel) composeID() string {
	return m.InstanceID.ValueString() + "/" + m.ApplicationInstanceID.ValueString()
}

func (m ApplicationProfilesExclusiveResourceModel) missingDetail(missing []string) string {
	return missingProfilesDetail(m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(), missing,
		"remove "+pronounOf(len(missing))+" from profile_ids")
}

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

func countOf(n int) string {
	if n == 1 {
		return "1 association"
	}
	return fmt.Sprintf("%d associations", n)
}
