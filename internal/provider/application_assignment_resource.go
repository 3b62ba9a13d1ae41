package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

var (
	_ resource.ResourceWithConfigure   = &ApplicationAssignmentResource{}
	_ resource.ResourceWithImportState = &ApplicationAssignmentResource{}
	_ resource.ResourceWithModifyPlan  = &ApplicationAssignmentResource{}
	_ resource.ResourceWithIdentity    = &ApplicationAssignmentResource{}
)

// NewApplicationAssignmentResource is the constructor the provider registers.
func NewApplicationAssignmentResource() resource.Resource {
	return &ApplicationAssignmentResource{}
}

// ApplicationAssignmentResource assigns one user or group to an application
// instance. Unlike a profile, an assignment can be created through the API.
type ApplicationAssignmentResource struct {
	client  *identitycenter.Client
	plans   *plannedChanges
	creates *exclusiveCreates
}

// ApplicationAssignmentResourceModel is the resource's state.
type ApplicationAssignmentResourceModel struct {
	ID                    types.String   `tfsdk:"id"`
	InstanceID            types.String   `tfsdk:"instance_id"`
	ApplicationInstanceID types.String   `tfsdk:"application_instance_id"`
	PrincipalType         types.String   `tfsdk:"principal_type"`
	PrincipalID           types.String   `tfsdk:"principal_id"`
	ApplicationURN        types.String   `tfsdk:"application_urn"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

// ApplicationAssignmentIdentityModel is the resource identity: the four
// parts of the ID, given one by one in an import block.
type ApplicationAssignmentIdentityModel struct {
	InstanceID            types.String `tfsdk:"instance_id"`
	ApplicationInstanceID types.String `tfsdk:"application_instance_id"`
	PrincipalType         types.String `tfsdk:"principal_type"`
	PrincipalID           types.String `tfsdk:"principal_id"`
}

const (
	assignmentImportForm = "expected <instance_id>/<application_instance_id>/<principal_type>/<principal_id>, " +
		"for example ins-1a2b3c4d/app-ins-5e6f7a8b/USER/user-0a1b2c3d"
	assignmentIdentityForm = `Expected identity = { instance_id = "ins-1a2b3c4d", ` +
		`application_instance_id = "app-ins-5e6f7a8b", principal_type = "USER", principal_id = "user-0a1b2c3d" }.`
	principalTypeDescription = "`USER` or `GROUP`."
	// assignmentsIndependent is said wherever a user chooses between
	// assignments and profiles.
	assignmentsIndependent = "The API documents no link between an assignment and an application profile: " +
		"creating or deleting one does not create or delete the other, and a profile does not say which principal it stands for."
)

// principalTypeValidators accept the two principal types.
func principalTypeValidators() []validator.String {
	return []validator.String{stringvalidator.OneOf(identitycenter.PrincipalUser, identitycenter.PrincipalGroup)}
}

func (r *ApplicationAssignmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_assignment"
}

func (r *ApplicationAssignmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Assigns one user or group (a *principal*) to an IAM Identity Center application instance: " +
			"who may use the application.\n\n" +
			"Creating the resource creates the assignment; destroying it deletes it. An assignment that already exists " +
			"is never taken over silently: apply fails suggesting `import`. There are two exceptions. One is a create that " +
			"was sent and got no answer, or a 502 or 504 from the gateway, and whose retry found the principal assigned: " +
			"that attempt most likely made it, so state records it, with a warning. The other is an assignment that an " +
			"`identitycenter_application_assignments_exclusive` resource of the same provider configuration, which declares " +
			"the principal too, made in the same apply. A plan that deletes an assignment at one address and creates it at another, as a renamed " +
			"`for_each` key does, warns that it does so: use a `moved` block. A plan that deletes an assignment whose " +
			"principal an exclusive resource declares warns too. " + plannedChangesReach + " " +
			keepWithoutDeleting("assignment", "this resource", markdown) + "\n\n" +
			"An assignment removed outside Terraform leaves state on the next refresh, so the plan shows it to be created again. A replacement " +
			"whose new assignment already exists, whose application instance does not exist, or which cannot be checked, " +
			"fails the plan, since Terraform would delete the old assignment first. Such a failure stops " +
			"`terraform destroy` too, which plans the configuration first: restore the IDs, or run " +
			"`terraform destroy -refresh=false` (with `-target` to destroy this resource alone). A replacement of an " +
			"assignment by itself (`-replace`, " +
			"`replace_triggered_by`) deletes it and creates it again, unless `create_before_destroy` is set: then the " +
			"create comes first, while the assignment still exists, and apply fails without changing anything.\n\n" +
			assignmentsIndependent,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<instance_id>/<application_instance_id>/<principal_type>/<principal_id>`.",
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
			"principal_type": schema.StringAttribute{
				MarkdownDescription: "Type of the principal: " + principalTypeDescription + " Changing it replaces the resource.",
				Required:            true,
				Validators:          principalTypeValidators(),
				PlanModifiers:       replace,
			},
			"principal_id": schema.StringAttribute{
				MarkdownDescription: "ID of the user or group in the identity store. Changing it replaces the resource.",
				Required:            true,
				Validators:          idValidators(),
				PlanModifiers:       replace,
			},
			"application_urn": schema.StringAttribute{
				MarkdownDescription: "URN of the application, as the API reports it with the assignment.",
				Computed:            true,
				PlanModifiers:       keep,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": resourceTimeouts(ctx, "Defaults: create `20m`, read `5m`, delete `20m`.", timeouts.Opts{
				Create:            true,
				Read:              true,
				Delete:            true,
				CreateDescription: "How long creating may take, retries and the read that follows included. Defaults to `20m`." + timeoutsRule,
				ReadDescription:   readTimeoutDescription,
				DeleteDescription: "How long deleting may take, retries included. Defaults to `20m`." + timeoutsRule,
			}),
		},
	}
}

