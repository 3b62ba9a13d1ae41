package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The refresh and the plan of every identitycenter_application_profile run
// in every plan, so the resource converts its model to and from Terraform's
// values through the schema's attribute types, field by field, rather than
// with the framework's Get and Set: those reflect over the model's struct
// tags and compile a regular expression for each tag on each call, which
// made up a fifth of the provider's CPU in a plan of 1,000 resources.
// TestApplicationProfileValuesMatchTheFramework holds these conversions to
// the framework's own.

// applicationProfileTypes are the resource's types and its identity's, from
// the schemas the framework serves.
var applicationProfileTypes = sync.OnceValue(func() profileTypes {
	ctx := context.Background()
	r := &ApplicationProfileResource{}
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var id resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &id)
	object := s.Schema.Type().(basetypes.ObjectType) //nolint:forcetypeassert // a schema's type is an object
	return profileTypes{
		object:   object,
		value:    object.TerraformType(ctx),
		timeouts: object.AttrTypes["timeouts"].TerraformType(ctx),
		identity: id.IdentitySchema.Type().TerraformType(ctx),
	}
})

type profileTypes struct {
	object                    basetypes.ObjectType
	value, timeouts, identity tftypes.Type
}

// getApplicationProfile decodes a state or plan value, as Get would. The
// string attributes are read straight from raw, as basetypes.StringType
// reads them; only the timeouts block goes through its type.
func getApplicationProfile(ctx context.Context, raw tftypes.Value, m *ApplicationProfileResourceModel) diag.Diagnostics {
	if !raw.IsKnown() || raw.IsNull() {
		return valueConversionError(fmt.Errorf("the resource's value is %s", raw))
	}
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		return valueConversionError(err)
	}
	var diags diag.Diagnostics
	m.ID = stringAttr(attrs, "id", &diags)
	m.InstanceID = stringAttr(attrs, "instance_id", &diags)
	m.ApplicationInstanceID = stringAttr(attrs, "application_instance_id", &diags)
	m.ProfileID = stringAttr(attrs, "profile_id", &diags)
	m.Name = stringAttr(attrs, "name", &diags)
	m.Status = stringAttr(attrs, "status", &diags)
	t, err := applicationProfileTypes().object.AttrTypes["timeouts"].ValueFromTerraform(ctx, attrs["timeouts"])
	if err != nil {
		return append(diags, valueConversionError(err)...)
	}
	m.Timeouts, _ = t.(timeouts.Value)
	return diags
}

// stringAttr is the string attribute name of attrs.
func stringAttr(attrs map[string]tftypes.Value, name string, diags *diag.Diagnostics) types.String {
	v, ok := attrs[name]
	switch {
	case !ok || !v.Type().Is(tftypes.String):
		diags.Append(valueConversionError(fmt.Errorf("attribute %q is missing or not a string", name))...)
		return types.StringNull()
	case !v.IsKnown():
		return types.StringUnknown()
	case v.IsNull():
		return types.StringNull()
	}
	var s string
	if err := v.As(&s); err != nil {
		diags.Append(valueConversionError(err)...)
	}
	return types.StringValue(s)
}

// terraformValue encodes m as Set would. A model made in code, with no
// timeouts block, gets a null one.
func (m ApplicationProfileResourceModel) terraformValue(ctx context.Context) (tftypes.Value, diag.Diagnostics) {
	profile := applicationProfileTypes()
	t := tftypes.NewValue(profile.timeouts, nil)
	if !m.Timeouts.IsNull() {
		var err error
		if t, err = m.Timeouts.ToTerraformValue(ctx); err != nil {
			return tftypes.Value{}, valueConversionError(err)
		}
	}
	values := map[string]tftypes.Value{"timeouts": t}
	for name, v := range map[string]types.String{
		"id": m.ID, "instance_id": m.InstanceID, "application_instance_id": m.ApplicationInstanceID,
		"profile_id": m.ProfileID, "name": m.Name, "status": m.Status,
	} {
		var err error
		if values[name], err = v.ToTerraformValue(ctx); err != nil {
			return tftypes.Value{}, valueConversionError(err)
		}
	}
	return tftypes.NewValue(profile.value, values), nil
}

// setApplicationProfile writes m to a state or plan, as Set would.
func setApplicationProfile(ctx context.Context, raw *tftypes.Value, m ApplicationProfileResourceModel, diags *diag.Diagnostics) {
	v, d := m.terraformValue(ctx)
	diags.Append(d...)
	if !d.HasError() {
		*raw = v
	}
}

func valueConversionError(err error) diag.Diagnostics {
	return diag.Diagnostics{diag.NewErrorDiagnostic("Value Conversion Error",
		"An unexpected error was encountered converting the resource's values. This is always an error in the provider. "+
			"Please report the following to the provider developer:\n\n"+err.Error())}
}
