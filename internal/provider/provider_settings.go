package provider

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// envCoalescing set to false makes every read list its application instance
// on its own, instead of sharing lists between the reads of one application
// instance. It is a switch for diagnosis and benchmarks, hence no attribute.
const envCoalescing = "HW_IDENTITY_CENTER_COALESCING"

const (
	defaultCloud      = "myhuaweicloud.com"
	defaultMaxRetries = 5
	maxMaxRetries     = 100
	// defaultSTSEndpoint is the official SDK's STS for cn-north-4, the first
	// region of its Identity Center client.
	defaultSTSEndpoint = "https://sts.cn-north-4.myhuaweicloud.com"
)

var domainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// settingKind is the Terraform type of a setting's attribute. Whatever the
// kind, a value is handled as text, as the environment gives it.
type settingKind int

const (
	kindString settingKind = iota
	kindBool
	kindWholeNumber // a Number attribute, so that 2.5 reaches parse rather than failing conversion
)

// A setting is one attribute of the provider block and the environment
// variable behind it. Everything the provider says about a setting, in its
// schema, its diagnostics and its docs, comes from here.
type setting struct {
	attr, env string
	kind      settingKind
	sensitive bool
	// description says what the setting is, in Markdown; the schema adds
	// the default and the environment variable.
	description string
	// defaultValue is parsed like a configured value when neither the
	// provider block nor the environment sets one; defaultDoc documents a
	// default computed from other settings instead.
	defaultValue, defaultDoc string
	// parse checks a value and stores it; its error completes "<attr> ...",
	// such as "must be true or false".
	parse func(s *providerSettings, value string) error
	// source is the source of credentials the setting belongs to, if any:
	// only the settings of the source in use are read (see chooseSource).
	source credentialSource
	// redact, if set, hides what must not be shown of a value, such as a
	// password in a URL; a sensitive value is never shown.
	redact func(string) string
}

// named is how messages refer to a setting: the attribute and its variable.
func (st *setting) named() string { return st.attr + " (" + st.env + ")" }

// got quotes a value that parse refused, as far as it may be shown.
func (st *setting) got(value string) string {
	switch {
	case st.sensitive:
		return "the value is not shown, as it is secret"
	case st.redact != nil:
		value = st.redact(value)
	}
	return fmt.Sprintf("got %q", value)
}

func (st *setting) markdownDescription() string {
	d := st.description
	switch {
	case st.defaultValue != "":
		d += " Defaults to `" + st.defaultValue + "`."
	case st.defaultDoc != "":
		d += " Defaults to " + st.defaultDoc + "."
	}
	return d + " Environment variable: `" + st.env + "`."
}

