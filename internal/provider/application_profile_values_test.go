package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The resource's own conversions give what the framework's Get and Set
// give, for known, unknown and null values, with and without a timeouts
// block.
func TestApplicationProfileValuesMatchTheFramework(t *testing.T) {
	ctx := t.Context()
	var s resource.SchemaResponse
	(&ApplicationProfileResource{}).Schema(ctx, resource.SchemaRequest{}, &s)
	typ := s.Schema.Type().TerraformType(ctx).(tftypes.Object) //nolint:forcetypeassert // a schema's type is an object
	timeoutsType := typ.AttributeTypes["timeouts"]
	str := func(v any) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	ids := map[string]tftypes.Value{
		"instance_id":             str("ins-1"),
		"application_instance_id": str("app-ins-2"),
		"profile_id":              str("p-3"),
	}
	with := func(extra map[string]tftypes.Value) tftypes.Value {
		values := map[string]tftypes.Value{}
		for name, attrType := range typ.AttributeTypes {
			values[name] = tftypes.NewValue(attrType, nil)
		}
		for _, m := range []map[string]tftypes.Value{ids, extra} {
			for name, v := range m {
				values[name] = v
			}
		}
		return tftypes.NewValue(typ, values)
	}
	for name, raw := range map[string]tftypes.Value{
		"state": with(map[string]tftypes.Value{"id": str("ins-1/app-ins-2/p-3"), "name": str("Default"), "status": str("ENABLED")}),
		"planned creation": with(map[string]tftypes.Value{
			"id": str(tftypes.UnknownValue), "name": str(tftypes.UnknownValue), "status": str(tftypes.UnknownValue),
		}),
		"unknown IDs": with(map[string]tftypes.Value{"profile_id": str(tftypes.UnknownValue)}),
		"timeouts": with(map[string]tftypes.Value{"timeouts": tftypes.NewValue(timeoutsType, map[string]tftypes.Value{
			"create": str("30s"), "read": str(nil), "delete": str("1h"),
		})}),
		"unknown timeouts": with(map[string]tftypes.Value{"timeouts": tftypes.NewValue(timeoutsType, tftypes.UnknownValue)}),
	} {
		t.Run(name, func(t *testing.T) {
			state := tfsdk.State{Schema: s.Schema, Raw: raw}
			var want, got ApplicationProfileResourceModel
			if diags := state.Get(ctx, &want); diags.HasError() {
				t.Fatalf("framework Get: %v", diags)
			}
			if diags := getApplicationProfile(ctx, raw, &got); diags.HasError() {
				t.Fatalf("getApplicationProfile: %v", diags)
			}
			if !got.ID.Equal(want.ID) || !got.InstanceID.Equal(want.InstanceID) || !got.ApplicationInstanceID.Equal(want.ApplicationInstanceID) ||
				!got.ProfileID.Equal(want.ProfileID) || !got.Name.Equal(want.Name) || !got.Status.Equal(want.Status) || !got.Timeouts.Equal(want.Timeouts) {
				t.Errorf("getApplicationProfile = %+v, want the framework's %+v", got, want)
			}

			set := tfsdk.State{Schema: s.Schema}
			if diags := set.Set(ctx, &want); diags.HasError() {
				t.Fatalf("framework Set: %v", diags)
			}
			var ours tftypes.Value
			var diags diag.Diagnostics
			if setApplicationProfile(ctx, &ours, want, &diags); diags.HasError() {
				t.Fatalf("setApplicationProfile: %v", diags)
			}
			if !ours.Equal(set.Raw) || !ours.Equal(raw) {
				t.Errorf("setApplicationProfile = %v, want the framework's %v, the value decoded", ours, set.Raw)
			}
		})
	}

	// A model made in code has a zero timeouts value: a null block.
	var ours tftypes.Value
	var diags diag.Diagnostics
	if setApplicationProfile(ctx, &ours, ApplicationProfileResourceModel{}, &diags); diags.HasError() {
		t.Fatalf("setApplicationProfile: %v", diags)
	}
	var attrs map[string]tftypes.Value
	if err := ours.As(&attrs); err != nil {
		t.Fatal(err)
	}
	if want := tftypes.NewValue(timeoutsType, nil); !attrs["timeouts"].Equal(want) {
		t.Errorf("timeouts of a model made in code = %v, want %v", attrs["timeouts"], want)
	}
}
