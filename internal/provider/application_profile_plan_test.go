package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// The plan-time warning is not visible to terraform-plugin-testing, so these
// tests speak the plugin protocol to the provider directly.

func TestApplicationProfileResource_planWarnsWhenProfileIsMissing(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000a1"}))

	for name, tc := range map[string]struct {
		applicationInstanceID, profileID string
		wantWarning, wantAttribute       string
	}{
		"existing profile": {testApplicationID, "p-00000000000000a1", "", ""},
		"missing profile": {testApplicationID, "p-0000000000000404",
			"Application profile does not exist: apply will fail", "profile_id"},
		"missing application instance": {"app-ins-doesnotexist", "p-00000000000000a1",
			"Application instance not found: apply will fail", "application_instance_id"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			server := configuredServer(t, mock)
			resp := planCreate(t, server, map[string]tftypes.Value{
				"instance_id":             tftypes.NewValue(tftypes.String, testInstanceID),
				"application_instance_id": tftypes.NewValue(tftypes.String, tc.applicationInstanceID),
				"profile_id":              tftypes.NewValue(tftypes.String, tc.profileID),
			})

			var warnings []string
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					t.Fatalf("plan error: %s: %s", d.Summary, d.Detail)
				}
				warnings = append(warnings, d.Summary)
				if want := tftypes.NewAttributePath().WithAttributeName(tc.wantAttribute); !d.Attribute.Equal(want) {
					t.Errorf("warning %q is on %v, want %v", d.Summary, d.Attribute, want)
				}
			}
			switch {
			case tc.wantWarning == "" && len(warnings) > 0:
				t.Errorf("unexpected warnings %q", warnings)
			case tc.wantWarning != "" && (len(warnings) != 1 || warnings[0] != tc.wantWarning):
				t.Errorf("warnings = %q, want [%q]", warnings, tc.wantWarning)
			}

			planned := attributesOf(t, server, profileType, resp.PlannedState)
			var id string
			if err := planned["id"].As(&id); err != nil {
				t.Fatalf("planned id is not known: %v", err)
			}
			if want := testInstanceID + "/" + tc.applicationInstanceID + "/" + tc.profileID; id != want {
				t.Errorf("planned id = %q, want %q", id, want)
			}
		})
	}
}

func TestApplicationProfileResource_planFailsWhenReplacementIsMissing(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000a1"}, mockapi.Profile{ProfileID: "p-00000000000000a2"}))
	server := configuredServer(t, mock)
	str := func(v string) tftypes.Value { return tftypes.NewValue(tftypes.String, v) }
	prior := map[string]tftypes.Value{
		"id":          str(testInstanceID + "/" + testApplicationID + "/p-00000000000000a1"),
		"instance_id": str(testInstanceID), "application_instance_id": str(testApplicationID),
		"profile_id": str("p-00000000000000a1"), "name": str("Default"), "status": str("ENABLED"),
	}
	for profileID, want := range map[string][]string{
		"p-00000000000000a1": nil,
		"p-00000000000000a2": {"WARNING: " + deletionWarning},
		"p-0000000000000404": {"WARNING: " + deletionWarning, "ERROR: Replacement application profile does not exist"},
	} {
		resp := planChange(t, server, prior, map[string]tftypes.Value{
			"instance_id": str(testInstanceID), "application_instance_id": str(testApplicationID), "profile_id": str(profileID),
		})
		var got []string
		for _, d := range resp.Diagnostics {
			got = append(got, d.Severity.String()+": "+d.Summary)
		}
		if !slices.Equal(got, want) {
			t.Errorf("planning %s over p-00000000000000a1: diagnostics %q, want %q", profileID, got, want)
		}
	}
}

func TestApplicationProfileResource_planWithUnknownIDsChecksNothing(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, seedOf())
	server := configuredServer(t, mock)
	before := mock.Stats().Total
	resp := planCreate(t, server, map[string]tftypes.Value{
		"instance_id":             tftypes.NewValue(tftypes.String, testInstanceID),
		"application_instance_id": tftypes.NewValue(tftypes.String, testApplicationID),
		"profile_id":              tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	})
	if len(resp.Diagnostics) > 0 {
		t.Errorf("diagnostics %v, want none while profile_id is unknown", resp.Diagnostics)
	}
	if planned := attributesOf(t, server, profileType, resp.PlannedState); planned["id"].IsKnown() {
		t.Errorf("planned id is known while profile_id is not")
	}
	if after := mock.Stats().Total; after != before {
		t.Errorf("the plan made %d API calls with an unknown profile_id", after-before)
	}
}

func planCreate(t *testing.T, server tfprotov6.ProviderServer, attrs map[string]tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	return planChange(t, server, nil, attrs)
}

// planChange plans attrs over a prior state, which nil makes a create.
func planChange(t *testing.T, server tfprotov6.ProviderServer, priorAttrs, attrs map[string]tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	proposed := map[string]tftypes.Value{
		"id":     tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"name":   tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"status": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	}
	for k, v := range attrs {
		proposed[k] = v
	}
	resp, err := server.PlanResourceChange(t.Context(), &tfprotov6.PlanResourceChangeRequest{
		TypeName:         profileType,
		PriorState:       resourceValue(t, server, profileType, priorAttrs),
		ProposedNewState: resourceValue(t, server, profileType, proposed),
		Config:           resourceValue(t, server, profileType, attrs),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
