package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// writeDomainLookupDetail explains why the account ID, which every Identity
// Center request must carry, could not be found from IAM, and the two ways
// out: the permission the lookup needs, or setting domain_id.
func writeDomainLookupDetail(b *strings.Builder, e *identitycenter.DomainLookupError) {
	fmt.Fprintf(b, "Identity Center requests must name the account (domain) the credentials belong to. "+
		"%s is not set, so the provider asked IAM at %s for it, and ", settingDomainID.named(), e.IAMEndpoint)
	var apiErr *identitycenter.APIError
	var noDomain *identitycenter.NoDomainError
	var transportErr *identitycenter.TransportError
	switch {
	case errors.As(e, &noDomain):
		b.WriteString("IAM listed no account for these credentials.")
		if noDomain.RequestID != "" {
			fmt.Fprintf(b, "\n\nrequest_id: %s", noDomain.RequestID)
		}
		if noDomain.STSErr != nil {
			fmt.Fprintf(b, "\n\nSTS at %s (%s), which the provider asked next, as the official SDK does, could not tell "+
				"the account either: %v", noDomain.STSEndpoint, settingSTSEndpoint.named(), noDomain.STSErr)
		}
	case errors.As(e, &apiErr):
		fmt.Fprintf(b, "IAM answered %s %s with HTTP %d.\n", apiErr.Method, apiErr.Path, apiErr.StatusCode)
		writeAPIErrorFields(b, apiErr)
	case errors.As(e, &transportErr):
		fmt.Fprintf(b, "IAM could not be reached: %v", transportErr)
	default:
		fmt.Fprintf(b, "the lookup failed: %v", e.Err)
	}

	b.WriteString("\n\n")
	switch {
	case apiErr != nil && apiErr.StatusCode == http.StatusUnauthorized:
		fmt.Fprintf(b, "IAM did not accept the signature: check %s, and %s for temporary keys. ",
			signingKeys, settingSecurityToken.named())
	case transportErr != nil:
		fmt.Fprintf(b, "Check %s and the network path to it. ", settingIAMEndpoint.named())
	}
	fmt.Fprintf(b, "Set %s in the provider block, or the %s environment variable, to the account ID "+
		"(in the console under My Credentials), or grant the credentials the %s permission, which the lookup needs.",
		settingDomainID.attr, settingDomainID.env, "iam:users:getUser")
}