// The provider's settings. Resolution runs in table order, so a setting that
// others default from (cloud) comes before them.
var (
	settingAccessKey = &setting{
		attr: "access_key", env: "HW_ACCESS_KEY", source: sourceStatic,
		description: "Access key (AK) used to sign requests.",
		parse:       func(s *providerSettings, v string) error { return parseCredential(&s.accessKey, v) },
	}
	settingSecretKey = &setting{
		attr: "secret_key", env: "HW_SECRET_KEY", source: sourceStatic, sensitive: true,
		description: "Secret key (SK) used to sign requests.",
		parse:       func(s *providerSettings, v string) error { return parseCredential(&s.secretKey, v) },
	}
	settingSecurityToken = &setting{
		attr: "security_token", env: "HW_SECURITY_TOKEN", source: sourceStatic, sensitive: true,
		description: "Session token of temporary credentials, sent as `X-Security-Token`. " +
			"Required when the access key pair is temporary.",
		parse: func(s *providerSettings, v string) error { return parseCredential(&s.securityToken, v) },
	}
	settingDomainID = &setting{
		attr: "domain_id", env: "HW_DOMAIN_ID",
		description: "ID of the account (domain) the credentials belong to, sent as the signed `X-Domain-Id` header " +
			"of every Identity Center request, as Huawei Cloud's global services require. When it is not set, the " +
			"provider asks IAM for it once (`GET /v3/auth/domains`, which needs the `iam:users:getUser` permission). " +
			"With `assume_role`, the agency's keys sign, so this is the agency's account: leave it unset, or set " +
			"`assume_role.domain_id`: the ID of the account whose keys assume the agency is refused with HTTP 401.",
		defaultDoc: "the account IAM reports for the credentials",
		parse:      func(s *providerSettings, v string) error { return parseAccountID(&s.domainID, v) },
	}
	settingCloud = &setting{
		attr: "cloud", env: "HW_CLOUD",
		description:  "Domain of the cloud, used to build the default endpoints; for example `myhuaweicloud.eu`.",
		defaultValue: defaultCloud,
		parse: func(s *providerSettings, v string) error {
			if !domainPattern.MatchString(v) {
				return errors.New("must be a domain name such as " + defaultCloud + ", without scheme or path")
			}
			s.cloud = v
			return nil
		},
	}
	settingEndpoint = &setting{
		attr: "endpoint", env: "HW_IDENTITY_CENTER_ENDPOINT",
		description: "Base URL of the Identity Center API, such as `https://identitycenter.myhuaweicloud.com` " +
			"or the address of the bundled mock API.",
		defaultDoc: "`https://identitycenter.<cloud>`",
		parse:      func(s *providerSettings, v string) error { return parseURL(&s.endpoint, v) },
		redact:     identitycenter.RedactUserinfo,
	}
	settingIAMEndpoint = &setting{
		attr: "iam_endpoint", env: "HW_IAM_ENDPOINT",
		description: "Base URL of IAM, where the provider looks up `domain_id` when it is not set. " +
			"The bundled mock API serves IAM too, at its own address.",
		defaultDoc: "`https://iam.<cloud>`",
		parse:      func(s *providerSettings, v string) error { return parseURL(&s.iamEndpoint, v) },
		redact:     identitycenter.RedactUserinfo,
	}
	settingSTSEndpoint = &setting{
		attr: "sts_endpoint", env: "HW_STS_ENDPOINT",
		description: "Base URL of STS, which the provider asks for the account, as the official SDK does " +
			"(`GET /v5/caller-identity`), when `domain_id` is not set and IAM lists none for the credentials. " +
			"The bundled mock API serves it too, at its own address.",
		defaultDoc: "`" + defaultSTSEndpoint + "`, the official SDK's for Identity Center's region, when `cloud` is `" +
			defaultCloud + "` and `iam_endpoint` is not set; none otherwise",
		parse:  func(s *providerSettings, v string) error { return parseURL(&s.stsEndpoint, v) },
		redact: identitycenter.RedactUserinfo,
	}
	settingInsecure = &setting{
		attr: "insecure", env: "HW_INSECURE", kind: kindBool,
		description:  "Skip verification of the endpoints' TLS certificates.",
		defaultValue: "false",
		parse: func(s *providerSettings, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return errors.New("must be true or false")
			}
			s.insecure = b
			return nil
		},
	}
	settingMaxRetries = &setting{
		attr: "max_retries", env: "HW_MAX_RETRIES", kind: kindWholeNumber,
		description:  "How many times a throttled, failed or unanswered request is tried again.",
		defaultValue: strconv.Itoa(defaultMaxRetries),
		parse: func(s *providerSettings, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 || n > maxMaxRetries {
				return fmt.Errorf("must be a whole number from 0 to %d", maxMaxRetries)
			}
			s.maxRetries = n
			return nil
		},
	}

	settings = []*setting{
		settingAccessKey, settingSecretKey, settingSecurityToken, settingDomainID,
		settingCloud, settingEndpoint, settingIAMEndpoint, settingSTSEndpoint, settingInsecure, settingMaxRetries,
		settingSharedConfigFile, settingProfile,
		settingAssumeRoleAgencyName, settingAssumeRoleDomainName, settingAssumeRoleDomainID, settingAssumeRoleDuration,
		settingOIDCIdpID, settingOIDCIDToken, settingOIDCIDTokenFile, settingOIDCDuration,
		settingMetadataEndpoint,
	}
)

// parseAccountID takes v into field when it is an account ID: one that
// the X-Domain-Id header and IAM's requests carry as it is.
func parseAccountID(field *string, v string) error {
	if !idPattern.MatchString(v) {
		return errors.New("must be an account ID without \"/\", \"?\", \"#\" or white space")
	}
	*field = v
	return nil
}

