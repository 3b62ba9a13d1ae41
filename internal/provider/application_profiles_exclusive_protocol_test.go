package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// Plan-time warnings, and the state an apply leaves when it fails, are not
// visible to terraform-plugin-testing, so these tests speak the plugin
// protocol to the provider directly.

func idSet(ids ...string) tftypes.Value {
	elements := make([]tftypes.Value, len(ids))
	for i, id := range ids {
		elements[i] = tftypes.NewValue(tftypes.String, id)
	}
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, elements)
}

// exclusiveAttrs is a configuration of the resource on testInstanceID.
func exclusiveAttrs(applicationInstanceID string, profileIDs tftypes.Value) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"instance_id":             tftypes.NewValue(tftypes.String, testInstanceID),
		"application_instance_id": tftypes.NewValue(tftypes.String, applicationInstanceID),
		"profile_ids":             profileIDs,
	}
}

// exclusiveState is the state of the resource on testApplicationID.
func exclusiveState(ids ...string) map[string]tftypes.Value {
	attrs := exclusiveAttrs(testApplicationID, idSet(ids...))
	attrs["id"] = tftypes.NewValue(tftypes.String, exclusiveStateID)
	return attrs
}

// planExclusive plans config over prior, which nil makes a create.
func planExclusive(t *testing.T, server tfprotov6.ProviderServer, prior, config map[string]tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	proposed := map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, tftypes.UnknownValue)}
	if prior != nil {
		proposed["id"] = prior["id"]
	}
	for k, v := range config {
		proposed[k] = v
	}
	resp, err := server.PlanResourceChange(t.Context(), &tfprotov6.PlanResourceChangeRequest{
		TypeName:         exclusiveType,
		PriorState:       resourceValue(t, server, exclusiveType, prior),
		ProposedNewState: resourceValue(t, server, exclusiveType, proposed),
		Config:           resourceValue(t, server, exclusiveType, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// applyExclusive applies planned over prior, which nil makes a create, as
// if planned had been planned when the API held something else.
func applyExclusive(t *testing.T, server tfprotov6.ProviderServer, prior, planned map[string]tftypes.Value) *tfprotov6.ApplyResourceChangeResponse {
	t.Helper()
	config := map[string]tftypes.Value{}
	for k, v := range planned {
		if k != "id" {
			config[k] = v
		}
	}
	resp, err := server.ApplyResourceChange(t.Context(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName:     exclusiveType,
		PriorState:   resourceValue(t, server, exclusiveType, prior),
		PlannedState: resourceValue(t, server, exclusiveType, planned),
		Config:       resourceValue(t, server, exclusiveType, config),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// profileIDsIn returns the sorted profile_ids of a decoded resource value.
func profileIDsIn(t *testing.T, attrs map[string]tftypes.Value) []string {
	t.Helper()
	var elements []tftypes.Value
	if err := attrs["profile_ids"].As(&elements); err != nil {
		t.Fatalf("profile_ids: %v", err)
	}
	ids := []string{}
	for _, e := range elements {
		var id string
		if err := e.As(&id); err != nil {
			t.Fatalf("profile_ids element: %v", err)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

var profileIDsPath = tftypes.NewAttributePath().WithAttributeName("profile_ids")

func TestApplicationProfilesExclusiveResource_planNamesDeletions(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"))
	server := configuredServer(t, mock)

	for name, tc := range map[string]struct {
		declared          []string
		wantSummary       string
		wantList, notList []string
	}{
		"all declared": {declared: []string{"p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"}},
		"one declared": {
			declared:    []string{"p-00000000000000a2"},
			wantSummary: "Apply will delete 2 associations",
			wantList:    []string{"has 2 associations that profile_ids does not declare", "delete them: p-00000000000000a1, p-00000000000000a3."},
			notList:     []string{"p-00000000000000a2", "p-00000000000000b"},
		},
		"one undeclared": {
			declared:    []string{"p-00000000000000a1", "p-00000000000000a3"},
			wantSummary: "Apply will delete 1 association",
			wantList: []string{"has 1 association that", "delete it: p-00000000000000a2.", "cannot create associations",
				"for every user and group it stands for"},
			notList: []string{"p-00000000000000a1", "p-00000000000000a3"},
		},
		"empty set": {
			declared:    []string{},
			wantSummary: "Apply will delete 3 associations",
			wantList:    []string{"delete them: p-00000000000000a1, p-00000000000000a2, p-00000000000000a3."},
		},
	} {
		t.Run(name, func(t *testing.T) {
			prior := exclusiveState("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3")
			resp := planExclusive(t, server, prior, exclusiveAttrs(testApplicationID, idSet(tc.declared...)))
			if tc.wantSummary == "" {
				if len(resp.Diagnostics) > 0 {
					t.Errorf("diagnostics %v, want none", resp.Diagnostics)
				}
			} else {
				detail := onlyDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning, tc.wantSummary, profileIDsPath)
				for _, want := range tc.wantList {
					if !strings.Contains(detail, want) {
						t.Errorf("warning %q does not say %q", detail, want)
					}
				}
				for _, not := range tc.notList {
					if strings.Contains(detail, not) {
						t.Errorf("warning %q names %s, which apply keeps", detail, not)
					}
				}
			}
			var id string
			if err := plannedExclusiveID(t, server, resp).As(&id); err != nil || id != exclusiveStateID {
				t.Errorf("planned id = %q (%v), want %q", id, err, exclusiveStateID)
			}
		})
	}
	if n := mock.Stats().DeleteProfile; n != 0 {
		t.Errorf("planning sent %d delete requests", n)
	}
}

func plannedExclusiveID(t *testing.T, server tfprotov6.ProviderServer, resp *tfprotov6.PlanResourceChangeResponse) tftypes.Value {
	t.Helper()
	attrs := attributesOf(t, server, exclusiveType, resp.PlannedState)
	if attrs == nil {
		t.Fatal("the planned state is null")
	}
	return attrs["id"]
}

func TestApplicationProfilesExclusiveResource_planFailsOnMissingID(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2"))
	server := configuredServer(t, mock)
	before := mock.Snapshot()

	for name, prior := range map[string]map[string]tftypes.Value{
		"create": nil,
		"update": exclusiveState("p-00000000000000a1", "p-00000000000000a2"),
	} {
		resp := planExclusive(t, server, prior, exclusiveAttrs(testApplicationID, idSet("p-00000000000000a1", exclusiveMissingID)))
		detail := onlyDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError, "Application profile does not exist", profileIDsPath)
		for _, want := range []string{"has no association " + exclusiveMissingID + ".", "cannot create associations", "remove it from profile_ids"} {
			if !strings.Contains(detail, want) {
				t.Errorf("%s: error %q does not say %q", name, detail, want)
			}
		}
	}
	if err := expectStoreUnchanged(mock, before); err != nil {
		t.Error(err)
	}
}

func TestApplicationProfilesExclusiveResource_planWithoutChangeCallsNothing(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1"))
	server := configuredServer(t, mock)
	before := mock.Stats().Total
	// Even a declared ID that does not exist is left to refresh, which
	// already put the truth in the prior state.
	resp := planExclusive(t, server, exclusiveState("p-00000000000000a1", "p-00000000000000a2"),
		exclusiveAttrs(testApplicationID, idSet("p-00000000000000a2", "p-00000000000000a1")))
	if len(resp.Diagnostics) > 0 {
		t.Errorf("diagnostics %v, want none", resp.Diagnostics)
	}
	if n := mock.Stats().Total - before; n != 0 {
		t.Errorf("a plan without change made %d API calls", n)
	}
}

func TestApplicationProfilesExclusiveResource_planCreateNamesWhatItKeeps(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"))
	server := configuredServer(t, mock)
	resp := planExclusive(t, server, nil, exclusiveAttrs(testApplicationID, idSet("p-00000000000000a2")))
	detail := onlyDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning, "Creating deletes no association", profileIDsPath)
	for _, want := range []string{"2 associations that profile_ids does not declare: p-00000000000000a1, p-00000000000000a3.",
		"The next plan shows them as removals", "import the resource"} {
		if !strings.Contains(detail, want) {
			t.Errorf("warning %q does not say %q", detail, want)
		}
	}
}

func TestApplicationProfilesExclusiveResource_planWithUnknowns(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1"))
	server := configuredServer(t, mock)
	unknownString := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	unknownSet := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, tftypes.UnknownValue)

	for name, tc := range map[string]struct {
		prior       map[string]tftypes.Value
		config      map[string]tftypes.Value
		calls       int64
		wantSummary string
		idIsKnown   bool
	}{
		"unknown set at create": {
			// Listed, so that a failing API fails the plan; creating deletes nothing.
			config: exclusiveAttrs(testApplicationID, unknownSet), calls: 1, idIsKnown: true,
		},
		"unknown element at create": {
			config: exclusiveAttrs(testApplicationID, tftypes.NewValue(tftypes.Set{ElementType: tftypes.String},
				[]tftypes.Value{tftypes.NewValue(tftypes.String, exclusiveMissingID), unknownString})),
			calls: 1, idIsKnown: true,
		},
		"unknown set at update": {
			prior:       exclusiveState("p-00000000000000a1"),
			config:      exclusiveAttrs(testApplicationID, unknownSet),
			calls:       1,
			wantSummary: "Apply may delete associations",
			idIsKnown:   true,
		},
		"unknown application instance": {
			config: func() map[string]tftypes.Value {
				c := exclusiveAttrs(testApplicationID, idSet(exclusiveMissingID))
				c["application_instance_id"] = unknownString
				return c
			}(),
			wantSummary: "Application instance unknown at plan time",
		},
	} {
		t.Run(name, func(t *testing.T) {
			before := mock.Stats().Total
			resp := planExclusive(t, server, tc.prior, tc.config)
			var summaries []string
			for _, d := range resp.Diagnostics {
				summaries = append(summaries, d.Summary)
			}
			if want := []string{tc.wantSummary}; tc.wantSummary == "" && len(summaries) > 0 || tc.wantSummary != "" && !slices.Equal(summaries, want) {
				t.Errorf("diagnostics %q, want %q", summaries, tc.wantSummary)
			}
			if n := mock.Stats().Total - before; n != tc.calls {
				t.Errorf("the plan made %d API calls, want %d", n, tc.calls)
			}
			if resp.PlannedState != nil && tc.wantSummary != "Application instance unknown at plan time" {
				if got := plannedExclusiveID(t, server, resp).IsKnown(); got != tc.idIsKnown {
					t.Errorf("planned id known = %v, want %v", got, tc.idIsKnown)
				}
			}
		})
	}
}

func TestApplicationProfilesExclusiveResource_planWarnsOnMissingApplicationInstance(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1"))
	server := configuredServer(t, mock)
	resp := planExclusive(t, server, nil, exclusiveAttrs("app-ins-doesnotexist", idSet()))
	detail := onlyDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning, "Application instance not found: apply will fail",
		tftypes.NewAttributePath().WithAttributeName("application_instance_id"))
	if !strings.Contains(detail, "application instance app-ins-doesnotexist of Identity Center instance "+testInstanceID+" does not exist") {
		t.Errorf("warning %q does not name the application instance", detail)
	}

	// A declared ID cannot be checked there: apply fails on the application
	// instance first.
	resp = planExclusive(t, server, nil, exclusiveAttrs("app-ins-doesnotexist", idSet("p-00000000000000a1")))
	onlyDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning, "Application instance not found: apply will fail",
		tftypes.NewAttributePath().WithAttributeName("application_instance_id"))
}

func TestApplicationProfilesExclusiveResource_applyChecksBeforeDeleting(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"))
	server := configuredServer(t, mock)
	before := mock.Snapshot()
	planned := exclusiveState("p-00000000000000a1", exclusiveMissingID)

	// The association vanished between plan and apply.
	resp := applyExclusive(t, server, nil, planned)
	detail := onlyDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError, "Application profile does not exist", profileIDsPath)
	if !strings.Contains(detail, "has no association "+exclusiveMissingID) || !strings.Contains(detail, "No association was deleted.") {
		t.Errorf("error %q does not name %s and say nothing was deleted", detail, exclusiveMissingID)
	}
	if attributesOf(t, server, exclusiveType, resp.NewState) != nil {
		t.Error("a failed create left state")
	}

	resp = applyExclusive(t, server, exclusiveState("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"), planned)
	onlyDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError, "Application profile does not exist", profileIDsPath)
	if got, want := profileIDsIn(t, attributesOf(t, server, exclusiveType, resp.NewState)), []string{"p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3"}; !slices.Equal(got, want) {
		t.Errorf("after the failed update, state holds %q, want %q", got, want)
	}
	if err := expectStoreUnchanged(mock, before); err != nil {
		t.Error(err)
	}
}

func TestApplicationProfilesExclusiveResource_failedUpdateRecordsWhatIsLeft(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3", "p-00000000000000a4"))
	faulty, _ := withRefusedDelete(t, mock, "p-00000000000000a3")
	server := configuredServer(t, faulty)

	resp := applyExclusive(t, server,
		exclusiveState("p-00000000000000a1", "p-00000000000000a2", "p-00000000000000a3", "p-00000000000000a4"),
		exclusiveState("p-00000000000000a1"))
	detail := onlyDiagnostic(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError, "Cannot delete an undeclared application profile", profileIDsPath)
	if !strings.Contains(detail, "p-00000000000000a3") || !strings.Contains(detail, "after 1 association had been deleted") {
		t.Errorf("error %q does not name the refused deletion and count the one done", detail)
	}
	want := []string{"p-00000000000000a1", "p-00000000000000a3", "p-00000000000000a4"}
	if got := profileIDsIn(t, attributesOf(t, server, exclusiveType, resp.NewState)); !slices.Equal(got, want) {
		t.Errorf("after the failed update, state holds %q, want %q", got, want)
	}
	if err := expectStoredIDs(mock, want...); err != nil {
		t.Error(err)
	}
}

func TestApplicationProfilesExclusiveResource_readMissingApplicationInstance(t *testing.T) {
	t.Parallel()
	mock := newTestMock(t, twoApplicationsSeed("p-00000000000000a1"))
	server := configuredServer(t, mock)
	state := exclusiveAttrs("app-ins-doesnotexist", idSet("p-00000000000000a1"))
	state["id"] = tftypes.NewValue(tftypes.String, testInstanceID+"/app-ins-doesnotexist")

	resp, err := server.ReadResource(t.Context(), &tfprotov6.ReadResourceRequest{
		TypeName:     exclusiveType,
		CurrentState: resourceValue(t, server, exclusiveType, state),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		t.Errorf("diagnostics %v, want none", resp.Diagnostics)
	}
	// Removed from state, so that the plan shows the set to be created
	// again: an audit sees the change, and apply fails naming the
	// application instance.
	if attrs := attributesOf(t, server, exclusiveType, resp.NewState); attrs != nil {
		t.Errorf("the resource stayed in state as %v; want it removed", attrs)
	}
}

func TestProfileIDsOfAndWithout(t *testing.T) {
	t.Parallel()
	got := profileIDsOf([]identitycenter.Profile{{ProfileID: "p-2"}, {ProfileID: "p-1"}, {ProfileID: "p-2"}})
	if want := []string{"p-2", "p-1"}; !slices.Equal(got, want) {
		t.Errorf("profileIDsOf = %q, want %q: API order, each ID once", got, want)
	}
	if got, want := without([]string{"p-3", "p-1", "p-2"}, []string{"p-1"}), []string{"p-3", "p-2"}; !slices.Equal(got, want) {
		t.Errorf("without = %q, want %q", got, want)
	}
	if got := without([]string{"p-1"}, []string{"p-1", "p-2"}); len(got) != 0 {
		t.Errorf("without = %q, want none", got)
	}
}
