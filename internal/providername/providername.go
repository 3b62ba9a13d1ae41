// Package providername names the provider once: its type name, the
// namespace it is published under, and the addresses and file names made of
// them. Everything else that names the provider derives from these.
//
// It imports nothing, so that the provider, its protocol server, the
// development environment and the commands can all share it.
package providername

const (
	// TypeName is the provider's type name: the prefix of its resource
	// types and the name of its provider block.
	TypeName = "identitycenter"
	// Namespace is the registry namespace the provider is published under.
	Namespace = "hwc-community"
	// Source is the provider's source address in required_providers.
	Source = Namespace + "/" + TypeName
	// RegistryAddress is the provider's full source address, which it is
	// served under.
	RegistryAddress = "registry.terraform.io/" + Source
	// Binary is the file name of the provider's executable, which
	// Terraform looks for in a dev_overrides directory.
	Binary = "terraform-provider-" + TypeName
)
