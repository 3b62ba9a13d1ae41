package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

var _ datasource.DataSourceWithConfigure = &ApplicationAssignmentsDataSource{}

// NewApplicationAssignmentsDataSource is the constructor the provider
// registers.
func NewApplicationAssignmentsDataSource() datasource.DataSource {
	return &ApplicationAssignmentsDataSource{}
}

// ApplicationAssignmentsDataSource lists the users and groups assigned to
// one application instance.
type ApplicationAssignmentsDataSource struct {
	client *identitycenter.Client
}

// ApplicationAssignmentsDataSourceModel is the data source's configuration
// and result.
type ApplicationAssignmentsDataSourceModel struct {
	InstanceID             types.String                 `tfsdk:"instance_id"`
	ApplicationInstanceID  types.String                 `tfsdk:"application_instance_id"`
	PrincipalType          types.String                 `tfsdk:"principal_type"`
	ApplicationAssignments []ApplicationAssignmentModel `tfsdk:"application_assignments"`
	Timeouts               timeouts.Value               `tfsdk:"timeouts"`
}

// ApplicationAssignmentModel is one element of application_assignments.
type ApplicationAssignmentModel struct {
	PrincipalID    types.String `tfsdk:"principal_id"`
	PrincipalType  types.String `tfsdk:"principal_type"`
	ApplicationURN types.String `tfsdk:"application_urn"`
}

func (d *ApplicationAssignmentsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_assignments"
}

func (d *ApplicationAssignmentsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the users and groups assigned to an application instance: who may use the " +
			"application. Every page of the API's list is read, and the assignments keep the API's order. An optional " +
			"`principal_type` filter keeps only users or only groups.\n\n" + assignmentsIndependent,
		Attributes: map[string]schema.Attribute{
			"instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the IAM Identity Center instance.",
				Required:            true,
				Validators:          idValidators(),
			},
			"application_instance_id": schema.StringAttribute{
				MarkdownDescription: "ID of the application instance. It starts with `app-ins-`.",
				Required:            true,
				Validators:          applicationInstanceIDValidators(),
			},
			"principal_type": schema.StringAttribute{
				MarkdownDescription: "Keep only the assignments of this type of principal: " + principalTypeDescription,
				Optional:            true,
				Validators:          principalTypeValidators(),
			},
			"application_assignments": schema.ListNestedAttribute{
				MarkdownDescription: "The assignments, from every page, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"principal_id": schema.StringAttribute{
							MarkdownDescription: "ID of the user or group.",
							Computed:            true,
						},
						"principal_type": schema.StringAttribute{
							MarkdownDescription: principalTypeDescription,
							Computed:            true,
						},
						"application_urn": schema.StringAttribute{
							MarkdownDescription: "URN of the application.",
							Computed:            true,
						},
					},
				},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": dataSourceTimeouts(ctx),
		},
	}
}

func (d *ApplicationAssignmentsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *ApplicationAssignmentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data ApplicationAssignmentsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !clientReady(d.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, data.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	instanceID, applicationInstanceID := data.InstanceID.ValueString(), data.ApplicationInstanceID.ValueString()
	assignments, err := d.client.ListAssignments(ctx, instanceID, applicationInstanceID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot list application assignments",
			applicationInstanceErrorDetail(instanceID, applicationInstanceID, dataSourceSite, err))
		return
	}

	data.ApplicationAssignments = make([]ApplicationAssignmentModel, 0, len(assignments))
	for _, a := range assignments {
		if !data.PrincipalType.IsNull() && a.PrincipalType != data.PrincipalType.ValueString() {
			continue
		}
		data.ApplicationAssignments = append(data.ApplicationAssignments, ApplicationAssignmentModel{
			PrincipalID:    types.StringValue(a.PrincipalID),
			PrincipalType:  types.StringValue(a.PrincipalType),
			ApplicationURN: types.StringValue(a.ApplicationURN),
		})
	}
	tflog.Debug(ctx, "listed application assignments", map[string]any{
		"listed": len(assignments), "kept": len(data.ApplicationAssignments),
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