func (r *ApplicationAssignmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attr := func(description string) identityschema.StringAttribute {
		return identityschema.StringAttribute{Description: description, RequiredForImport: true}
	}
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"instance_id":             attr("ID of the IAM Identity Center instance."),
			"application_instance_id": attr("ID of the application instance; it starts with `app-ins-`."),
			"principal_type":          attr("Type of the principal: " + principalTypeDescription),
			"principal_id":            attr("ID of the user or group."),
		},
	}
}

func (r *ApplicationAssignmentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	r.plans = plansFrom(req.ProviderData, &resp.Diagnostics)
	r.creates = createsFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fills id as soon as the four IDs are known, and keeps the
// rule that a replacement never deletes before it knows it can create:
// Terraform deletes the old assignment before it creates the new one, so a
// replacement whose new assignment already exists (the create would fail),
// or cannot be checked, fails the plan.
//
// A plain create is not checked at plan time, so that planning N new
// assignments sends no list request; an existing one fails at apply with
// the advice to import it, and is never adopted (see Create). Deletions
// need no warning of their own: the plan names them, and the API can create
// a deleted assignment again. An assignment that one plan of this
// configuration deletes and another creates is named in a warning (see
// plannedChanges).
func (r *ApplicationAssignmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var prior *ApplicationAssignmentResourceModel
	if !req.State.Raw.IsNull() {
		prior = &ApplicationAssignmentResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if req.Plan.Raw.IsNull() {
		if prior != nil {
			r.plans.delete(prior.composeID(), assignmentWarnings, &resp.Diagnostics)
		}
		return
	}
	var plan ApplicationAssignmentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	replacing := prior != nil && (!plan.idsKnown() || prior.composeID() != plan.composeID())
	if !plan.idsKnown() {
		if replacing {
			resp.Diagnostics.AddError("Replacement unknown at plan time",
				fmt.Sprintf("Replacing deletes assignment %s before creating the new one, whose IDs are not known until "+
					"apply, so the plan cannot check that the new one can be created. Set instance_id, "+
					"application_instance_id, principal_type and principal_id from values known before apply. %s",
					prior.composeID(), destroyPlansFirst))
		}
		return
	}
	if replacing {
		r.plans.delete(prior.composeID(), assignmentWarnings, &resp.Diagnostics)
	}
	if prior == nil || replacing {
		r.plans.add(plan.composeID(), assignmentWarnings, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.composeID())...)
	if r.client == nil || !replacing {
		return
	}

	ctx, cancel := withTimeout(ctx, plan.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	_, err := r.client.FindAssignment(ctx, plan.InstanceID.ValueString(), plan.ApplicationInstanceID.ValueString(),
		plan.PrincipalType.ValueString(), plan.PrincipalID.ValueString(), identitycenter.RecentList)
	switch {
	case identitycenter.IsContainerNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("application_instance_id"), "Replacement application instance does not exist",
			fmt.Sprintf("Replacing deletes assignment %s before creating %s, which would fail.\n\n%s\n\n"+
				"Until it exists, keep the IDs of the assignment this resource manages now. %s", prior.composeID(),
				plan.composeID(), applicationInstanceNotFoundDetail(plan.InstanceID.ValueString(),
					plan.ApplicationInstanceID.ValueString(), resourceBlock), destroyPlansFirst))
	case identitycenter.IsNotFound(err):
		// The create can go ahead.
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("principal_id"), "Cannot check the replacement assignment",
			fmt.Sprintf("Replacing deletes assignment %s before creating %s, but listing the application instance failed, "+
				"so the plan cannot tell whether the create would succeed. Plan again once the API answers. %s\n\n%s",
				prior.composeID(), plan.composeID(), destroyPlansFirst, apiErrorDetail(err)))
	default:
		// This address holds the old assignment, so the usual advice, an
		// import, would have to go elsewhere.
		resp.Diagnostics.AddAttributeError(path.Root("principal_id"), "Replacement assignment already exists",
			fmt.Sprintf("Replacing assignment %s with %s would delete the first and then fail to create the second, "+
				"which exists already. This resource does not take over an assignment it did not create, since whoever "+
				"made it may rely on it.\n\nTo manage %s with Terraform, import it into a resource of its own (an import "+
				"block with id = %q) and keep this resource's IDs as they are. To move this resource to it, first stop "+
				"managing %s without deleting it (terraform state rm with this resource's address), or delete it "+
				"(terraform destroy -refresh=false -target with this resource's address: a destroy without "+
				"-refresh=false makes this plan first, and fails the same way), and then import %s here.",
				prior.composeID(), plan.composeID(), plan.composeID(), plan.composeID(), prior.composeID(), plan.composeID()))
	}
}

func (r *ApplicationAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ApplicationAssignmentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()

	instanceID, appID := plan.InstanceID.ValueString(), plan.ApplicationInstanceID.ValueString()
	principalType, principalID := plan.PrincipalType.ValueString(), plan.PrincipalID.ValueString()
	err := r.client.CreateAssignment(ctx, instanceID, appID, principalType, principalID)
	switch {
	case identitycenter.IsAlreadyAssigned(err):
		// 409 is a duplicate only if a list shows the principal; see
		// unconfirmedConflictDetail.
		_, listErr := r.client.FindAssignment(ctx, instanceID, appID, principalType, principalID, identitycenter.UntouchedList)
		if listErr != nil {
			if identitycenter.IsNotFound(listErr) {
				listErr = nil
			}
			resp.Diagnostics.AddError("Cannot create the application assignment",
				unconfirmedConflictDetail(principalOf(principalType, principalID), err, listErr))
			return
		}
		switch {
		case r.creates.madeByExclusive(ctx, plan.composeID()):
			// The configuration declares it twice, as the exclusive
			// resource's docs ask, and this apply made it.
			tflog.Info(ctx, "recorded the application assignment that this apply's exclusive resource made",
				map[string]any{"id": plan.composeID()})
		case identitycenter.MayHaveAssigned(err):
			// The attempt whose answer was lost most likely made it: leaving
			// it out of state would make every later apply fail on it.
			resp.Diagnostics.AddAttributeWarning(path.Root("principal_id"), "Assignment recorded after a lost answer",
				fmt.Sprintf("The answer to creating %s was lost, or the gateway gave up waiting for it, and the retry found the principal "+
					"assigned. The first attempt most likely made the assignment, so state records it as this resource's; "+
					"destroying the resource deletes it.\n\n%s", plan.composeID(), apiErrorDetail(err)))
		default:
			// Never adopted: whoever made it may rely on it outliving this
			// configuration.
			resp.Diagnostics.AddAttributeError(path.Root("principal_id"), "Application assignment already exists",
				plan.alreadyExistsAdvice()+"\n\n"+apiErrorDetail(err))
			return
		}
	case err != nil:
		resp.Diagnostics.AddError("Cannot create the application assignment", apiErrorDetail(err))
		return
	}
	tflog.Info(ctx, "created application assignment", map[string]any{"id": plan.composeID()})

	// The API's 200 is the confirmation: the assignment exists now, so state
	// records it whatever the read of its URN says.
	plan.ID = types.StringValue(plan.composeID())
	plan.ApplicationURN = types.StringValue("")
	urn, err := r.client.ApplicationURN(ctx, instanceID, appID, principalType, principalID)
	if err != nil {
		resp.Diagnostics.AddWarning("Created assignment not read back",
			fmt.Sprintf("Assignment %s was created, but reading it back failed, so application_urn is empty until the "+
				"next refresh.\n\n%s", plan.composeID(), apiErrorDetail(err)))
	} else {
		plan.ApplicationURN = types.StringValue(urn)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	plan.setIdentity(ctx, resp.Identity, &resp.Diagnostics)
}

func (r *ApplicationAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ApplicationAssignmentResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	a, err := r.client.FindAssignment(ctx, state.InstanceID.ValueString(), state.ApplicationInstanceID.ValueString(),
		state.PrincipalType.ValueString(), state.PrincipalID.ValueString(), identitycenter.RecentList)
	if identitycenter.IsNotFound(err) {
		tflog.Warn(ctx, "application assignment is gone, removing it from state", map[string]any{"id": state.composeID()})
		// The framework refuses a read without an identity, even one that
		// removes the resource.
		state.setIdentity(ctx, resp.Identity, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the application assignment", apiErrorDetail(err))
		return
	}
	state.ID = types.StringValue(state.composeID())
	state.ApplicationURN = types.StringValue(a.ApplicationURN)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	state.setIdentity(ctx, resp.Identity, &resp.Diagnostics)
}

// Update changes only the timeouts, which live in Terraform alone: every
// attribute the API knows forces replacement.
func (r *ApplicationAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan ApplicationAssignmentResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	plan.setIdentity(ctx, resp.Identity, &resp.Diagnostics)
}

func (r *ApplicationAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state ApplicationAssignmentResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Delete, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()

	err := r.client.DeleteAssignment(ctx, state.InstanceID.ValueString(), state.ApplicationInstanceID.ValueString(),
		state.PrincipalType.ValueString(), state.PrincipalID.ValueString())
	if identitycenter.IsNotFound(err) {
		tflog.Info(ctx, "application assignment was already deleted", map[string]any{"id": state.composeID()})
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot delete the application assignment", apiErrorDetail(err))
	}
}

func (r *ApplicationAssignmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var m ApplicationAssignmentResourceModel
	// As for profiles, only a non-null identity comes from an identity block.
	if req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull() {
		var identity ApplicationAssignmentIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		checkIdentityIDs(ctx, []identityID{
			{"instance_id", identity.InstanceID, idValidators()},
			{"application_instance_id", identity.ApplicationInstanceID, applicationInstanceIDValidators()},
			{"principal_type", identity.PrincipalType, principalTypeValidators()},
			{"principal_id", identity.PrincipalID, idValidators()},
		}, assignmentIdentityForm, &resp.Diagnostics)
		m = ApplicationAssignmentResourceModel{InstanceID: identity.InstanceID, ApplicationInstanceID: identity.ApplicationInstanceID,
			PrincipalType: identity.PrincipalType, PrincipalID: identity.PrincipalID}
	} else {
		parts, err := splitImportID(req.ID, assignmentImportForm, 4)
		if err == nil && parts[2] != identitycenter.PrincipalUser && parts[2] != identitycenter.PrincipalGroup {
			err = fmt.Errorf("the principal type %q in import ID %q must be USER or GROUP; %s", parts[2], req.ID, assignmentImportForm)
		}
		if err != nil {
			resp.Diagnostics.AddError("Invalid import ID", err.Error())
			return
		}
		m = ApplicationAssignmentResourceModel{InstanceID: types.StringValue(parts[0]), ApplicationInstanceID: types.StringValue(parts[1]),
			PrincipalType: types.StringValue(parts[2]), PrincipalID: types.StringValue(parts[3])}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(m.composeID())
	for attr, value := range map[string]types.String{
		"id": m.ID, "instance_id": m.InstanceID, "application_instance_id": m.ApplicationInstanceID,
		"principal_type": m.PrincipalType, "principal_id": m.PrincipalID,
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), value)...)
	}
	m.setIdentity(ctx, resp.Identity, &resp.Diagnostics)
}

func (m ApplicationAssignmentResourceModel) idsKnown() bool {
	return !m.InstanceID.IsUnknown() && !m.ApplicationInstanceID.IsUnknown() &&
		!m.PrincipalType.IsUnknown() && !m.PrincipalID.IsUnknown()
}

// assignmentWarnings are what a plan says of an assignment that another
// plan makes it dangerous to delete; see plannedChanges.
var assignmentWarnings = plannedWarnings{deletedAndAdded: deletedAndCreated,
	deletedWhileDeclared: assignmentDeletedWhileDeclared, declaredWhileDeleted: assignmentDeclaredWhileDeleted}

// assignmentLapses is what deleting an assignment whose principal an
// exclusive resource declares does.
const assignmentLapses = "Its user or group loses access to the application until the next apply creates the assignment again."

// assignmentDeletedWhileDeclared warns, on the resource whose plan deletes
// it, of an assignment whose principal an exclusive resource declares.
func assignmentDeletedWhileDeclared(id string, diags *diag.Diagnostics) {
	diags.AddWarning("Assignment deleted while an exclusive resource declares it",
		fmt.Sprintf("This plan deletes assignment %s, whose principal an identitycenter_application_assignments_exclusive "+
			"resource declares. %s\n\n%s", id, assignmentLapses, keepWithoutDeleting("assignment", "this resource", plainText)))
}

// assignmentDeclaredWhileDeleted warns, on the exclusive resource that
// declares its principal, of an assignment that another resource's plan
// deletes.
func assignmentDeclaredWhileDeleted(id string, diags *diag.Diagnostics) {
	diags.AddWarning("Exclusive resource declares an assignment this plan deletes",
		fmt.Sprintf("This resource declares the principal of assignment %s, which this plan deletes because an "+
			"identitycenter_application_assignment resource of this provider configuration is removed, destroyed or "+
			"replaced. %s\n\nIf the deletion is meant, remove the principal from user_ids or group_ids. %s",
			id, assignmentLapses, keepWithoutDeleting("assignment", "the resource that deletes it", plainText)))
}

// deletedAndCreated warns of an assignment that this plan both deletes and
// creates; see plannedChanges.
func deletedAndCreated(id string, diags *diag.Diagnostics) {
	diags.AddWarning("Assignment deleted and created in one plan",
		fmt.Sprintf("This plan deletes assignment %s and creates it again, at another address. Terraform may run the two "+
			"in either order: a create that runs first fails, as the assignment exists, and the delete then removes it, "+
			"so its user or group loses access to the application until the next apply.\n\nRenaming a for_each key, "+
			"removing an element from the middle of a list that count follows, and removing a principal from an "+
			"identitycenter_application_assignments_exclusive resource while a resource creates it all plan this. Add a "+
			"moved block from the old address to the new one, key for_each by principal ID, or keep the principal "+
			"declared in the exclusive resource.", id))
}

func (m ApplicationAssignmentResourceModel) composeID() string {
	return m.InstanceID.ValueString() + "/" + m.ApplicationInstanceID.ValueString() + "/" +
		m.PrincipalType.ValueString() + "/" + m.PrincipalID.ValueString()
}

// setIdentity records the identity of m's assignment; identity is nil
// where the framework was given no identity schema.
func (m ApplicationAssignmentResourceModel) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, ApplicationAssignmentIdentityModel{
		InstanceID: m.InstanceID, ApplicationInstanceID: m.ApplicationInstanceID,
		PrincipalType: m.PrincipalType, PrincipalID: m.PrincipalID,
	})...)
}