// parseCredential refuses white space and control characters, which no key
// or token has: a line break from a file or a copy would otherwise fail as
// a bad request header, far from its cause.
func parseCredential(field *string, v string) error {
	n := utf8.RuneCountInString(v)
	for i, r := range []rune(v) {
		var what string
		switch {
		case r == '\n' || r == '\r':
			what = "a line break"
		case r == ' ':
			what = "a space"
		case r == '\t':
			what = "a tab"
		case unicode.IsSpace(r):
			what = "white space"
		case unicode.IsControl(r):
			what = "a control character"
		default:
			continue
		}
		return fmt.Errorf("must not contain white space or control characters; this value has %s at character %d of %d", what, i+1, n)
	}
	*field = v
	return nil
}

func parseURL(field *string, v string) error {
	if _, err := identitycenter.ParseEndpoint(v); err != nil {
		return fmt.Errorf("is not usable: %w", err)
	}
	*field = v
	return nil
}

// providerSettings are the provider's effective settings, configuration over
// environment over defaults.
type providerSettings struct {
	accessKey, secretKey, securityToken string
	domainID                            string
	cloud                               string
	endpoint, iamEndpoint, stsEndpoint  string
	insecure                            bool
	maxRetries                          int64
	disableCoalescing                   bool // envCoalescing=false
	credentialSettings
}

// configValues are the settings the provider block sets, by attribute, as
// text. An empty string is not a setting: `endpoint = ""`, as a variable
// defaulting to "" gives, leaves the environment and the default in force.
type configValues map[string]string

// source is where a value was read, for messages that say so.
type source int

const (
	fromConfig source = iota
	fromEnv
	fromDefault
)

// invalid reports a value that parse refused, naming where it was read.
func (st *setting) invalid(from source, value string, err error) diag.Diagnostic {
	switch from {
	case fromConfig:
		return diag.NewAttributeErrorDiagnostic(st.path(), "Invalid "+st.attr+" value",
			fmt.Sprintf("%s in the provider block, which overrides the %s environment variable, %s; %s.",
				st.attr, st.env, err, st.got(value)))
	case fromEnv:
		return diag.NewAttributeErrorDiagnostic(st.path(), "Invalid "+st.env+" value",
			fmt.Sprintf("The %s environment variable (for %s) %s, %s. Unset it, or set %s in the provider block.",
				st.env, st.attr, err, st.got(value), st.attr))
	}
	return diag.NewAttributeErrorDiagnostic(st.path(), "Invalid default "+st.attr,
		fmt.Sprintf("The default %s %s; %s. Please report this issue to the provider developers.", st.attr, err, st.got(value)))
}

