package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

var (
	_ resource.ResourceWithConfigure   = &ApplicationProfileResource{}
	_ resource.ResourceWithImportState = &ApplicationProfileResource{}
	_ resource.ResourceWithModifyPlan  = &ApplicationProfileResource{}
)

// NewApplicationProfileResource is the constructor the provider registers.
func NewApplicationProfileResource() resource.Resource {
	return &ApplicationProfileResource{}
}

// ApplicationProfileResource manages one existing association between an
// application instance and a user or user group. The API cannot create one,
// so Create adopts it.
type ApplicationProfileResource struct {
	client *identitycenter.Client
	plans  *plannedChanges
}

// ApplicationProfileResourceModel is the resource's state.
type ApplicationProfileResourceModel struct {
	ID                    types.String   `tfsdk:"id"`
	InstanceID            types.String   `tfsdk:"instance_id"`
	ApplicationInstanceID types.String   `tfsdk:"application_instance_id"`
	ProfileID             types.String   `tfsdk:"profile_id"`
	Name                  types.String   `tfsdk:"name"`
	Status                types.String   `tfsdk:"status"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

func (r *ApplicationProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_profile"
}

func (r *ApplicationProfileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One association (application profile) between an IAM Identity Center application instance " +
			"and a user or user group.\n\n" +
			"The Identity Center API cannot create associations: one comes into being when a user or group is " +
			"assigned to the application. Creating this resource therefore **adopts** an association that already " +
			"exists, after checking that it does; destroying it **deletes** the association. When an association " +
			"disappears outside Terraform, the next plan shows it to be created again, and warns that apply will fail " +
			"until it exists.\n\n" +
			"**Every planned deletion is named before the prompt.** A plan that destroys or replaces this resource " +
			"warns for each association it deletes. Use a `moved` block for a renamed resource. " +
			keepWithoutDeleting("association", "this resource", markdown) + "\n\n" +
			"**A plan that would lose an association fails.** That is a replacement whose new association does not " +
			"exist, or cannot be checked, since Terraform would delete the old association before finding out, and a " +
			"replacement of an association by itself, as `-replace` or `replace_triggered_by` asks. A changed ID whose " +
			"replacement fails so stops `terraform destroy` too, which plans the configuration first: restore the IDs, " +
			"or run `terraform destroy -refresh=false` (with `-target` to destroy this resource alone). A plan that " +
			"deletes an association and adopts it again at another address, as a renamed `for_each` key, an element " +
			"removed from the middle of a list that `count` follows, or two resources swapping their associations " +
			"plan, warns that it does so, and so does a plan that deletes an association that an " +
			"`identitycenter_application_profiles_exclusive` resource declares. " + plannedChangesReach + "\n\n" +
			"`terraform taint` leaves the provider nothing to see at plan time, so do not taint this resource; " +
			"`terraform untaint` undoes it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<instance_id>/<application_instance_id>/<profile_id>`.",
				Computed:            true,
				PlanModifiers:       keep,
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
			"profile_id": schema.StringAttribute{
				MarkdownDescription: "ID of the association, such as `p-dc6434b56c4e5221`. Changing it replaces the resource.",
				Required:            true,
				Validators:          idValidators(),
				PlanModifiers:       replace,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the association, as the API reports it; the API's default is `Default`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Status of the association, as the API reports it; the API's default is `ENABLED`.",
				Computed:            true,
				PlanModifiers:       keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": applicationProfileTimeouts(ctx),
		},
	}
}

