package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

var (
	_ action.ActionWithConfigure  = &DeleteApplicationProfileAction{}
	_ action.ActionWithModifyPlan = &DeleteApplicationProfileAction{}
)

// NewDeleteApplicationProfileAction is the constructor the provider registers.
func NewDeleteApplicationProfileAction() action.Action {
	return &DeleteApplicationProfileAction{}
}

// DeleteApplicationProfileAction deletes one association, named by its three
// IDs, when Terraform invokes it: a one-off offboarding without a resource in
// the state.
type DeleteApplicationProfileAction struct {
	client *identitycenter.Client
}

// DeleteApplicationProfileActionModel is the action's config.
type DeleteApplicationProfileActionModel struct {
	InstanceID            types.String   `tfsdk:"instance_id"`
	ApplicationInstanceID types.String   `tfsdk:"application_instance_id"`
	ProfileID             types.String   `tfsdk:"profile_id"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

func (a *DeleteApplicationProfileAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_delete_application_profile"
}

func (a *DeleteApplicationProfileAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Deletes one association (application profile) between an IAM Identity Center application " +
			"instance and a user or user group, through the API's DELETE operation. The API cannot create " +
			"associations, so a deleted one comes back only when the user or group is assigned to the application " +
			"again; the API does not say which users or groups an association stands for, so deleting one may remove " +
			"access for more than one of them.\n\n" +
			"The plan names the association: it fails when any of the three IDs is not known until apply. An " +
			"association that no longer exists counts as deleted, and the action says so, once a list of its application " +
			"instance confirms it. The API answers a mistyped `instance_id` or `application_instance_id` the same way, " +
			"and so the action fails when the application instance does not exist, deleted or mistyped.\n\n" +
			"Actions need Terraform 1.14 or later; OpenTofu does not support them. Invoke the action with " +
			"`terraform apply -invoke=action.identitycenter_delete_application_profile.NAME`, or from an " +
			"`action_trigger` in another resource's `lifecycle` block.",
		Attributes: map[string]schema.Attribute{
			"instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the IAM Identity Center instance.",
				Required:            true,
				Validators:          idValidators(),
			},
			"application_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the application instance; it starts with `app-ins-`.",
				Required:            true,
				Validators:          applicationInstanceIDValidators(),
			},
			"profile_id": schema.StringAttribute{
				MarkdownDescription: "ID of the association to delete, such as `p-dc6434b56c4e5221`.",
				Required:            true,
				Validators:          idValidators(),
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: "How long deleting may take, retries included. Defaults to `20m`, as for " +
					"destroying an `identitycenter_application_profile`." + timeoutsRule,
			}),
		},
	}
}

func (a *DeleteApplicationProfileAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses a plan that cannot say which association apply will
// delete, as when an ID comes from a resource not created yet.
func (a *DeleteApplicationProfileAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var config DeleteApplicationProfileActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for attr, value := range map[string]types.String{
		"instance_id":             config.InstanceID,
		"application_instance_id": config.ApplicationInstanceID,
		"profile_id":              config.ProfileID,
	} {
		if value.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Association to delete is not known",
				fmt.Sprintf("%s is not known until apply, so the plan cannot name the association this action "+
					"would delete. Give it a value known at plan time, or apply the resource it comes from first.", attr))
		}
	}
}

func (a *DeleteApplicationProfileAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config DeleteApplicationProfileActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !clientReady(a.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, config.Timeouts.Invoke, defaultDeleteTimeout, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	target := ApplicationProfileResourceModel{
		InstanceID: config.InstanceID, ApplicationInstanceID: config.ApplicationInstanceID, ProfileID: config.ProfileID,
	}
	id := target.composeID()
	progress := func(format string, args ...any) {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
	}
	progress("Deleting application profile %s", id)
	err := a.client.DeleteProfile(ctx, target.InstanceID.ValueString(), target.ApplicationInstanceID.ValueString(), target.ProfileID.ValueString())
	switch {
	case identitycenter.IsNotFound(err):
		a.confirmGone(ctx, target, err, progress, &resp.Diagnostics)
	case err != nil:
		resp.Diagnostics.AddError("Cannot delete the application profile", callErrorDetail(err, actionSite.timeout))
	default:
		tflog.Info(ctx, "deleted application profile", map[string]any{"id": id})
		progress("Deleted application profile %s", id)
	}
}

// confirmGone tells, after the API answered the delete of target with
// notFound, an association deleted before from IDs that name nothing: the
// API answers both with a 404, and only a list of the application instance,
// made after the delete, tells them apart. The action's IDs come from its
// configuration, which no refresh has checked, so a mistyped instance or
// application instance fails instead of reporting an association deleted
// that never was.
func (a *DeleteApplicationProfileAction) confirmGone(ctx context.Context, target ApplicationProfileResourceModel, notFound error,
	progress func(string, ...any), diags *diag.Diagnostics) {
	id := target.composeID()
	_, err := target.find(ctx, a.client, identitycenter.FreshList)
	switch {
	case identitycenter.IsContainerNotFound(err):
		diags.AddError("Association to delete not found",
			applicationInstanceErrorDetail(target.InstanceID.ValueString(), target.ApplicationInstanceID.ValueString(),
				actionSite, err)+"\n\nIf the application instance was deleted, its associations went with it, and "+
				"there is nothing left for this action to delete; the API answers a mistyped ID the same way, and the "+
				"action cannot tell the two apart.")
	case identitycenter.IsNotFound(err):
		tflog.Info(ctx, "application profile was already deleted", map[string]any{"id": id})
		progress("Application profile %s was already deleted: the API answered that it does not exist (%s)", id, notFoundReason(notFound))
	case err != nil:
		diags.AddError("Cannot confirm that the association is gone",
			fmt.Sprintf("The API answered the delete of association %s that it does not exist (%s), and listing its "+
				"application instance, which tells a deleted association from IDs that name nothing, failed.\n\n%s",
				id, notFoundReason(notFound), callErrorDetail(err, actionSite.timeout)))
	default:
		diags.AddError("Association not deleted",
			fmt.Sprintf("The API answered the delete of association %s that it does not exist (%s), but lists it "+
				"still: it may be deleted, and the list not show it yet. Invoke the action again: once the list no "+
				"longer shows it, the action reports it deleted.", id, notFoundReason(notFound)))
	}
}

// notFoundReason is what the API said about a missing object.
func notFoundReason(err error) string {
	var apiErr *identitycenter.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorMsg != "" {
		return fmt.Sprintf("HTTP %d, %s: %s", apiErr.StatusCode, apiErr.ErrorCode, apiErr.ErrorMsg)
	}
	return err.Error()
}
