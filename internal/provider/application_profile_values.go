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
// values itself, attribute by attribute with the framework's own attribute
// types, rather than with the framework's Get and Set: those reflect over
// the model's struct tags and compile a regular expression for each tag on
// each call, which made up a fifth of the provider's CPU in a plan of 1,000
// resources, and build the resource's object type anew on each call.
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

// profileTypes are the framework's type of the resource's object, and the
// Terraform types of that object, of its timeouts block and of its identity.
type profileTypes struct {
	object                    basetypes.ObjectType
	value, timeouts, identity tftypes.Type
}

// getApplicationProfile decodes a state or plan value, as Get would.
func getApplicationProfile(ctx context.Context, raw tftypes.Value, m *ApplicationProfileResourceModel) diag.Diagnostics {
	profile := applicationProfileTypes()
	if !raw.Type().Equal(profile.value) || !raw.IsKnown() || raw.IsNull() {
		return valueConversionError(fmt.Errorf("expected a known %s, got %s", profile.value, raw))
	}
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		return valueConversionError(err)
	}
	var diags diag.Diagnostics
	m.ID = attrAs[types.String](ctx, attrs, "id", types.StringType, &diags)
	m.InstanceID = attrAs[types.String](ctx, attrs, "instance_id", types.StringType, &diags)
	m.ApplicationInstanceID = attrAs[types.String](ctx, attrs, "application_instance_id", types.StringType, &diags)
	m.ProfileID = attrAs[types.String](ctx, attrs, "profile_id", types.StringType, &diags)
	m.Name = attrAs[types.String](ctx, attrs, "name", types.StringType, &diags)
	m.Status = attrAs[types.String](ctx, attrs, "status", types.StringType, &diags)
	m.Timeouts = attrAs[timeouts.Value](ctx, attrs, "timeouts", profile.object.AttrTypes["timeouts"], &diags)
	return diags
}

// attrAs is the attribute name of attrs as the model's field type T, which
// typ makes.
func attrAs[T attr.Value](ctx context.Context, attrs map[string]tftypes.Value, name string, typ attr.Type, diags *diag.Diagnostics) T {
	v, err := typ.ValueFromTerraform(ctx, attrs[name])
	if err != nil {
		diags.Append(valueConversionError(fmt.Errorf("attribute %q: %w", name, err))...)
	}
	t, ok := v.(T)
	if !ok && err == nil {
		diags.Append(valueConversionError(fmt.Errorf("attribute %q is a %T, not a %T", name, v, t))...)
	}
	return t
}

// terraformValue encodes m as Set would. A model made in code, with no
// timeouts block, gets a null one.
func (m ApplicationProfileResourceModel) terraformValue(ctx context.Context) (tftypes.Value, diag.Diagnostics) {
	profile := applicationProfileTypes()
	values, err := terraformStrings(ctx, map[string]types.String{
		"id": m.ID, "instance_id": m.InstanceID, "application_instance_id": m.ApplicationInstanceID,
		"profile_id": m.ProfileID, "name": m.Name, "status": m.Status,
	})
	if err != nil {
		return tftypes.Value{}, valueConversionError(err)
	}
	values["timeouts"] = tftypes.NewValue(profile.timeouts, nil)
	if !m.Timeouts.IsNull() {
		if values["timeouts"], err = m.Timeouts.ToTerraformValue(ctx); err != nil {
			return tftypes.Value{}, valueConversionError(err)
		}
	}
	return newTerraformValue(profile.value, values)
}

// terraformStrings are the Terraform values of named, by the same names.
func terraformStrings(ctx context.Context, named map[string]types.String) (map[string]tftypes.Value, error) {
	values := make(map[string]tftypes.Value, len(named))
	for name, s := range named {
		v, err := s.ToTerraformValue(ctx)
		if err != nil {
			return nil, err
		}
		values[name] = v
	}
	return values, nil
}

// newTerraformValue is tftypes.NewValue with an error, where NewValue
// panics, for values that do not fit typ.
func newTerraformValue(typ tftypes.Type, values map[string]tftypes.Value) (tftypes.Value, diag.Diagnostics) {
	if err := tftypes.ValidateValue(typ, values); err != nil {
		return tftypes.Value{}, valueConversionError(err)
	}
	return tftypes.NewValue(typ, values), nil
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
