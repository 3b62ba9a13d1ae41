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

var _ datasource.DataSourceWithConfigure = &ApplicationProfilesDataSource{}

// NewApplicationProfilesDataSource is the constructor the provider registers.
func NewApplicationProfilesDataSource() datasource.DataSource {
	return &ApplicationProfilesDataSource{}
}

// ApplicationProfilesDataSource lists the associations of one application
// instance.
type ApplicationProfilesDataSource struct {
	client *identitycenter.Client
}

// ApplicationProfilesDataSourceModel is the data source's configuration and
// result.
type ApplicationProfilesDataSourceModel struct {
	InstanceID            types.String              `tfsdk:"instance_id"`
	ApplicationInstanceID types.String              `tfsdk:"application_instance_id"`
	Name                  types.String              `tfsdk:"name"`
	Status                types.String              `tfsdk:"status"`
	ApplicationProfiles   []ApplicationProfileModel `tfsdk:"application_profiles"`
	Timeouts              timeouts.Value            `tfsdk:"timeouts"`
}

// ApplicationProfileModel is one element of application_profiles.
type ApplicationProfileModel struct {
	ProfileID types.String `tfsdk:"profile_id"`
	Name      types.String `tfsdk:"name"`
	Status    types.String `tfsdk:"status"`
}

func (d *ApplicationProfilesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_application_profiles"
}

func (d *ApplicationProfilesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the associations (application profiles) between an application instance and users " +
			"or user groups, in the order the API returns them. Optional `name` and `status` filters narrow the list.",
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
			"name": schema.StringAttribute{
				MarkdownDescription: nameFilterDescription,
				Optional:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: statusFilterDescription,
				Optional:            true,
			},
			"application_profiles": schema.ListNestedAttribute{
				MarkdownDescription: "The associations, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"profile_id": schema.StringAttribute{
							MarkdownDescription: "ID of the association.",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "Name of the association; the API's default is `Default`.",
							Computed:            true,
						},
						"status": schema.StringAttribute{
							MarkdownDescription: "Status of the association; the API's default is `ENABLED`.",
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

func (d *ApplicationProfilesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *ApplicationProfilesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data ApplicationProfilesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	if !clientReady(d.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := withTimeout(ctx, data.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	defer cancel()
	instanceID, applicationInstanceID := data.InstanceID.ValueString(), data.ApplicationInstanceID.ValueString()
	profiles, err := d.client.ListProfiles(ctx, instanceID, applicationInstanceID)
	if err != nil {
		resp.Diagnostics.AddError("Cannot list application profiles",
			applicationInstanceErrorDetail(instanceID, applicationInstanceID, dataSourceSite, err))
		return
	}

	filter := profileFilter{name: data.Name, status: data.Status}
	data.ApplicationProfiles = make([]ApplicationProfileModel, 0, len(profiles))
	for _, p := range profiles {
		if !filter.keeps(p) {
			continue
		}
		data.ApplicationProfiles = append(data.ApplicationProfiles, ApplicationProfileModel{
			ProfileID: types.StringValue(p.ProfileID),
			Name:      types.StringValue(p.Name),
			Status:    types.StringValue(p.Status),
		})
	}
	tflog.Debug(ctx, "listed application profiles", map[string]any{
		"listed": len(profiles), "kept": len(data.ApplicationProfiles),
	})
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// The filters of the data source and the list resource.
const (
	nameFilterDescription   = "Keep only the associations with this name, such as `Default`."
	statusFilterDescription = "Keep only the associations with this status, such as `ENABLED`."
)

// profileFilter keeps the associations whose name and status equal the
// configured ones; a null filter keeps every association.
type profileFilter struct{ name, status types.String }

func (f profileFilter) keeps(p identitycenter.Profile) bool {
	return (f.name.IsNull() || p.Name == f.name.ValueString()) &&
		(f.status.IsNull() || p.Status == f.status.ValueString())
}
