package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

var _ list.ListResourceWithConfigure = &ApplicationProfileListResource{}

// NewApplicationProfileListResource is the constructor the provider registers.
func NewApplicationProfileListResource() list.ListResource {
	return &ApplicationProfileListResource{}
}

// ApplicationProfileListResource finds the associations of one application
// instance for `terraform query`, each as an identitycenter_application_profile
// that an import block can adopt.
type ApplicationProfileListResource struct {
	client *identitycenter.Client
}

// ApplicationProfileListModel is the list block's config.
type ApplicationProfileListModel struct {
	InstanceID            types.String   `tfsdk:"instance_id"`
	ApplicationInstanceID types.String   `tfsdk:"application_instance_id"`
	Name                  types.String   `tfsdk:"name"`
	Status                types.String   `tfsdk:"status"`
	Timeouts              timeouts.Value `tfsdk:"timeouts"`
}

func (r *ApplicationProfileListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_profile"
}

func (r *ApplicationProfileListResource) ListResourceConfigSchema(ctx context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the associations (application profiles) of one application instance, in the API's " +
			"order, as `identitycenter_application_profile` resources: `terraform query` lists them, and " +
			"`terraform query -generate-config-out=FILE` writes an `import` block and a resource block for each. " +
			"Listing only reads. Terraform asks a `list` block for at most 100 results unless its `limit` says otherwise: " +
			"set `limit` above the number of associations to find them all.\n\n" +
			"List resources need Terraform 1.14 or later; OpenTofu does not support them.",
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
			"name": schema.StringAttribute{
				MarkdownDescription: nameFilterDescription,
				Optional:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: statusFilterDescription,
				Optional:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				ListDescription: "How long listing may take, retries included. Defaults to `5m`, as for " +
					"refreshing an `identitycenter_application_profile`." + timeoutsRule,
			}),
		},
	}
}

func (r *ApplicationProfileListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// List sends one list request for the application instance, shared through
// the client with any other caller asking about it at the same time, and
// streams the associations that pass the filters, up to Terraform's limit.
func (r *ApplicationProfileListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config ApplicationProfileListModel
	var diags diag.Diagnostics
	diags.Append(req.Config.Get(ctx, &config)...)
	if diags.HasError() || !clientReady(r.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	instanceID, applicationInstanceID := config.InstanceID.ValueString(), config.ApplicationInstanceID.ValueString()

	listCtx, cancel := withTimeout(ctx, config.Timeouts.List, defaultReadTimeout, &diags)
	defer cancel()
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	profiles, err := r.client.ListProfiles(listCtx, instanceID, applicationInstanceID)
	if err != nil {
		diags.AddError("Cannot list application profiles", applicationInstanceErrorDetail(instanceID, applicationInstanceID, listBlockSite, err))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	filter := profileFilter{name: config.Name, status: config.Status}
	tflog.Debug(ctx, "listing application profiles", map[string]any{
		"instance_id": instanceID, "application_instance_id": applicationInstanceID,
		"listed": len(profiles), "include_resource": req.IncludeResource, "limit": req.Limit,
	})

	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		for _, p := range profiles {
			if !filter.keeps(p) {
				continue
			}
			if req.Limit > 0 && sent == req.Limit {
				return
			}
			sent++
			if !push(listResult(ctx, req, instanceID, applicationInstanceID, p)) {
				return
			}
		}
	}
}

// listResult is one association as Terraform shows it: a name a person
// recognises, the identity an import block takes and, when asked for, the
// resource as a refresh would read it.
func listResult(ctx context.Context, req list.ListRequest, instanceID, applicationInstanceID string, p identitycenter.Profile) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = fmt.Sprintf("%s (%s) %s", p.Name, p.Status, p.ProfileID)
	m := ApplicationProfileResourceModel{
		InstanceID:            types.StringValue(instanceID),
		ApplicationInstanceID: types.StringValue(applicationInstanceID),
		ProfileID:             types.StringValue(p.ProfileID),
	}
	setIdentity(ctx, result.Identity, m, &result.Diagnostics)
	if !req.IncludeResource {
		return result
	}
	m.fill(p)
	// timeouts stays null, as after an import.
	setApplicationProfile(ctx, &result.Resource.Raw, m, &result.Diagnostics)
	return result
}
