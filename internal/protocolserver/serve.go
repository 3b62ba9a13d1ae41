package protocolserver

import (
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"google.golang.org/grpc"
)

// streamWorkers is how many long-lived goroutines answer Terraform's
// requests. By default the gRPC server starts a goroutine for every
// request, whose stack, a few KiB at first, the framework's deep calls grow
// by copying it three or four times: a tenth of the provider's CPU in a
// plan of 1,000 resources. A worker keeps its grown stack from one request
// to the next. There are more than Terraform's default -parallelism of 10,
// so that each request of a walk at that setting finds one free; a request
// beyond them gets a goroutine of its own, as before.
const streamWorkers = 16

// Serve serves the provider that factory makes to Terraform, as
// tf6server.Serve does without its debug options, on stream workers (see
// streamWorkers). It returns once Terraform has stopped the provider.
func Serve(name string, factory func() tfprotov6.ProviderServer) {
	plugin.Serve(serveConfig(name, factory))
}

// serveConfig is what tf6server.Serve hands go-plugin, the handshake and
// message size limits that every Terraform and OpenTofu CLI expects of a
// protocol 6 provider included, with stream workers added.
func serveConfig(name string, factory func() tfprotov6.ProviderServer) *plugin.ServeConfig {
	return &plugin.ServeConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  6,
			MagicCookieKey:   "TF_PLUGIN_MAGIC_COOKIE",
			MagicCookieValue: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		},
		Plugins: plugin.PluginSet{
			"provider": &tf6server.GRPCProviderPlugin{GRPCProvider: factory, Name: name},
		},
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			return grpc.NewServer(append(opts,
				grpc.MaxRecvMsgSize(maxMessageSize),
				grpc.MaxSendMsgSize(maxMessageSize),
				grpc.NumStreamWorkers(streamWorkers),
			)...)
		},
	}
}

// maxMessageSize is tf6server's limit on a message either way: a schema or
// a state larger than gRPC's default of 4 MiB must still pass.
const maxMessageSize = 256 << 20
