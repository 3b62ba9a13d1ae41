package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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
			"until it exists.",
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
}

// ModifyPlan fills id as soon as the three IDs are known and, for an
// association about to be adopted (new, or replacing another), warns when it
// does not exist: apply would fail, and the plan should say so while still
// showing the change.
func (r *ApplicationProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan ApplicationProfileResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !plan.idsKnown() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), plan.composeID())...)

	if r.client == nil {
		return
	}
	if !req.State.Raw.IsNull() {
		var state ApplicationProfileResourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() || state.composeID() == plan.composeID() {
			return
		}
	}
	// The check is a read, and a plan must not hang on a silent API.
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	_, found, err := r.find(ctx, r.client.FindProfile, plan)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_id"), "Cannot check that the application profile exists",
			fmt.Sprintf("Planning to adopt %s, but listing its application instance failed, so apply may fail.\n\n%s",
				plan.composeID(), apiErrorDetail(err)))
	case !found:
		resp.Diagnostics.AddAttributeWarning(path.Root("profile_id"), "Application profile does not exist: apply will fail",
			notFoundDetail(plan)+"\n\nThe plan shows it to be adopted so that the difference stays visible.")
	}
}

func (r *ApplicationProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan ApplicationProfileResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, plan.Timeouts.Create, defaultCreateTimeout, &resp.Diagnostics)
	defer cancel()

	profile, found, err := r.find(ctx, r.client.FindProfileFresh, plan)
	if err != nil {
		resp.Diagnostics.AddError("Cannot adopt the application profile", apiErrorDetail(err))
		return
	}
	if !found {
		resp.Diagnostics.AddError("Application profile does not exist", notFoundDetail(plan))
		return
	}
	plan.fill(profile)
	tflog.Info(ctx, "adopted application profile", map[string]any{"id": plan.ID.ValueString()})
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan, &resp.Diagnostics)
}

func (r *ApplicationProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state ApplicationProfileResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !clientReady(r.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, state.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()

	profile, found, err := r.find(ctx, r.client.FindProfile, state)
	if err != nil {
		resp.Diagnostics.AddError("Cannot read the application profile", apiErrorDetail(err))
		return
	}
	if !found {
		tflog.Warn(ctx, "application profile is gone, removing it from state", map[string]any{"id": state.composeID()})
		// The framework refuses a read without an identity, even one that
		// removes the resource, and older CLIs keep none to hand back.
		setIdentity(ctx, resp.Identity, state, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(profile)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, state, &resp.Diagnostics)
}

// Update changes only what lives in Terraform alone, the timeouts: every
// attribute the API knows forces replacement. It keeps the planned values.
func (r *ApplicationProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan ApplicationProfileResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan, &resp.Diagnostics)
}

func (r *ApplicationProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state ApplicationProfileResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
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

// profileLookup is Client.FindProfile, whose "found" may come from a list
// that the reads of one application instance share, or
// Client.FindProfileFresh, which only answers from a list made after the
// call, as adopting needs.
type profileLookup func(ctx context.Context, instanceID, applicationInstanceID, profileID string) (identitycenter.Profile, bool, error)

// find looks the association up in its application instance's list. An
// instance or application instance that does not exist holds no profiles.
func (r *ApplicationProfileResource) find(ctx context.Context, lookup profileLookup, m ApplicationProfileResourceModel) (identitycenter.Profile, bool, error) {
	profile, found, err := lookup(ctx, m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(), m.ProfileID.ValueString())
	if identitycenter.IsNotFound(err) {
		return identitycenter.Profile{}, false, nil
	}
	return profile, found, err
}

func (m ApplicationProfileResourceModel) idsKnown() bool {
	return !m.InstanceID.IsUnknown() && !m.ApplicationInstanceID.IsUnknown() && !m.ProfileID.IsUnknown()
}

func (m ApplicationProfileResourceModel) composeID() string {
	return m.InstanceID.ValueString() + "/" + m.ApplicationInstanceID.ValueString() + "/" + m.ProfileID.ValueString()
}

func (m *ApplicationProfileResourceModel) fill(p identitycenter.Profile) {
	m.ID = types.StringValue(m.composeID())
	m.Name = types.StringValue(p.Name)
	m.Status = types.StringValue(p.Status)
}

func notFoundDetail(m ApplicationProfileResourceModel) string {
	return missingProfilesDetail(m.InstanceID.ValueString(), m.ApplicationInstanceID.ValueString(),
		[]string{m.ProfileID.ValueString()}, "remove this resource from the configuration")
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
