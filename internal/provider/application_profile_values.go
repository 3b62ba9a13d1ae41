package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
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

// applicationProfileTypes are the resource's object type and its identity's,
// from the schemas the framework serves.
var applicationProfileTypes = sync.OnceValues(func() (basetypes.ObjectType, tftypes.Type) {
	ctx := context.Background()
	r := &ApplicationProfileResource{}
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	var id resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &id)
	return s.Schema.Type().(basetypes.ObjectType), id.IdentitySchema.Type().TerraformType(ctx) //nolint:forcetypeassert // a schema's type is an object
})

// getApplicationProfile decodes a state or plan value, as Get would.
func getApplicationProfile(ctx context.Context, raw tftypes.Value, m *ApplicationProfileResourceModel) diag.Diagnostics {
	objectType, _ := applicationProfileTypes()
	v, err := objectType.ValueFromTerraform(ctx, raw)
	if err != nil {
		return valueConversionError(err)
	}
	attrs := v.(basetypes.ObjectValue).Attributes() //nolint:forcetypeassert // an ObjectType makes ObjectValues
	var diags diag.Diagnostics
	m.ID = attrAs[types.String](attrs, "id", &diags)
	m.InstanceID = attrAs[types.String](attrs, "instance_id", &diags)
	m.ApplicationInstanceID = attrAs[types.String](attrs, "application_instance_id", &diags)
	m.ProfileID = attrAs[types.String](attrs, "profile_id", &diags)
	m.Name = attrAs[types.String](attrs, "name", &diags)
	m.Status = attrAs[types.String](attrs, "status", &diags)
	m.Timeouts = attrAs[timeouts.Value](attrs, "timeouts", &diags)
	return diags
}

// attrAs is the attribute name of attrs as the model's field type T.
func attrAs[T attr.Value](attrs map[string]attr.Value, name string, diags *diag.Diagnostics) T {
	v, ok := attrs[name].(T)
	if !ok {
		diags.Append(valueConversionError(fmt.Errorf("attribute %q is a %T, not a %T", name, attrs[name], v))...)
	}
	return v
}

// terraformValue encodes m as Set would. A model made in code, with no
// timeouts block, gets a null one.
func (m ApplicationProfileResourceModel) terraformValue(ctx context.Context) (tftypes.Value, diag.Diagnostics) {
	objectType, _ := applicationProfileTypes()
	t := m.Timeouts
	if t.IsNull() {
		t = timeouts.Value{Object: types.ObjectNull(objectType.AttrTypes["timeouts"].(timeouts.Type).AttrTypes)} //nolint:forcetypeassert // the block is a timeouts block
	}
	v, diags := types.ObjectValue(objectType.AttrTypes, map[string]attr.Value{
		"id":                      m.ID,
		"instance_id":             m.InstanceID,
		"application_instance_id": m.ApplicationInstanceID,
		"profile_id":              m.ProfileID,
		"name":                    m.Name,
		"status":                  m.Status,
		"timeouts":                t,
	})
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	raw, err := v.ToTerraformValue(ctx)
	if err != nil {
		return tftypes.Value{}, valueConversionError(err)
	}
	return raw, nil
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
