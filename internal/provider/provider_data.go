package provider

// How resources, data sources, list resources and actions get the API
// client that the provider configured.

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// clientFrom takes the API client out of the provider data. It is nil while
// the provider is not configured yet, as during validation.
func clientFrom(providerData any, diags *diag.Diagnostics) *identitycenter.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*identitycenter.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *identitycenter.Client, got %T. Please report this issue to the provider developers.", providerData))
		return nil
	}
	return client
}

// clientReady reports whether the provider has configured a client, and
// says what is wrong where it has not.
func clientReady(client *identitycenter.Client, diags *diag.Diagnostics) bool {
	if client == nil {
		diags.AddError("Provider not configured",
			"The identitycenter provider has no API client, because its configuration could not be completed. "+
				"Check the provider block and the errors reported with it.")
	}
	return client != nil
}
