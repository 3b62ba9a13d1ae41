// Package protocolserver serves the provider over version 6 of Terraform's
// plugin protocol, wrapping the framework's server so that it keeps no
// request's context after the response, and serves it on stream workers
// (see Serve). It passes every RPC of the framework's server through,
// optional ones included. It imports terraform-plugin-go, go-plugin, gRPC and
// internal/providername only: never the provider, whose server it is
// handed, nor the framework.
//
// # The framework's context retention, as reported upstream
//
// What happens: terraform-plugin-framework v1.19.0 keeps, in
// internal/proto6server/serve.go, a context.CancelFunc for every request it
// serves (Server.registerContext appends it to Server.contextCancels), and
// lets go of them only in StopProvider, so that an interrupt can cancel the
// requests in flight. Each cancel function keeps its request's whole context
// reachable: the loggers and log fields that terraform-plugin-go and the
// framework attach to every request, about 12 KiB. The heap a provider
// process cannot free thus grows with every resource of a command, by
// 50 MiB over a plan of 1,000 resources, and every garbage collection marks
// it again.
//
// How to reproduce: serve one RPC, such as ValidateResourceConfig, through
// providerserver.NewProtocol6 with a context holding a value that has a
// finalizer, drop every reference to that context once the response is
// returned, and run the garbage collector: the finalizer never runs while
// the server lives. TestRequestContextsAreNotKept does exactly this, for
// the framework's server and for the wrapped one.
//
// When the wrapper can go: its "framework server" case asserts that the
// context is kept. Once a framework release lets go of a request's context
// when it returns, that case fails; then Serve can serve
// providerserver.NewProtocol6 directly and Server can go, but
// UnreadLoggers, GCSettings and Serve stay.
//
// What the wrapper does: it hands the framework, for the requests Terraform
// makes per resource, data source, ephemeral resource and function call, a
// context that lets go of the request's own once the response has been
// returned. UnreadLoggers names the SDK loggers whose output nobody would
// read, which main switches off before serving; GCSettings gives the garbage
// collector's settings main serves with; and Serve serves the wrapped server
// as tf6server.Serve would, on long-lived goroutines.
package protocolserver

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// downstream is the framework's server: every RPC, those that
// terraform-plugin-go looks for with a type assertion included (list
// resources, actions, state stores), so that the wrapper offers exactly what
// the framework does. Resource identity and config generation are RPCs of
// tfprotov6.ProviderServer itself. TestServerForwardsEveryRPC fails when the
// framework's server gains an RPC that is not listed here.
type downstream interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

var _ downstream = Server{}

// Server passes every RPC to the framework's server; the unary RPCs made
// once per resource, data source, ephemeral resource or function call get a
// context that is released when they return. The others, a few per
// process, and the streaming ones, whose context is used after they return,
// get the request's own.
type Server struct {
	downstream
	loggers Loggers
}

// Loggers says what those released contexts carry of the request's values,
// which terraform-plugin-go fills with its loggers and theirs alone.
type Loggers int

const (
	// KeepLoggers passes the request's values, loggers included.
	KeepLoggers Loggers = iota
	// DropLoggers passes none of them: the framework then finds no logger,
	// and skips deriving one of its own and setting fields on it for every
	// request, about a sixth of its CPU in a plan. Only for when every
	// logger is off, as LoggersFor decides, since nothing is logged then.
	DropLoggers
)

// LoggersFor returns DropLoggers when unread, what UnreadLoggers returned,
// names every logger, and KeepLoggers otherwise.
func LoggersFor(unread []string) Loggers {
	for _, name := range loggerLevelVariables {
		if !slices.Contains(unread, name) {
			return KeepLoggers
		}
	}
	return DropLoggers
}

// New wraps a server made by providerserver.NewProtocol6. A server that
// lacks an RPC of downstream is returned as it is, since wrapping it would
// hide the RPCs it has from terraform-plugin-go.
func New(s tfprotov6.ProviderServer, loggers Loggers) tfprotov6.ProviderServer {
	d, ok := s.(downstream)
	if !ok {
		return s
	}
	return Server{downstream: d, loggers: loggers}
}

// serve calls rpc with a context that lets go of ctx when rpc returns.
func serve[Req, Resp any](loggers Loggers, ctx context.Context, rpc func(context.Context, Req) (Resp, error), req Req) (Resp, error) {
	values := ctx
	if loggers == DropLoggers {
		values = context.Background()
	}
	ctx, release := detach(ctx, values)
	defer release()
	return rpc(ctx, req)
}

func (s Server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return serve(s.loggers, ctx, s.downstream.ValidateResourceConfig, req)
}

func (s Server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return serve(s.loggers, ctx, s.downstream.UpgradeResourceState, req)
}

func (s Server) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return serve(s.loggers, ctx, s.downstream.UpgradeResourceIdentity, req)
}

func (s Server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return serve(s.loggers, ctx, s.downstream.ReadResource, req)
}

func (s Server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return serve(s.loggers, ctx, s.downstream.PlanResourceChange, req)
}

func (s Server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return serve(s.loggers, ctx, s.downstream.ApplyResourceChange, req)
}

func (s Server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return serve(s.loggers, ctx, s.downstream.ImportResourceState, req)
}

func (s Server) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return serve(s.loggers, ctx, s.downstream.MoveResourceState, req)
}

func (s Server) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return serve(s.loggers, ctx, s.downstream.GenerateResourceConfig, req)
}

func (s Server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return serve(s.loggers, ctx, s.downstream.ValidateDataResourceConfig, req)
}

func (s Server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return serve(s.loggers, ctx, s.downstream.ReadDataSource, req)
}

func (s Server) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return serve(s.loggers, ctx, s.downstream.ValidateEphemeralResourceConfig, req)
}

func (s Server) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return serve(s.loggers, ctx, s.downstream.OpenEphemeralResource, req)
}

func (s Server) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return serve(s.loggers, ctx, s.downstream.RenewEphemeralResource, req)
}

func (s Server) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return serve(s.loggers, ctx, s.downstream.CloseEphemeralResource, req)
}

func (s Server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return serve(s.loggers, ctx, s.downstream.CallFunction, req)
}
