package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithIdentity = &ApplicationProfileResource{}

// ApplicationProfileIdentityModel is the resource identity: the three IDs
// that name an association, so that an import block can give them one by one
// instead of joined into an import ID.
type ApplicationProfileIdentityModel struct {
	InstanceID            types.String `tfsdk:"instance_id"`
	ApplicationInstanceID types.String `tfsdk:"application_instance_id"`
	ProfileID             types.String `tfsdk:"profile_id"`
}

func (r *ApplicationProfileResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"instance_id": identityschema.StringAttribute{
				Description:       "ID of the IAM Identity Center instance.",
				RequiredForImport: true,
			},
			"application_instance_id": identityschema.StringAttribute{
				Description:       "ID of the application instance; it starts with `app-ins-`.",
				RequiredForImport: true,
			},
			"profile_id": identityschema.StringAttribute{
				Description:       "ID of the association, such as `p-dc6434b56c4e5221`.",
				RequiredForImport: true,
			},
		},
	}
}

// setIdentity records the identity of the association m describes. The
// identity is nil where the framework was given no identity schema.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m ApplicationProfileResourceModel, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	values, err := terraformStrings(ctx, map[string]types.String{
		"instance_id":             m.InstanceID,
		"application_instance_id": m.ApplicationInstanceID,
		"profile_id":              m.ProfileID,
	})
	if err != nil {
		diags.Append(valueConversionError(err)...)
		return
	}
	raw, d := newTerraformValue(applicationProfileTypes().identity, values)
	diags.Append(d...)
	if !d.HasError() {
		identity.Raw = raw
	}
}

// importByIdentity fills the state from an import block's identity, after
// checking each ID with the validators of the attribute it becomes, so that
// bad input is refused here rather than sent to the API.
func importByIdentity(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var identity ApplicationProfileIdentityModel
	resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
	if resp.Diagnostics.HasError() {
		return
	}
	checkIdentityIDs(ctx, []identityID{
		{"instance_id", identity.InstanceID, idValidators()},
		{"application_instance_id", identity.ApplicationInstanceID, applicationInstanceIDValidators()},
		{"profile_id", identity.ProfileID, idValidators()},
	}, identityForm, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	setImported(ctx, resp, [3]string{identity.InstanceID.ValueString(), identity.ApplicationInstanceID.ValueString(), identity.ProfileID.ValueString()})
}

// setImported writes what an import knows before the read that follows it:
// the three IDs, the ID they make, and the identity.
func setImported(ctx context.Context, resp *resource.ImportStateResponse, ids [3]string) {
	m := ApplicationProfileResourceModel{
		InstanceID:            types.StringValue(ids[0]),
		ApplicationInstanceID: types.StringValue(ids[1]),
		ProfileID:             types.StringValue(ids[2]),
	}
	for attr, value := range map[string]string{
		"id":                      m.composeID(),
		"instance_id":             ids[0],
		"application_instance_id": ids[1],
		"profile_id":              ids[2],
	} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), value)...)
	}
	setIdentity(ctx, resp.Identity, m, &resp.Diagnostics)
}

const identityForm = `Expected identity = { instance_id = "ins-1a2b3c4d", ` +
	`application_instance_id = "app-ins-5e6f7a8b", profile_id = "p-dc6434b56c4e5221" }, ` +
	`the IDs of an existing association.`

// identityID is one ID of an import block's identity, with the validators
// of the attribute it becomes.
type identityID struct {
	attr       string
	value      types.String
	validators []validator.String
}

// checkIdentityIDs reports in diags every ID of an import block's identity
// that is missing or that its attribute would refuse, so that bad input is
// refused at import rather than sent to the API; form shows the identity
// expected.
func checkIdentityIDs(ctx context.Context, ids []identityID, form string, diags *diag.Diagnostics) {
	for _, id := range ids {
		if id.value.IsNull() || id.value.IsUnknown() {
			diags.AddError("Invalid import identity",
				fmt.Sprintf("The import block's identity has no %s. %s", id.attr, form))
			continue
		}
		for _, v := range id.validators {
			vResp := &validator.StringResponse{}
			v.ValidateString(ctx, validator.StringRequest{Path: path.Root(id.attr), ConfigValue: id.value}, vResp)
			for _, d := range vResp.Diagnostics.Errors() {
				diags.AddError("Invalid import identity",
					fmt.Sprintf("In the import block's identity: %s\n\n%s", d.Detail(), form))
			}
		}
	}
}
