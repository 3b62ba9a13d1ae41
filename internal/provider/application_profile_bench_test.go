package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tfsdklog"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// The provider's cost per resource, spoken to over the plugin protocol in
// the test process, without Terraform: what make bench measures through a
// real CLI, with allocation counts, so that a regression shows in
// `go test -bench`. Each list is answered by an in-process mock.

// benchProfileServer is the provider as shipped, configured for a mock
// holding profiles associations of one application instance.
func benchProfileServer(b *testing.B, profiles int) (tfprotov6.ProviderServer, *testMock) {
	b.Helper()
	seed := make([]mockapi.Profile, profiles)
	for i := range seed {
		seed[i] = mockapi.Profile{ProfileID: benchProfileID(i), Name: "Default", Status: "ENABLED"}
	}
	mock := newTestMock(b, seedOf(seed...))
	return configuredServer(b, mock), mock
}

func benchProfileID(i int) string { return fmt.Sprintf("p-%016x", i+1) }

// BenchmarkApplicationProfilePlan is what one resource costs the provider in
// `terraform plan` of an applied configuration that changes nothing: the
// four RPCs Terraform makes for it, in its order, with the read answered
// from the list that all reads of the application instance share.
func BenchmarkApplicationProfilePlan(b *testing.B) {
	server, _ := benchProfileServer(b, 1)
	ids := map[string]tftypes.Value{
		"instance_id":             tftypes.NewValue(tftypes.String, testInstanceID),
		"application_instance_id": tftypes.NewValue(tftypes.String, testApplicationID),
		"profile_id":              tftypes.NewValue(tftypes.String, benchProfileID(0)),
	}
	stateAttrs := map[string]tftypes.Value{
		"id":     tftypes.NewValue(tftypes.String, profileStateID(benchProfileID(0))),
		"name":   tftypes.NewValue(tftypes.String, "Default"),
		"status": tftypes.NewValue(tftypes.String, "ENABLED"),
	}
	for k, v := range ids {
		stateAttrs[k] = v
	}
	config := resourceValue(b, server, profileType, ids)
	state := resourceValue(b, server, profileType, stateAttrs)
	stateJSON, err := json.Marshal(map[string]any{
		"id": profileStateID(benchProfileID(0)), "instance_id": testInstanceID, "application_instance_id": testApplicationID,
		"profile_id": benchProfileID(0), "name": "Default", "status": "ENABLED", "timeouts": nil,
	})
	if err != nil {
		b.Fatal(err)
	}
	stateType := schemaOf(b, server, profileType).ValueType()
	ctx := requestContext(b)
	b.ReportAllocs()
	for b.Loop() {
		validated, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: profileType, Config: config})
		mustSucceed(b, "ValidateResourceConfig", err, validated.Diagnostics)
		upgraded, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
			TypeName: profileType, RawState: &tfprotov6.RawState{JSON: stateJSON},
		})
		mustSucceed(b, "UpgradeResourceState", err, upgraded.Diagnostics)
		read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: profileType, CurrentState: upgraded.UpgradedState})
		mustSucceed(b, "ReadResource", err, read.Diagnostics)
		planned, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: profileType, PriorState: read.NewState, ProposedNewState: read.NewState, Config: config,
		})
		mustSucceed(b, "PlanResourceChange", err, planned.Diagnostics)
		if len(planned.RequiresReplace) != 0 || !dynamicValuesEqual(b, stateType, planned.PlannedState, state) {
			b.Fatalf("the plan of an unchanged resource changes it: replace %v", planned.RequiresReplace)
		}
	}
}

// BenchmarkApplicationProfileAdopt1000 adopts 1,000 associations of one
// application instance, ten at a time as Terraform's default parallelism
// does: per adoption, the plan of its creation and the create. It reports
// the list requests an adoption makes.
func BenchmarkApplicationProfileAdopt1000(b *testing.B) {
	const profiles, parallelism = 1000, 10
	server, mock := benchProfileServer(b, profiles)
	configs := make([]*tfprotov6.DynamicValue, profiles)
	for i := range configs {
		configs[i] = resourceValue(b, server, profileType, map[string]tftypes.Value{
			"instance_id":             tftypes.NewValue(tftypes.String, testInstanceID),
			"application_instance_id": tftypes.NewValue(tftypes.String, testApplicationID),
			"profile_id":              tftypes.NewValue(tftypes.String, benchProfileID(i)),
		})
	}
	prior := resourceValue(b, server, profileType, nil)
	ctx := requestContext(b)
	listsBefore := mock.Stats().ListProfiles
	adoptions := 0
	b.ReportAllocs()
	for b.Loop() {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range parallelism {
			wg.Go(func() {
				for i := next.Add(1) - 1; i < profiles; i = next.Add(1) - 1 {
					planned, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
						TypeName: profileType, PriorState: prior, ProposedNewState: configs[i], Config: configs[i],
					})
					mustSucceed(b, "PlanResourceChange", err, planned.Diagnostics)
					applied, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
						TypeName: profileType, PriorState: prior, PlannedState: planned.PlannedState, Config: configs[i],
					})
					mustSucceed(b, "ApplyResourceChange", err, applied.Diagnostics)
				}
			})
		}
		wg.Wait()
		adoptions += profiles
	}
	b.ReportMetric(float64(mock.Stats().ListProfiles-listsBefore)/float64(adoptions), "lists/adoption")
}

// requestContext carries loggers as terraform-plugin-go's server puts in
// the context of every request, switched off as main switches them off
// when nobody reads them. The wrapper then drops them; run the benchmarks
// with any TF_LOG variable set, such as TF_LOG_SDK=off, to keep them and
// see what they cost the framework.
func requestContext(b *testing.B) context.Context {
	ctx := tfsdklog.NewRootSDKLogger(b.Context(), tfsdklog.WithLevel(hclog.Off))
	return tfsdklog.NewRootProviderLogger(ctx, tfsdklog.WithLevel(hclog.Off))
}

func mustSucceed(b *testing.B, rpc string, err error, diags []*tfprotov6.Diagnostic) {
	if err != nil {
		b.Fatalf("%s: %v", rpc, err)
	}
	for _, d := range diags {
		b.Fatalf("%s: %s: %s: %s", rpc, d.Severity, d.Summary, d.Detail)
	}
}

func dynamicValuesEqual(b *testing.B, typ tftypes.Type, x, y *tfprotov6.DynamicValue) bool {
	xv, err := x.Unmarshal(typ)
	if err != nil {
		b.Fatal(err)
	}
	yv, err := y.Unmarshal(typ)
	if err != nil {
		b.Fatal(err)
	}
	return xv.Equal(yv)
}
