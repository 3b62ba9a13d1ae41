// Command terraform-provider-identitycenter serves the provider to Terraform
// over the plugin protocol: the framework's server, wrapped by
// internal/protocolserver, under the address of internal/providername.
package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/profiling"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/protocolserver"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/provider"
)

// version is set by the release build with -X main.version.
var version = "dev"

func main() {
	var debugMode bool
	flag.BoolVar(&debugMode, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	stopProfiling := profiling.Start()

	if percent, limit, ok := protocolserver.GCSettings(os.Environ()); ok {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
	unread := protocolserver.UnreadLoggers(debugMode, os.Environ())
	for _, name := range unread {
		if err := os.Setenv(name, "off"); err != nil {
			log.Fatal(err.Error())
		}
	}

	// What providerserver.Serve does for protocol 6, with the framework's
	// server wrapped so that it does not keep every request's context, and
	// served on stream workers but in debug mode.
	factory := func() tfprotov6.ProviderServer {
		return protocolserver.New(providerserver.NewProtocol6(provider.New(version)())(), protocolserver.LoggersFor(unread))
	}
	var err error
	if debugMode {
		err = tf6server.Serve(provider.RegistryAddress, factory, tf6server.WithManagedDebug())
	} else {
		protocolserver.Serve(provider.RegistryAddress, factory)
	}
	stopProfiling()
	if err != nil {
		log.Fatal(err.Error())
	}
}
