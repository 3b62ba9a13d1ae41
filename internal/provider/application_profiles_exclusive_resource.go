package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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
	plans  *plannedChanges
}

// ApplicationProfilesExclusiveResourceModel is the resource's state.
type ApplicationProfilesExclusiveResourceModel struct {
	ID                    types.String   `tfsdk:"id"`
	InstanceID            types.String   `tfsdk:"instance_id"`
	ApplicationInstanceID types.String   `tfsdk:"application_instance_id"`
	ProfileIDs            types.Set      `tfsdk:"profile_ids"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

const exclusiveImportForm = "expected <instance_id>/<application_instance_id>, for example ins-1a2b3c4d/app-ins-5e6f7a8b"

func (r *ApplicationProfilesExclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_profiles_exclusive"
}

func (r *ApplicationProfilesExclusiveResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete set of associations (application profiles) that may exist on one IAM Identity " +
			"Center application instance. Use it to audit with `terraform plan` the associations nobody declared.\n\n" +
			"**Refresh reports every association.** `profile_ids` in state is the set the API lists. An association " +
			"added outside Terraform makes the plan show a change to `profile_ids` that removes its ID, and " +
			"`terraform plan -detailed-exitcode` exits with 2.\n\n" +
			"**Apply deletes exactly the removals the plan showed.** An update deletes the IDs that the plan shows " +
			"leaving `profile_ids`, and warns with their list before the prompt. An association that appears after the " +
			"plan, even with a saved plan, is kept, with a warning, and shows in the next plan. Before deleting " +
			"anything, apply checks that every ID in `profile_ids` exists; if one does not, it fails and deletes " +
			"nothing, because the API cannot create associations. The plan already fails on such an ID, and on an API " +
			"it cannot list: a plan that cannot name what apply deletes is refused. When `profile_ids` is not known until " +
			"apply, the plan warns naming every association that apply deletes unless the final set holds it, and apply " +
			"deletes no other.\n\n" +
			"**Creating deletes nothing.** A plan that creates the resource shows no removals, so the associations " +
			"that `profile_ids` does not declare stay, with a warning naming them, and the next plan shows them as " +
			"removals to review. To review and delete them in one apply, import the resource instead of creating it.\n\n" +
			"**Destroying this resource deletes nothing.** It only stops managing the set: every association stays " +
			"in place.\n\n" +
			"**A declared association that disappears** outside Terraform is not forgotten: refresh records the set " +
			"without it, and every plan fails naming the missing ID until its ID leaves `profile_ids`, removed or " +
			"replaced by the ID of the association that assigning the user or group again creates. That includes the plan `terraform destroy` makes first: remove the ID, or run " +
			"`terraform destroy -refresh=false`. **An application instance that disappears** removes the resource " +
			"from state, so the plan shows it to be created again, and apply fails naming the application instance.\n\n" +
			"**Together with `identitycenter_application_profile`.** Both resources can manage the same application " +
			"instance. The `profile_id` of every `identitycenter_application_profile` on it must also be in " +
			"`profile_ids`, or applying this resource deletes that association. To remove an association, remove it " +
			"from both in the same change: destroying the `identitycenter_application_profile` deletes the " +
			"association, and an ID left in `profile_ids` would then make the next plan fail because it no longer exists. " +
			"A plan that deletes an association that `profile_ids` declares warns, on whichever of the two resources " +
			"Terraform plans second. " + plannedChangesReach,
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
					"`p-dc6434b56c4e5221`. Every one must exist. An update **deletes** every other association of the " +
					"application instance, as its plan names them; with an empty set, all of them. Creating deletes none.",
				Required:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(idValidators()...)},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": applicationProfilesExclusiveTimeouts(ctx),
		},
	}
}

func (r *ApplicationProfilesExclusiveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.plans = plansFrom(req.ProviderData, &resp.Diagnostics)
}

// The rules this resource keeps, because the API cannot create an
// association that apply deleted by mistake:
//
//   - Every deletion is a line of the reviewed plan. Update deletes exactly
//     the IDs that leave profile_ids between the prior state and the plan,
//     which the plan shows as removals: the prior state is what refresh read
//     from the API, and apply receives the plan's prior state unchanged, so
//     apply and reviewer work from the same list. An association that
//     appears after the plan is kept, with a warning, and shows in the next
//     plan. Create deletes nothing, since a plan that creates shows no
//     removals: the plan after it names them.
//   - A plan that cannot name what apply will delete fails: when the API
//     cannot be listed, or the application instance is unknown at plan time.
//     With profile_ids unknown, the warning names every association apply
//     may delete.
//   - Nothing is deleted unless every declared association exists: the API
//     could not create a missing one, so the set could never be reached.
//
// ModifyPlan enforces the plan side; Update, the apply side.

// ModifyPlan fills id and, when apply is going to run, lists the
// application instance once: to fail on declared associations that do not
// exist, and to name the associations apply will delete or keep.
func (r *ApplicationProfilesExclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan ApplicationProfilesExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var prior *ApplicationProfilesExclusiveResourceModel
	if !req.State.Raw.IsNull() {
		prior = &ApplicationProfilesExclusiveResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if plan.InstanceID.IsUnknown() || plan.ApplicationInstanceID.IsUnknown() {
		if prior != nil {
			// A replacement, which only forgets the old set. Terraform plans
			// its create next, with no prior state, and that plan fails below.
			return
		}
		resp.Diagnostics.AddError("Application instance unknown at plan time",
			"instance_id and application_instance_id must be known when planning, so that the plan can check the "+
				"declared associations and name every association a later apply deletes. Set them from values known "+
				"before apply, or apply the resources they come from first (terraform apply -target).")
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.composeID())...)
	if declared, known := knownStrings(ctx, plan.ProfileIDs, &resp.Diagnostics); known {
		for _, profileID := range declared {
			r.plans.declare(plan.associationID(profileID), associationWarnings, &resp.Diagnostics)
		}
	}
	if r.client == nil {
		return
	}
	// Without a change, apply does not run, so there is nothing to check.
	if prior != nil && prior.composeID() == plan.composeID() && prior.ProfileIDs.Equal(plan.ProfileIDs) {
		return
	}
	if prior != nil && prior.composeID() != plan.composeID() {
		// Replacing forgets the old set, deleting nothing, and creates the new.
		prior = nil
	}

	ctx, cancel := withTimeout(ctx, plan.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	listed, err := r.listProfileIDs(ctx, plan)
	switch {
	case identitycenter.IsNotFound(err):
		resp.Diagnostics.AddAttributeWarning(path.Root("application_instance_id"), "Application instance not found: apply will fail",
			plan.applicationInstanceNotFoundDetail())
		return
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("profile_ids"), "Cannot list the application profiles at plan time",
			fmt.Sprintf("Listing application instance %s failed, so the plan can neither check that every ID in profile_ids "+
				"exists nor name the associations apply would delete. A plan that cannot name its deletions is refused; "+
				"plan again once the API answers.\n\n%s", plan.composeID(), apiErrorDetail(err)))
		return
	}

	declared, known := knownStrings(ctx, plan.ProfileIDs, &resp.Diagnostics)
	if known {
		if missing := without(declared, listed); len(missing) > 0 {
			resp.Diagnostics.AddAttributeError(path.Root("profile_ids"), "Application profile does not exist",
				plan.missingDetail(missing))
			return
		}
	}
	if prior == nil {
		if undeclared := without(listed, declared); known && len(undeclared) > 0 {
			resp.Diagnostics.AddAttributeWarning(path.Root("profile_ids"), "Creating deletes no association",
				fmt.Sprintf("Application instance %s has %s that profile_ids does not declare: %s. Creating the resource "+
					"deletes none of them. The next plan shows %s as removals from profile_ids, for review, and the apply "+
					"of that plan deletes %s. To review and delete them in one apply, import the resource "+
					"(an import block with id = %q) instead of creating it.",
					plan.ApplicationInstanceID.ValueString(), countOf(len(undeclared)), strings.Join(undeclared, ", "),
					pronounOf(len(undeclared)), pronounOf(len(undeclared)), plan.composeID()))
		}
		return
	}

	recorded, priorKnown := knownStrings(ctx, prior.ProfileIDs, &resp.Diagnostics)
	if !priorKnown {
		return
	}
	if !known {
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_ids"), "Apply may delete associations",
			fmt.Sprintf("profile_ids is not known until apply. Apply will delete every association of application "+
				"instance %s that refresh found and that profile_ids does not end up holding: %s. An association that "+
				"appears after this plan is kept.\n\n%s",
				plan.ApplicationInstanceID.ValueString(), strings.Join(recorded, ", "), cannotRecreate))
		return
	}
	if removals := without(recorded, declared); len(removals) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_ids"), fmt.Sprintf("Apply will delete %s", countOf(len(removals))),
			fmt.Sprintf("Application instance %s of Identity Center instance %s has %s that profile_ids does not declare, "+
				"and apply will delete %s: %s.\n\n%s To keep one, add its ID to profile_ids.",
				plan.ApplicationInstanceID.ValueString(), plan.InstanceID.ValueString(), countOf(len(removals)),
				pronounOf(len(removals)), strings.Join(removals, ", "), cannotRecreate))
		for _, removal := range removals {
			r.plans.remove(plan.associationID(removal), associationWarnings, &resp.Diagnostics)
		}
	}
}

func (r *ApplicationProfilesExclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ApplicationProfilesExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()
	declared, listed, ok := r.checkDeclared(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	// The plan showed no removals, so none happen here: see the rules above.
	if undeclared := without(listed, declared); len(undeclared) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_ids"), "Undeclared associations kept",
			fmt.Sprintf("Application instance %s has %s that profile_ids does not declare: %s. Creating the resource deleted "+
				"none of them; the next plan shows %s as removals, for review.",
				plan.ApplicationInstanceID.ValueString(), countOf(len(undeclared)), strings.Join(undeclared, ", "), pronounOf(len(undeclared))))
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
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	listed, err := r.listProfileIDs(ctx, state)
	if identitycenter.IsNotFound(err) {
		// The plan then shows the resource to be created again, which an
		// audit sees as a change, and which fails while the application
		// instance is missing.
		tflog.Warn(ctx, "application instance not found, removing it from state", map[string]any{"id": state.composeID()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the application profiles", apiErrorDetail(err))
		return
	}
	state.ID = types.StringValue(state.composeID())
	state.ProfileIDs = setOf(ctx, listed, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update deletes the removals the plan showed: the IDs of the prior state
// that the planned profile_ids no longer holds. See the rules above.
func (r *ApplicationProfilesExclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, prior ApplicationProfilesExclusiveResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Update, defaultUpdateTimeout, &resp.Diagnostics)
	defer cancel()
	recorded, known := knownStrings(ctx, prior.ProfileIDs, &resp.Diagnostics)
	if !known {
		resp.Diagnostics.AddAttributeError(path.Root("profile_ids"), "Unknown profile_ids in state",
			"The prior state holds no known profile_ids, so apply cannot tell which removals the plan showed. "+
				"Nothing was deleted. Please report this issue to the provider developers.")
		return
	}
	declared, listed, ok := r.checkDeclared(ctx, plan, &resp.Diagnostics)
	if !ok {
		// Nothing was deleted: the prior state stays true.
		return
	}

	removals := without(recorded, declared)
	if kept := without(without(listed, declared), removals); len(kept) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_ids"), "Associations that appeared after the plan were kept",
			fmt.Sprintf("Application instance %s has %s that the plan did not show: %s. Apply deletes only what the plan "+
				"named, so %s stayed; the next plan shows %s as removals, for review.",
				plan.ApplicationInstanceID.ValueString(), countOf(len(kept)), strings.Join(kept, ", "),
				pronounOf(len(kept)), pronounOf(len(kept))))
	}
	if remaining, ok := r.deleteRemovals(ctx, plan, listed, removals, &resp.Diagnostics); !ok {
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
	importApplicationInstance(ctx, req, resp)
}

// checkDeclared lists the application instance and checks that every
// declared association exists, under the rule of creates
// (identitycenter.UntouchedList): a list of this apply that no delete of
// this provider process touched, such as the one its plan made, serves
// when it holds every declared profile; otherwise a list that starts now,
// so that a declared profile is called missing only from a list made after
// the question. It returns the declared IDs, the listed IDs, and false,
// with an error in diags, when apply must not go on.
func (r *ApplicationProfilesExclusiveResource) checkDeclared(ctx context.Context, m ApplicationProfilesExclusiveResourceModel, diags *diag.Diagnostics) (declared, listed []string, ok bool) {
	declared, known := knownStrings(ctx, m.ProfileIDs, diags)
	if !known {
		diags.AddAttributeError(path.Root("profile_ids"), "Unknown profile_ids at apply",
			"profile_ids must be known when applying. Please report this issue to the provider developers.")
		return nil, nil, false
	}
	profiles, err := r.client.ListProfilesHolding(ctx, m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(),
		declared, identitycenter.UntouchedList)
	listed = profileIDsOf(profiles)
	switch {
	case identitycenter.IsNotFound(err):
		diags.AddAttributeError(path.Root("application_instance_id"), "Application instance not found",
			m.applicationInstanceNotFoundDetail()+" No association was deleted.")
		return nil, nil, false
	case err != nil:
		diags.AddError("Cannot list the application profiles", apiErrorDetail(err)+"\n\nNo association was deleted.")
		return nil, nil, false
	}
	if missing := without(declared, listed); len(missing) > 0 {
		diags.AddAttributeError(path.Root("profile_ids"), "Application profile does not exist",
			m.missingDetail(missing)+"\n\nNo association was deleted.")
		return nil, nil, false
	}
	return declared, listed, true
}

// deleteRemovals deletes each of removals that listed still holds, in
// order, and returns the IDs of listed that remain. It stops at the first
// deletion the API refuses, with an error in diags, and returns false.
func (r *ApplicationProfilesExclusiveResource) deleteRemovals(ctx context.Context, m ApplicationProfilesExclusiveResourceModel, listed, removals []string, diags *diag.Diagnostics) ([]string, bool) {
	instanceID, applicationInstanceID := m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString()
	remaining := slices.Clone(listed)
	for _, id := range removals {
		fields := map[string]any{"id": m.composeID(), "profile_id": id}
		if !slices.Contains(remaining, id) {
			tflog.Info(ctx, "planned removal was already deleted", fields)
			continue
		}
		err := r.client.DeleteProfile(ctx, instanceID, applicationInstanceID, id)
		switch {
		case identitycenter.IsNotFound(err):
			tflog.Info(ctx, "planned removal was already deleted", fields)
		case err != nil:
			diags.AddAttributeError(path.Root("profile_ids"), "Cannot delete an undeclared application profile",
				fmt.Sprintf("Deleting association %s of application instance %s failed after %s had been deleted. "+
					"The associations that remain are recorded in state; apply again to delete the rest.\n\n%s",
					id, applicationInstanceID, countOf(len(listed)-len(remaining)), apiErrorDetail(err)))
			return remaining, false
		default:
			tflog.Info(ctx, "deleted undeclared application profile", fields)
		}
		remaining = slices.DeleteFunc(remaining, func(kept string) bool { return kept == id })
	}
	return remaining, true
}

// listProfileIDs lists the IDs of the application instance's profiles, in
// the API's order, each once. An instance or application instance that the
// API does not know gives an error for which identitycenter.IsNotFound is
// true.
func (r *ApplicationProfilesExclusiveResource) listProfileIDs(ctx context.Context, m ApplicationProfilesExclusiveResourceModel) ([]string, error) {
	profiles, err := r.client.ListProfiles(ctx, m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString())
	if err != nil {
		return nil, err
	}
	return profileIDsOf(profiles), nil
}

func (m ApplicationProfilesExclusiveResourceModel) applicationInstanceNotFoundDetail() string {
	return applicationInstanceNotFoundDetail(m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(), resourceBlock)
}

// associationID is the ID of the identitycenter_application_profile that
// holds profileID, the form plannedChanges compares.
func (m ApplicationProfilesExclusiveResourceModel) associationID(profileID string) string {
	return ApplicationProfileResourceModel{InstanceID: m.InstanceID, ApplicationInstanceID: m.ApplicationInstanceID,
		ProfileID: types.StringValue(profileID)}.composeID()
}

func (m ApplicationProfilesExclusiveResourceModel) composeID() string {
	return m.InstanceID.ValueString() + "/" + m.ApplicationInstanceID.ValueString()
}

func (m ApplicationProfilesExclusiveResourceModel) missingDetail(missing []string) string {
	repoint := "replace the missing ID in profile_ids with the new one"
	if len(missing) > 1 {
		repoint = "replace the missing IDs in profile_ids with the new ones"
	}
	return missingProfilesDetail(m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(), missing,
		repoint, "remove "+pronounOf(len(missing))+" from profile_ids")
}