// unconfirmedConflictDetail explains a create of principal that the API
// answered with conflict, a 409, when no list made after it shows the
// principal (listErr nil), or when none could be made. 409 is the API's
// answer to a duplicate, whose code is not published, but its IIC.1007 also
// means "data modification failed", so only a list tells the two apart.
func unconfirmedConflictDetail(principal string, conflict, listErr error) string {
	if listErr != nil {
		return fmt.Sprintf("The API answered 409 to the create of %s, its answer to an assignment that exists, and the list "+
			"that would confirm it failed, so the create counts as failed. Apply again once the API answers.\n\n%s\n\n%s",
			principal, apiErrorDetail(conflict), apiErrorDetail(listErr))
	}
	return fmt.Sprintf("The API answered 409 to the create of %s, its answer to an assignment that exists, but a list made "+
		"after it does not show it, so the create failed. Apply again; if it keeps failing, the API's answer below says why.\n\n%s",
		principal, apiErrorDetail(conflict))
}

// alreadyExistsAdvice says what to do about an assignment that exists
// outside this resource.
func (m ApplicationAssignmentResourceModel) alreadyExistsAdvice() string {
	return fmt.Sprintf("%s %s is already assigned to application instance %s of Identity Center instance %s. "+
		"This resource does not take over an assignment it did not create, since whoever made it may rely on it. "+
		"To manage it with Terraform, import it: an import block with id = %q, or terraform import with that ID. "+
		"If an earlier apply was interrupted while it created the assignment, this may be the one it made; "+
		"import it all the same. If this resource is replaced by itself (-replace or replace_triggered_by) under "+
		"create_before_destroy, this is its own assignment, which the create met before the delete: replace it "+
		"without create_before_destroy.",
		m.PrincipalType.ValueString(), m.PrincipalID.ValueString(), m.ApplicationInstanceID.ValueString(),
		m.InstanceID.ValueString(), m.composeID())
}