func (r *ApplicationProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.plans = plansFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan keeps the rules that make a reviewed plan safe to apply, since
// the API cannot create an association that apply deleted by mistake:
//
//   - Every planned deletion says so: a destroy, a replacement, or a
//     removed block that destroys carries a warning naming the association.
//     The summary is the same for all, so that Terraform folds a thousand of
//     them into one.
//   - A replacement never deletes before it knows it can adopt: Terraform
//     deletes the old association before it adopts the new one, so a
//     replacement whose new association does not exist, or cannot be
//     checked, fails the plan.
//   - A replacement of an association by itself fails the plan (see
//     plannedAssociationKey), and an association that one plan of this
//     configuration deletes and another adopts is named in a warning of
//     its own (see plannedChanges).
//   - A new adoption of a missing association (after drift, say) is still
//     planned, with a warning, so that the difference stays visible.
//
// It also fills id as soon as the three IDs are known.
func (r *ApplicationProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var prior *ApplicationProfileResourceModel
	if !req.State.Raw.IsNull() {
		prior = &ApplicationProfileResourceModel{}
		resp.Diagnostics.Append(getApplicationProfile(ctx, req.State.Raw, prior)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if req.Plan.Raw.IsNull() {
		if prior != nil {
			warnDeletion(prior, &resp.Diagnostics)
			r.plans.delete(prior.composeID(), associationWarnings, &resp.Diagnostics)
		}
		return
	}
	var plan ApplicationProfileResourceModel
	resp.Diagnostics.Append(getApplicationProfile(ctx, req.Plan.Raw, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if prior != nil {
		recordPlannedAssociation(ctx, req.Private, resp.Private, prior, &resp.Diagnostics)
	}
	replacing := prior != nil && (!plan.idsKnown() || prior.composeID() != plan.composeID())
	if replacing {
		warnDeletion(prior, &resp.Diagnostics)
	}
	if !plan.idsKnown() {
		if replacing {
			resp.Diagnostics.AddError("Replacement unknown at plan time",
				fmt.Sprintf("Replacing deletes association %s before adopting the new one, whose IDs are not known until "+
					"apply, so the plan cannot check that it exists. Set instance_id, application_instance_id and "+
					"profile_id from values known before apply. %s", prior.composeID(), destroyPlansFirst))
		}
		return
	}
	if prior == nil && replacesItself(ctx, req.Private, resp.Private, plan, &resp.Diagnostics) {
		return
	}
	if prior == nil || replacing {
		if replacing {
			r.plans.delete(prior.composeID(), associationWarnings, &resp.Diagnostics)
		}
		r.plans.add(plan.composeID(), associationWarnings, &resp.Diagnostics)
	}
	// A plan that changes nothing has the prior id already.
	if id := types.StringValue(plan.composeID()); !plan.ID.Equal(id) {
		plan.ID = id
		setApplicationProfile(ctx, &resp.Plan.Raw, plan, &resp.Diagnostics)
	}
	if r.client == nil || (prior != nil && !replacing) {
		return
	}

	// The check is a read, and a plan must not hang on a silent API.
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	_, err := plan.find(ctx, r.client, identitycenter.RecentList)
	notFound := identitycenter.IsNotFound(err)
	switch {
	case notFound && replacing:
		missing := plan.missing(err)
		resp.Diagnostics.AddAttributeError(missing.attribute, "Replacement "+missing.what+" does not exist",
			fmt.Sprintf("Replacing association %s with %s would delete the first and then fail to adopt the second, "+
				"which does not exist.\n\n%s\n\nUntil it exists, keep the IDs of the association this resource manages "+
				"now. %s", prior.composeID(), plan.composeID(), missing.detail, destroyPlansFirst))
	case notFound:
		missing := plan.missing(err)
		resp.Diagnostics.AddAttributeWarning(missing.attribute, missing.summaryAtPlan,
			missing.detail+"\n\nThe plan shows it to be adopted so that the difference stays visible.")
	case err != nil && replacing:
		resp.Diagnostics.AddAttributeError(path.Root("profile_id"), "Cannot check that the replacement exists",
			fmt.Sprintf("Replacing deletes association %s before adopting %s, but listing the application instance of %s "+
				"failed, so the plan cannot tell whether the replacement can be adopted. A plan that could delete an "+
				"association and then fail is refused; plan again once the API answers. %s\n\n%s",
				prior.composeID(), plan.composeID(), plan.composeID(), destroyPlansFirst, apiErrorDetail(err)))
	case err != nil:
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_id"), "Cannot check that the application profile exists",
			fmt.Sprintf("Planning to adopt %s, but listing its application instance failed, so apply may fail.\n\n%s",
				plan.composeID(), apiErrorDetail(err)))
	}
}

// associationWarnings are what a plan says of an association that another
// plan makes it dangerous to delete; see plannedChanges.
var associationWarnings = plannedWarnings{deletedAndAdded: deletedAndAdopted,
	deletedWhileDeclared: associationDeletedWhileDeclared, declaredWhileDeleted: associationDeclaredWhileDeleted}

// associationDeletedWhileDeclared warns, on the resource whose plan deletes
// it, of an association that an exclusive resource declares.
func associationDeletedWhileDeclared(id string, diags *diag.Diagnostics) {
	diags.AddWarning("Association deleted while an exclusive resource declares it",
		fmt.Sprintf("This plan deletes association %s, which an identitycenter_application_profiles_exclusive resource "+
			"declares in profile_ids. Once it is deleted, that resource's plans fail until its ID leaves profile_ids.\n\n"+
			"%s\n\n%s", id, cannotRecreate, keepWithoutDeleting("association", "this resource", plainText)))
}

// associationDeclaredWhileDeleted warns, on the exclusive resource that
// declares it, of an association that another resource's plan deletes.
func associationDeclaredWhileDeleted(id string, diags *diag.Diagnostics) {
	diags.AddWarning("Exclusive resource declares an association this plan deletes",
		fmt.Sprintf("profile_ids declares association %s, which this plan deletes because an "+
			"identitycenter_application_profile resource of this provider configuration is removed, destroyed or "+
			"replaced. Once it is deleted, this resource's plans fail until its ID leaves profile_ids.\n\n%s\n\n"+
			"If the deletion is meant, remove its ID from profile_ids. %s",
			id, cannotRecreate, keepWithoutDeleting("association", "the resource that deletes it", plainText)))
}

// deletedAndAdopted warns of an association that this plan both deletes
// and adopts; see plannedChanges.
func deletedAndAdopted(id string, diags *diag.Diagnostics) {
	diags.AddWarning("Association deleted and adopted in one plan",
		fmt.Sprintf("This plan deletes association %s and adopts it again, at another address or in place of another "+
			"association. Unless the deletion is only a forget (lifecycle destroy = false), Terraform would delete it "+
			"and then fail to adopt it, or adopt it and then delete it: either way the association is lost.\n\n%s\n\n"+
			"Renaming a for_each key, removing an element from the middle of a list that count follows, swapping the "+
			"associations of two resources, and removing an association from an exclusive resource's profile_ids while "+
			"a resource adopts it all plan this. Add a moved block from the old address to the new one, or key "+
			"for_each by profile ID, so that each association keeps its address.", id, cannotRecreate))
}

// plannedAssociationKey is the private data under which a plan of an
// adopted association names it. Terraform plans a replacement twice: first
// against the prior state, then as a create, handing the second plan the
// first one's private data. A create that finds its own association there
// replaces the association with itself, as -replace and
// replace_triggered_by ask: apply would delete it and then fail to adopt
// it, or, with create_before_destroy, adopt it and then delete it.
// terraform taint leaves no such trace, since Terraform plans a tainted
// object's replacement without its private data.
//
// The key lives only in plans. Terraform hands a plan the private data of
// the object in state, and of one a refresh found gone, with a null prior
// state, as for a create: a key left there would make an association that
// disappeared after an update look like its own replacement. So Update,
// which Terraform gives the planned private data, and a Read that removes
// the resource drop it, and Create never gets it (replacesItself drops it).
const plannedAssociationKey = "planned_association"

// recordPlannedAssociation names prior's association in the plan's private
// data, unless the prior private data names it already.
func recordPlannedAssociation(ctx context.Context, priorPrivate, plannedPrivate privateData, prior *ApplicationProfileResourceModel, diags *diag.Diagnostics) {
	want := privateString(prior.composeID())
	if got, _ := priorPrivate.GetKey(ctx, plannedAssociationKey); !bytes.Equal(got, want) {
		diags.Append(plannedPrivate.SetKey(ctx, plannedAssociationKey, want)...)
	}
}

// replacesItself reports, with an error in diags, whether the create plan
// of plan is the second plan of a replacement of the same association; see
// plannedAssociationKey. It drops the key from the planned private data, so
// that the object it creates starts without it.
func replacesItself(ctx context.Context, priorPrivate, plannedPrivate privateData, plan ApplicationProfileResourceModel, diags *diag.Diagnostics) bool {
	got, _ := priorPrivate.GetKey(ctx, plannedAssociationKey)
	if got == nil {
		return false
	}
	forgetPlannedAssociation(ctx, plannedPrivate, diags)
	if !bytes.Equal(got, privateString(plan.composeID())) {
		return false
	}
	diags.AddError("Replacement would delete the association it adopts",
		fmt.Sprintf("This plan replaces association %s with itself, as -replace or lifecycle replace_triggered_by asks. "+
			"Apply would delete it and then fail to adopt it, or, with create_before_destroy, adopt it and then delete it: "+
			"either way the association is lost.\n\n%s\n\nPlan without -replace for this resource, or drop "+
			"replace_triggered_by. %s", plan.composeID(), cannotRecreate, keepWithoutDeleting("association", "this resource", plainText)))
	return true
}

// forgetPlannedAssociation drops the key from private data bound for state.
func forgetPlannedAssociation(ctx context.Context, private privateData, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, plannedAssociationKey, nil)...)
}

// privateData is the framework's private data of a resource.
type privateData interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// privateString is s as private data, which must be JSON.
func privateString(s string) []byte {
	b, _ := json.Marshal(s) //nolint:errchkjson // a string always marshals
	return b
}

// warnDeletion tells that applying the plan deletes m's association, which
// the API cannot create again.
func warnDeletion(m *ApplicationProfileResourceModel, diags *diag.Diagnostics) {
	diags.AddWarning("Apply will delete an association that Terraform cannot recreate",
		fmt.Sprintf("Applying this plan deletes association %s (profile %s of application instance %s, Identity Center "+
			"instance %s).\n\n%s\n\n"+
			"If the resource was only renamed or moved, such as a changed for_each key or count index, add a moved block "+
			"from the old address to the new one instead. %s",
			m.composeID(), m.ProfileID.ValueString(), m.ApplicationInstanceID.ValueString(), m.InstanceID.ValueString(),
			cannotRecreate, keepWithoutDeleting("association", "this resource", plainText)))
}

func (r *ApplicationProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ApplicationProfileResourceModel
	resp.Diagnostics.Append(getApplicationProfile(ctx, req.Plan.Raw, &plan)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()

	// Adopting rests only on a list of this provider process that no delete
	// it made has touched, so that the adoptions of one application instance
	// share one list and none adopts what a delete of this apply removed.
	profile, err := plan.find(ctx, r.client, identitycenter.UntouchedList)
	if identitycenter.IsNotFound(err) {
		missing := plan.missing(err)
		resp.Diagnostics.AddAttributeError(missing.attribute, missing.summary, missing.detail)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot adopt the application profile", apiErrorDetail(err))
		return
	}
	plan.fill(profile)
	tflog.Info(ctx, "adopted application profile", map[string]any{"id": plan.ID.ValueString()})
	setApplicationProfile(ctx, &resp.State.Raw, plan, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, plan, &resp.Diagnostics)
}

func (r *ApplicationProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ApplicationProfileResourceModel
	resp.Diagnostics.Append(getApplicationProfile(ctx, req.State.Raw, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	profile, err := state.find(ctx, r.client, identitycenter.RecentList)
	if identitycenter.IsNotFound(err) {
		tflog.Warn(ctx, "application profile is gone, removing it from state", map[string]any{"id": state.composeID()})
		// The framework refuses a read without an identity, even one that
		// removes the resource, and older CLIs keep none to hand back.
		setIdentity(ctx, resp.Identity, state, &resp.Diagnostics)
		forgetPlannedAssociation(ctx, resp.Private, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the application profile", apiErrorDetail(err))
		return
	}
	// The framework starts the new state as the prior one, which an
	// unchanged association leaves as it is.
	if state.fill(profile) {
		setApplicationProfile(ctx, &resp.State.Raw, state, &resp.Diagnostics)
	}
	setIdentity(ctx, resp.Identity, state, &resp.Diagnostics)
}

// Update changes only what lives in Terraform alone, the timeouts: every
// attribute the API knows forces replacement. It keeps the planned values.
func (r *ApplicationProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan ApplicationProfileResourceModel
	resp.Diagnostics.Append(getApplicationProfile(ctx, req.Plan.Raw, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	setApplicationProfile(ctx, &resp.State.Raw, plan, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, plan, &resp.Diagnostics)
	forgetPlannedAssociation(ctx, resp.Private, &resp.Diagnostics)
}

func (r *ApplicationProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state ApplicationProfileResourceModel
	resp.Diagnostics.Append(getApplicationProfile(ctx, req.State.Raw, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()

	err := r.client.DeleteProfile(ctx, state.InstanceID.ValueString(), state.ApplicationInstanceID.ValueString(), state.ProfileID.ValueString())
	if identitycenter.IsNotFound(err) {
		tflog.Info(ctx, "application profile was already deleted", map[string]any{"id": state.composeID()})
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete the application profile", apiErrorDetail(err))
	}
}

func (r *ApplicationProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	// The framework hands every import a null identity when the resource
	// has an identity schema; only a non-null one comes from an identity block.
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		importByIdentity(ctx, req, resp)
		return
	}
	ids, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	setImported(ctx, resp, ids)
}

// find looks the association up with the client's finder, which answers a
// missing association, instance or application instance with an error for
// which identitycenter.IsNotFound is true.
func (m ApplicationProfileResourceModel) find(ctx context.Context, client *identitycenter.Client, recency identitycenter.Recency) (identitycenter.Profile, error) {
	return client.FindProfile(ctx, m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(), m.ProfileID.ValueString(), recency)
}

func (m ApplicationProfileResourceModel) idsKnown() bool {
	return !m.InstanceID.IsUnknown() && !m.ApplicationInstanceID.IsUnknown() && !m.ProfileID.IsUnknown()
}

func (m ApplicationProfileResourceModel) composeID() string {
	return m.InstanceID.ValueString() + "/" + m.ApplicationInstanceID.ValueString() + "/" + m.ProfileID.ValueString()
}

// fill sets what the API reports of the association, and says whether
// that changed m.
func (m *ApplicationProfileResourceModel) fill(p identitycenter.Profile) (changed bool) {
	before := [3]types.String{m.ID, m.Name, m.Status}
	m.ID = types.StringValue(m.composeID())
	m.Name = types.StringValue(p.Name)
	m.Status = types.StringValue(p.Status)
	return before != [3]types.String{m.ID, m.Name, m.Status}
}

// missingObject is what a find that IsNotFound found missing, for the
// diagnostics that say so.
type missingObject struct {
	// what is "application profile" or "application instance".
	what string
	// summary is an apply's, summaryAtPlan a plan's that warns.
	summary, summaryAtPlan string
	attribute              path.Path
	detail                 string
}

// missing says what a find of m that IsNotFound found missing: the
// association, or the instance or application instance that would hold
// it, which the API answers for a mistyped ID and a deleted one alike.
func (m ApplicationProfileResourceModel) missing(err error) missingObject {
	instanceID, applicationInstanceID := m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString()
	if identitycenter.IsContainerNotFound(err) {
		return missingObject{what: "application instance", summary: "Application instance not found",
			summaryAtPlan: "Application instance not found: apply will fail", attribute: path.Root("application_instance_id"),
			detail: applicationInstanceNotFoundDetail(instanceID, applicationInstanceID, resourceBlock)}
	}
	return missingObject{what: "application profile", summary: "Application profile does not exist",
		summaryAtPlan: "Application profile does not exist: apply will fail", attribute: path.Root("profile_id"),
		detail: missingProfilesDetail(instanceID, applicationInstanceID, []string{m.ProfileID.ValueString()},
			"set profile_id to its ID", "remove this resource from the configuration")}
}

// parseImportID splits <instance_id>/<application_instance_id>/<profile_id>.
func parseImportID(id string) ([3]string, error) {
	const form = "expected <instance_id>/<application_instance_id>/<profile_id>, " +
		"for example ins-1a2b3c4d/app-ins-5e6f7a8b/p-dc6434b56c4e5221"
	parts, err := splitImportID(id, form, 3)
	if err != nil {
		return [3]string{}, err
	}
	return [3]string(parts), nil
}
