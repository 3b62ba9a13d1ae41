package provider

// The text of diagnostics that several resources share: what the API
// answered and what to do about it, and how to speak of associations.

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// missingProfilesDetail explains that associations a configuration needs do
// not exist, why apply cannot make them, and what to do: check the IDs, or
// repoint, once an association for the user or group exists again, the
// configuration at it, or instead give up on them.
func missingProfilesDetail(instanceID, applicationInstanceID string, profileIDs []string, repoint, instead string) string {
	noun, ids, deleted := "association", "ID", "it was"
	if len(profileIDs) > 1 {
		noun, ids, deleted = "associations", "IDs", "they were"
	}
	return fmt.Sprintf("Application instance %s of Identity Center instance %s has no %s %s.\n\n"+
		"Check the %s: the identitycenter_application_profiles data source lists the associations that exist. If %s "+
		"deleted, the Identity Center API cannot create associations: one comes into being when a user or group is "+
		"assigned to the application, in the console or through the identity source, and may have an ID of its own. "+
		"Then %s and apply again, or %s.",
		applicationInstanceID, instanceID, noun, strings.Join(profileIDs, ", "), ids, deleted, repoint, instead)
}

// cannotRecreate is why a deletion deserves a second look.
// An association may stand for more than one principal, as the API
// documents no link between the two.
const cannotRecreate = "Deleting an association may remove access to the application for every user and group it " +
	"stands for. The Identity Center API cannot create associations: once deleted, an association comes back only " +
	"when a user or group is assigned to the application again, in the console or through the identity source."

// keepWithoutDeleting tells how to stop managing an association or an
// assignment (noun) with holder, the resource that manages it, without
// deleting it, in the docs' style or the diagnostics'. Terraform refuses
// instance keys in a removed block's from, so one instance of a for_each
// or count, and the old object of a replacement, can only leave state by
// terraform state rm.
func keepWithoutDeleting(noun, holder string, code textStyle) string {
	return fmt.Sprintf("To stop managing the %[1]s with %[2]s without deleting it, put a %[3]s block with %[4]s in "+
		"place of the resource block when the whole block goes. For one instance of a resource with %[5]s or %[6]s, "+
		"or to keep the old %[1]s of a replacement, run %[7]s (%[8]s with OpenTofu) with the instance's address, "+
		"quoted for the shell as in %[9]s, and plan again; with %[6]s, the later indexes still shift, and %[10]s "+
		"blocks keep them.", noun, holder, code("removed"), code("lifecycle { destroy = false }"), code("for_each"),
		code("count"), code("terraform state rm"), code("tofu state rm"), code(`terraform state rm 'TYPE.NAME["KEY"]'`),
		code("moved"))
}

// textStyle sets code in a text: as it is in a diagnostic, in backticks in
// the docs' Markdown.
type textStyle func(string) string

var (
	plainText = func(s string) string { return s }
	markdown  = func(s string) string { return "`" + s + "`" }
)

// countOf counts associations.
func countOf(n int) string {
	if n == 1 {
		return "1 association"
	}
	return fmt.Sprintf("%d associations", n)
}