// resolveSettings merges the configuration with the environment and the
// defaults, and checks the result; each diagnostic names the attribute, its
// variable, and which of the two was read.
func resolveSettings(config configValues) (providerSettings, diag.Diagnostics) {
	var s providerSettings
	chosen, diags := chooseSource(config)
	for _, st := range settings {
		if st.source != sourceNone && st.source != chosen {
			// A setting in the provider block is never ignored without a
			// word; a stray token has a message of its own.
			if config[st.attr] != "" && st != settingSecurityToken {
				diags.AddAttributeError(st.path(), "Setting of an unused credential source",
					fmt.Sprintf("%s is set in the provider block, but the credentials come from %s, which does not use "+
						"it: on its own, a setting with a default chooses no source. Remove it, or set the rest of its "+
						"source in the provider block.", st.attr, sourceNames[chosen]))
			}
			continue
		}
		value, from := config[st.attr], fromConfig
		if value == "" && !setOtherwiseInConfig(st, config) {
			value, from = os.Getenv(st.env), fromEnv
		}
		if value == "" {
			value, from = st.defaultValue, fromDefault
		}
		if value == "" {
			continue
		}
		if err := st.parse(&s, value); err != nil {
			diags.Append(st.invalid(from, value, err))
		}
	}
	if diags.HasError() {
		return s, diags
	}

	s.source = chosen
	diags.Append(resolveCredentials(&s)...)
	switch {
	case chosen != sourceStatic:
		diags.Append(strayTokenDiagnostics(config, s)...)
	case s.accessKey == "":
		diags.AddAttributeError(path.Root(settingAccessKey.attr), "Missing "+settingAccessKey.attr, fmt.Sprintf(
			"%s is set but %s is not. Set %s in the provider block or the %s environment variable to the access "+
				"key that belongs to the secret key.",
			settingSecretKey.attr, settingAccessKey.attr, settingAccessKey.attr, settingAccessKey.env))
	case s.secretKey == "":
		diags.AddAttributeError(path.Root(settingSecretKey.attr), "Missing "+settingSecretKey.attr, fmt.Sprintf(
			"%s is set but %s is not. Set %s in the provider block or the %s environment variable to the secret "+
				"key of access key %s.",
			settingAccessKey.attr, settingSecretKey.attr, settingSecretKey.attr, settingSecretKey.env, s.accessKey))
	}

	if v, ok := os.LookupEnv(envCoalescing); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			diags.AddError("Invalid "+envCoalescing+" value",
				fmt.Sprintf("The %s environment variable must be true or false, got %q. Unset it to share list "+
					"requests between the reads of one application instance, the default.", envCoalescing, v))
		}
		s.disableCoalescing = err == nil && !b
	}

	if s.endpoint == "" {
		s.endpoint = "https://identitycenter." + s.cloud
	}
	// The SDK knows STS endpoints on the default cloud only; and an IAM set
	// elsewhere, such as a private one or the mock, is not followed by a
	// call to the public STS.
	if s.stsEndpoint == "" && s.cloud == defaultCloud && s.iamEndpoint == "" {
		s.stsEndpoint = defaultSTSEndpoint
	}
	if s.iamEndpoint == "" {
		s.iamEndpoint = "https://iam." + s.cloud
	}
	for _, e := range []struct {
		setting *setting
		url     string
	}{{settingEndpoint, s.endpoint}, {settingIAMEndpoint, s.iamEndpoint}, {settingSTSEndpoint, s.stsEndpoint}} {
		// Parsed already: only the scheme and host are of interest here.
		if u, err := url.Parse(e.url); err == nil && u.Scheme == "http" && !isLoopback(u) {
			diags.AddAttributeWarning(path.Root(e.setting.attr), "Unencrypted "+e.setting.attr,
				fmt.Sprintf("%s %s uses http:// to a host that is not this machine: requests, their signatures and "+
					"any security token cross the network in clear text. Use https:// unless this is a test API.",
					e.setting.attr, e.url))
		}
	}
	return s, diags
}

// setOtherwiseInConfig reports whether the provider block sets another
// setting that says what st says (see alternativeSettings), in which case
// st's environment variable is not read: the block decides, as it does for
// any one setting.
func setOtherwiseInConfig(st *setting, config configValues) bool {
	for _, group := range alternativeSettings {
		if slices.Contains(group, st) {
			return slices.ContainsFunc(group, func(other *setting) bool { return config[other.attr] != "" })
		}
	}
	return false
}

// strayTokenDiagnostics reports a security token set without the key pair
// it belongs to, when the credentials come from another source: an error
// in the provider block, and a warning for one left in the environment,
// which is ignored.
func strayTokenDiagnostics(config configValues, s providerSettings) diag.Diagnostics {
	var diags diag.Diagnostics
	token := settingSecurityToken
	switch {
	case config[token.attr] != "":
		diags.AddAttributeError(token.path(), "Security token without keys",
			fmt.Sprintf("%s is set in the provider block, but the credentials come from %s, not from %s and %s: a "+
				"security token belongs to a temporary access key pair. Set all three, or remove %s.",
				token.attr, s.credentialsName(), settingAccessKey.named(), settingSecretKey.named(), token.attr))
	case os.Getenv(token.env) != "":
		diags.AddAttributeWarning(token.path(), "Security token ignored",
			fmt.Sprintf("The %s environment variable is set, but %s and %s are not, so it was ignored: the credentials "+
				"come from %s. A security token belongs to a temporary access key pair; unset %s.",
				token.env, settingAccessKey.named(), settingSecretKey.named(), s.credentialsName(), token.env))
	}
	return diags
}

// secretsOf lists the values of the sensitive settings that are set, to
// mask them in logs whatever the field or message they appear in.
func secretsOf(s providerSettings) []string {
	var secrets []string
	for _, v := range []string{s.secretKey, s.securityToken, s.oidc.idToken} {
		if v != "" {
			secrets = append(secrets, v)
		}
	}
	return secrets
}

func isLoopback(u *url.URL) bool {
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sensitiveAttributes lists the attributes whose values are masked in logs.
func sensitiveAttributes() []string {
	var names []string
	for _, st := range settings {
		if st.sensitive {
			names = append(names, st.attr)
		}
	}
	return names
}
