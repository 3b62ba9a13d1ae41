package provider

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// requiredProviders names the provider by the address the test harness
// serves it at: TF_ACC_PROVIDER_HOST and TF_ACC_PROVIDER_NAMESPACE, as
// OpenTofu (registry.opentofu.org) and the provider's own namespace need.
// The harness adds such a block itself, but not to the configuration of an
// import step, where the provider would otherwise resolve to
// <default registry>/hashicorp/identitycenter and be looked up online.
func requiredProviders() string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    identitycenter = {
      source = %q
    }
  }
}
`, testProviderSource())
}

// testProviderSource is the provider's full source address in the tests.
func testProviderSource() string {
	host, namespace := "registry.terraform.io", "hashicorp"
	if v := os.Getenv(resource.EnvTfAccProviderHost); v != "" {
		host = strings.TrimSuffix(v, "/")
	}
	if v := os.Getenv(resource.EnvTfAccProviderNamespace); v != "" {
		namespace = strings.TrimSuffix(v, "/")
	}
	return host + "/" + namespace + "/identitycenter"
}