// pronounOf refers to n associations.
func pronounOf(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// apiErrorDetail explains a failed call of a resource with everything the
// API said and what the user can do about it.
func apiErrorDetail(err error) string {
	return callErrorDetail(err, resourceSite.timeout)
}

// callSite is where a resource, a data source, a list block or an action
// sets what their diagnostics name: the IDs, and the timeout of a call.
type callSite struct {
	// ids is the block that sets instance_id and application_instance_id.
	ids string
	// timeout is the timeout a call runs under, as callErrorDetail names it.
	timeout string
}

var (
	// A resource's operations each have their own timeout.
	resourceSite = callSite{ids: resourceBlock,
		timeout: "the operation's value (create, read, update or delete) in the timeouts block of this resource"}
	dataSourceSite = callSite{ids: "the data source block", timeout: "read in the timeouts block of this data source"}
	listBlockSite  = callSite{ids: "the list block", timeout: "list in the timeouts block of the list block's config"}
	actionSite     = callSite{ids: "the action's config block", timeout: "invoke in the timeouts block of the action's config block"}
)

// applicationInstanceErrorDetail is callErrorDetail for a call about one
// application instance, which for a 404 first says that the instance or
// the application instance does not exist, and where their IDs are set.
func applicationInstanceErrorDetail(instanceID, applicationInstanceID string, site callSite, err error) string {
	if !identitycenter.IsNotFound(err) {
		return callErrorDetail(err, site.timeout)
	}
	return applicationInstanceNotFoundDetail(instanceID, applicationInstanceID, site.ids) + "\n\n" +
		callErrorDetail(err, site.timeout)
}

// applicationInstanceNotFoundDetail says that the API does not know an
// application instance, or the instance that holds it, and that block sets
// their IDs.
func applicationInstanceNotFoundDetail(instanceID, applicationInstanceID, block string) string {
	return fmt.Sprintf("The API reports that application instance %s of Identity Center instance %s does not exist, "+
		"whether deleted or mistyped. Check instance_id and application_instance_id in %s.",
		applicationInstanceID, instanceID, block)
}

// resourceBlock is where a resource's IDs are set.
const resourceBlock = "the resource block"

// destroyPlansFirst says why a plan-time error of a replacement also stops
// terraform destroy, and how to destroy anyway.
const destroyPlansFirst = "terraform destroy makes this plan too, before the one that destroys: to destroy what " +
	"this resource manages now, restore its IDs first, or run terraform destroy with -refresh=false (and -target " +
	"with this resource's address to destroy it alone)."

// callErrorDetail is apiErrorDetail for a call that runs under the timeout
// that timeout names.
func callErrorDetail(err error, timeout string) string {
	var b strings.Builder
	var apiErr *identitycenter.APIError
	var transportErr *identitycenter.TransportError
	var lookupErr *identitycenter.DomainLookupError
	var credErr *identitycenter.CredentialError
	switch {
	case errors.As(err, &credErr):
		writeCredentialDetail(&b, credErr)
	case errors.As(err, &lookupErr):
		writeDomainLookupDetail(&b, lookupErr)
	case errors.As(err, &apiErr):
		fmt.Fprintf(&b, "The Identity Center API answered %s %s with HTTP %d.\n", apiErr.Method, apiErr.Path, apiErr.StatusCode)
		writeAPIErrorFields(&b, apiErr)
		if hint := statusHint(apiErr); hint != "" {
			b.WriteString("\n\n" + hint)
		}
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(&b, "The operation was interrupted: Terraform was asked to stop before the Identity Center API "+
			"answered (%v).\n\nThe request may or may not have reached the API. Plan again to see where things stand.", err)
	case errors.As(err, &transportErr) && errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(&b, "The Identity Center API did not answer in time: %v\n\n"+
			"The operation's timeout ran out, retries included. Raise %s, or check "+settingEndpoint.named()+
			" and the network path to it.", transportErr, timeout)
	case errors.As(err, &transportErr) && errors.As(err, new(*tls.CertificateVerificationError)):
		fmt.Fprintf(&b, "The TLS certificate of the Identity Center API could not be verified: %v\n\n"+
			"Check "+settingEndpoint.named()+": it must be an endpoint whose certificate this machine trusts. "+
			settingInsecure.attr+" = true ("+settingInsecure.env+") skips the check, for a test endpoint only.", transportErr)
	case errors.As(err, &transportErr):
		fmt.Fprintf(&b, "The Identity Center API could not be reached: %v\n\n"+
			"Check "+settingEndpoint.named()+" and the network path to it.", transportErr)
	default:
		b.WriteString(err.Error())
	}
	return b.String()
}

// writeAPIErrorFields lists what an error answer said, field by field.
func writeAPIErrorFields(b *strings.Builder, apiErr *identitycenter.APIError) {
	for _, f := range []struct{ name, value string }{
		{"error_code", apiErr.ErrorCode},
		{"error_msg", apiErr.ErrorMsg},
		{"request_id", apiErr.RequestID},
		{"encoded_authorization_message", apiErr.EncodedAuthorizationMessage},
		{"body", apiErr.Body},
	} {
		if f.value != "" {
			fmt.Fprintf(b, "\n%s: %s", f.name, f.value)
		}
	}
}

// signingKeys names the settings that give the keys a refused signature
// may have been made with: the provider's own, or a KooCLI profile's.
// Temporary keys from IAM or the metadata service are refused at once when
// they cannot be obtained, with errors of their own; refused once obtained,
// the account header is the likely cause, which the hints name too.
var signingKeys = fmt.Sprintf("%s and %s, or the keys of the KooCLI profile that %s and %s name",
	settingAccessKey.named(), settingSecretKey.named(), settingSharedConfigFile.named(), settingProfile.named())

func statusHint(e *identitycenter.APIError) string {
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return "The request was not authenticated. Check " + signingKeys + ", set " + settingSecurityToken.named() +
			" when the keys are temporary, check that " + settingDomainID.named() + ", when set, is the ID of the " +
			"account the keys belong to, and check that this machine's clock is right: signatures more than 15 " +
			"minutes off are refused."
	case e.StatusCode == http.StatusForbidden:
		return "The credentials are not allowed to do this. Identity Center application profiles can only be managed from " +
			"the organization's management account or a delegated administrator account. The encoded authorization " +
			"message, when present, tells which permission was missing once decoded by IAM."
	case e.StatusCode == http.StatusNotFound && strings.HasPrefix(e.ErrorCode, "APIGW."):
		return "The gateway does not know this API. Check that " + settingEndpoint.attr + " points at the Identity Center API."
	case e.Body != "":
		return "The answer did not come from the Identity Center API as expected. Check " + settingEndpoint.attr + ", and any proxy in between."
	}
	return ""
}
