package provider

// How resources, data sources, list resources and actions get the API
// client that the provider configured.

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// providerData is what the provider hands its resources, data sources,
// list resources and actions once configured.
type providerData struct {
	client  *identitycenter.Client
	plans   *plannedChanges
	creates *exclusiveCreates
}

// dataFrom takes the provider data out of what the framework hands over. It
// is nil while the provider is not configured yet, as during validation.
func dataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return pd
}

// clientFrom takes the API client out of the provider data; nil while the
// provider is not configured yet.
func clientFrom(data any, diags *diag.Diagnostics) *identitycenter.Client {
	if pd := dataFrom(data, diags); pd != nil {
		return pd.client
	}
	return nil
}

// plansFrom takes the record of the configuration's planned changes out of
// the provider data; nil while the provider is not configured yet.
func plansFrom(data any, diags *diag.Diagnostics) *plannedChanges {
	if pd := dataFrom(data, diags); pd != nil {
		return pd.plans
	}
	return nil
}

// createsFrom takes the record of the exclusive assignments resources'
// creates out of the provider data; nil while the provider is not
// configured yet.
func createsFrom(data any, diags *diag.Diagnostics) *exclusiveCreates {
	if pd := dataFrom(data, diags); pd != nil {
		return pd.creates
	}
	return nil
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
