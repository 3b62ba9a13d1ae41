package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/identitycenter"
)

// Where the provider's credentials come from. A source set in the provider
// block wins over one set only in the environment. The provider block may
// set one source; in the environment, where variables pile up, the first
// of sourceOrder that is set wins. ECS metadata comes last, when nothing is
// set. assume_role is no source of its own: it assumes an agency with the
// keys of whichever source was found.

// credentialSource is a source of base credentials.
type credentialSource int

const (
	sourceNone credentialSource = iota // nothing set: the ECS metadata service
	sourceStatic
	sourceProfile
	sourceOIDC
)

var sourceOrder = []credentialSource{sourceStatic, sourceProfile, sourceOIDC}

// sourceNames name the sources in messages.
var sourceNames = map[credentialSource]string{
	sourceNone: "the ECS metadata service", sourceStatic: "static keys", sourceProfile: "a shared config profile",
	sourceOIDC: "OIDC federation",
}

const (
	blockAssumeRole     = "assume_role"
	blockAssumeRoleOIDC = "assume_role_with_oidc"

	defaultMetadataEndpoint = "http://169.254.169.254"
	defaultDurationSeconds  = 3600
	minDurationSeconds      = 900
	maxDurationSeconds      = 86400
)

// defaultSharedConfigFile is KooCLI's configuration file, under the home
// directory.
var defaultSharedConfigFile = filepath.Join("~", ".hcloud", "config.json")

// credentialSettings are the resolved settings of the credential sources.
type credentialSettings struct {
	source           credentialSource
	sharedConfigFile string
	profile          string
	assumeRole       struct {
		agencyName, domainName, domainID string
		duration                         int64
	}
	oidc struct {
		idpID, idToken, idTokenFile string
		duration                    int64
	}
	metadataEndpoint string
	// useMetadata is a KooCLI profile in ecsAgency mode.
	useMetadata bool
}

// inBlock reports whether the setting is an attribute of a nested block;
// its attr is then "block.attribute".
func (st *setting) inBlock() bool { return strings.Contains(st.attr, ".") }

// path is where the setting is in the provider block.
func (st *setting) path() path.Path {
	block, attr, nested := strings.Cut(st.attr, ".")
	if !nested {
		return path.Root(st.attr)
	}
	return path.Root(block).AtName(attr)
}

func parseDuration(field *int64) func(*providerSettings, string) error {
	return func(_ *providerSettings, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < minDurationSeconds || n > maxDurationSeconds {
			return fmt.Errorf("must be a whole number of seconds from %d (15 minutes) to %d (24 hours)", minDurationSeconds, maxDurationSeconds)
		}
		*field = n
		return nil
	}
}

// The settings of the credential sources; see provider_settings.go for the
// others.
var (
	settingSharedConfigFile = &setting{
		attr: "shared_config_file", env: "HW_SHARED_CONFIG_FILE", source: sourceProfile,
		description: "Path of a KooCLI (`hcloud`) configuration file to read the keys of `profile` from. " +
			"`~` stands for the home directory.",
		defaultDoc: "`" + defaultSharedConfigFile + "` when `profile` is set",
		parse:      func(s *providerSettings, v string) error { s.sharedConfigFile = v; return nil },
	}
	settingProfile = &setting{
		attr: "profile", env: "HW_PROFILE", source: sourceProfile,
		description: "Name of the profile to read from `shared_config_file`. Its mode may be `AKSK` (its keys, " +
			"and an agency to assume when it names `agencyName` and `agencyDomainName`) or `ecsAgency` (the ECS " +
			"metadata service).",
		defaultDoc: "the file's `current` profile",
		parse:      func(s *providerSettings, v string) error { s.profile = v; return nil },
	}
	settingAssumeRoleAgencyName = &setting{
		attr: blockAssumeRole + ".agency_name", env: "HW_ASSUME_ROLE_AGENCY_NAME",
		description: "Name of the agency to assume. Its temporary keys then sign every Identity Center request.",
		parse:       func(s *providerSettings, v string) error { s.assumeRole.agencyName = v; return nil },
	}
	settingAssumeRoleDomainName = &setting{
		attr: blockAssumeRole + ".domain_name", env: "HW_ASSUME_ROLE_DOMAIN_NAME",
		description: "Name of the account (domain) the agency is in. Set this or `domain_id`: with both, `domain_id` " +
			"names the account. Either of the two in the provider block wins over both environment variables.",
		parse: func(s *providerSettings, v string) error { s.assumeRole.domainName = v; return nil },
	}
	settingAssumeRoleDomainID = &setting{
		attr: blockAssumeRole + ".domain_id", env: "HW_ASSUME_ROLE_DOMAIN_ID",
		description: "ID of the account (domain) the agency is in; it is then also the account sent as `X-Domain-Id`, " +
			"without a lookup. Set this or `domain_name`: with both, this names the account. Either of the two in the " +
			"provider block wins over both environment variables.",
		parse: func(s *providerSettings, v string) error { return parseAccountID(&s.assumeRole.domainID, v) },
	}
	settingAssumeRoleDuration = &setting{
		attr: blockAssumeRole + ".duration", env: "HW_ASSUME_ROLE_DURATION", kind: kindWholeNumber,
		description:  "Lifetime, in seconds, of the agency's temporary keys. The provider renews them before they expire.",
		defaultValue: strconv.Itoa(defaultDurationSeconds),
		parse: func(s *providerSettings, v string) error {
			return parseDuration(&s.assumeRole.duration)(s, v)
		},
	}
	settingOIDCIdpID = &setting{
		attr: blockAssumeRoleOIDC + ".idp_id", env: "HW_ASSUME_ROLE_IDP_ID", source: sourceOIDC,
		description: "ID of the OIDC identity provider registered in IAM that accepts the ID token.",
		parse:       func(s *providerSettings, v string) error { s.oidc.idpID = v; return nil },
	}
	settingOIDCIDToken = &setting{
		attr: blockAssumeRoleOIDC + ".id_token", env: "HW_ASSUME_ROLE_ID_TOKEN", source: sourceOIDC, sensitive: true,
		description: "The OIDC ID token, such as a CI job's. Set this or `id_token_file`.",
		parse:       func(s *providerSettings, v string) error { return parseCredential(&s.oidc.idToken, v) },
	}
	settingOIDCIDTokenFile = &setting{
		attr: blockAssumeRoleOIDC + ".id_token_file", env: "HW_ASSUME_ROLE_ID_TOKEN_FILE", source: sourceOIDC,
		description: "Path of a file holding the OIDC ID token, read again at each renewal, as CI systems renew it there. " +
			"Set this or `id_token`.",
		parse: func(s *providerSettings, v string) error { s.oidc.idTokenFile = v; return nil },
	}
	settingOIDCDuration = &setting{
		attr: blockAssumeRoleOIDC + ".duration", env: "HW_ASSUME_ROLE_WITH_OIDC_DURATION", kind: kindWholeNumber, source: sourceOIDC,
		description:  "Lifetime, in seconds, of the federated temporary keys. The provider renews them before they expire.",
		defaultValue: strconv.Itoa(defaultDurationSeconds),
		parse: func(s *providerSettings, v string) error {
			return parseDuration(&s.oidc.duration)(s, v)
		},
	}
	settingMetadataEndpoint = &setting{
		attr: "metadata_endpoint", env: "HW_METADATA_ENDPOINT",
		description: "Base URL of the ECS metadata service, which gives the temporary keys of the server's agency " +
			"when no other credentials are set. The provider waits about a second for it.",
		defaultValue: defaultMetadataEndpoint,
		parse:        func(s *providerSettings, v string) error { return parseURL(&s.metadataEndpoint, v) },
		redact:       identitycenter.RedactUserinfo,
	}
)

// alternativeSettings are settings that say one thing in several ways: the
// agency's account, by name or by ID.
var alternativeSettings = [][]*setting{{settingAssumeRoleDomainName, settingAssumeRoleDomainID}}

// settingsBlocks declares the nested blocks of the settings in blocks.
func settingsBlocks() map[string]schema.Block {
	descriptions := map[string]string{
		blockAssumeRole: "Assume an agency with the credentials found otherwise (`POST /v3.0/OS-CREDENTIAL/securitytokens`, " +
			"method `assume_role`), for example one that a member account grants the management account. The agency's " +
			"temporary keys sign every Identity Center request, and are renewed before they expire.",
		blockAssumeRoleOIDC: "Federate an OIDC ID token into temporary keys, as a CI job does without any stored secret: " +
			"IAM exchanges the token for a subject token (`POST /v3.0/OS-AUTH/id-token/tokens`), then for keys " +
			"(`POST /v3.0/OS-CREDENTIAL/securitytokens`, method `token`). They are renewed before they expire.",
	}
	blocks := map[string]schema.Block{}
	for _, st := range settings {
		block, attr, nested := strings.Cut(st.attr, ".")
		if !nested {
			continue
		}
		b, ok := blocks[block].(schema.SingleNestedBlock)
		if !ok {
			b = schema.SingleNestedBlock{MarkdownDescription: descriptions[block], Attributes: map[string]schema.Attribute{}}
		}
		b.Attributes[attr] = st.schemaAttribute()
		blocks[block] = b
	}
	return blocks
}

// choosesSource reports whether setting st, when set, makes src the source
// of credentials. A setting with a default does not, and neither does a
// security token, which completes a key pair.
func (st *setting) choosesSource(src credentialSource) bool {
	return st.source == src && st.defaultValue == "" && st != settingSecurityToken
}

// chooseSource finds the source of base credentials: the one the provider
// block sets, else the first in sourceOrder that the environment sets. Two
// sources in the provider block are an error naming both.
func chooseSource(config configValues) (credentialSource, diag.Diagnostics) {
	var diags diag.Diagnostics
	var found []*setting
	for _, src := range sourceOrder {
		for _, st := range settings {
			if st.choosesSource(src) && config[st.attr] != "" {
				found = append(found, st)
				break
			}
		}
	}
	if len(found) > 1 {
		diags.AddAttributeError(found[1].path(), "Conflicting credentials",
			fmt.Sprintf("%s and %s are both set in the provider block, and each is a way to obtain credentials. "+
				"Keep one of them: the provider does not guess which one is meant.", found[0].attr, found[1].attr))
	}
	if len(found) > 0 {
		return found[0].source, diags
	}
	for _, src := range sourceOrder {
		for _, st := range settings {
			if st.choosesSource(src) && os.Getenv(st.env) != "" {
				return src, diags
			}
		}
	}
	return sourceNone, diags
}

// resolveCredentials completes the settings of the chosen source: it reads
// the shared config profile, and checks that OIDC federation and
// assume_role have what they need.
func resolveCredentials(s *providerSettings) diag.Diagnostics {
	var diags diag.Diagnostics
	switch s.source {
	case sourceProfile:
		diags.Append(s.readProfile()...)
	case sourceOIDC:
		switch {
		case s.oidc.idpID == "":
			diags.AddAttributeError(settingOIDCIdpID.path(), "Missing "+settingOIDCIdpID.attr,
				fmt.Sprintf("OIDC federation needs the identity provider that accepts the ID token: set %s.", settingOIDCIdpID.named()))
		case s.oidc.idToken != "" && s.oidc.idTokenFile != "":
			diags.AddAttributeError(settingOIDCIDTokenFile.path(), "Conflicting ID tokens",
				fmt.Sprintf("%s and %s are both set. Set one: the token, or the file that holds it.",
					settingOIDCIDToken.named(), settingOIDCIDTokenFile.named()))
		case s.oidc.idToken == "" && s.oidc.idTokenFile == "":
			diags.AddAttributeError(settingOIDCIDToken.path(), "Missing ID token",
				fmt.Sprintf("OIDC federation with %s needs an ID token: set %s or %s.",
					s.oidc.idpID, settingOIDCIDToken.named(), settingOIDCIDTokenFile.named()))
		}
	case sourceNone:
		s.useMetadata = true
	}
	ar := s.assumeRole
	switch {
	case ar.agencyName == "" && ar.domainName == "" && ar.domainID == "":
	case ar.agencyName == "":
		diags.AddAttributeError(settingAssumeRoleAgencyName.path(), "Missing "+settingAssumeRoleAgencyName.attr,
			fmt.Sprintf("assume_role names an account but no agency: set %s.", settingAssumeRoleAgencyName.named()))
	case ar.domainName == "" && ar.domainID == "":
		diags.AddAttributeError(settingAssumeRoleDomainName.path(), "Missing account of the agency",
			fmt.Sprintf("assume_role needs the account the agency %s is in: set %s or %s.",
				ar.agencyName, settingAssumeRoleDomainName.named(), settingAssumeRoleDomainID.named()))
	case ar.domainID != "" && s.domainID != "" && ar.domainID != s.domainID:
		diags.AddAttributeError(settingDomainID.path(), "Conflicting account IDs",
			fmt.Sprintf("%s is %s but %s is %s. The assumed agency's keys belong to the agency's account, which every "+
				"request must name: unset %s, or make both the same.",
				settingDomainID.named(), s.domainID, settingAssumeRoleDomainID.named(), ar.domainID, settingDomainID.attr))
	case ar.domainID != "":
		s.domainID = ar.domainID
		if ar.domainName != "" {
			diags.AddAttributeWarning(settingAssumeRoleDomainName.path(), settingAssumeRoleDomainName.attr+" ignored",
				fmt.Sprintf("%s and %s are both set: the agency's account is %s, by its ID, and the name %s is not "+
					"used. Remove one of the two.",
					settingAssumeRoleDomainName.named(), settingAssumeRoleDomainID.named(), ar.domainID, ar.domainName))
		}
	}
	return diags
}

// readProfile takes the keys, the account and the agency of a KooCLI
// profile; settings of the provider's own win over the profile's.
func (s *providerSettings) readProfile() diag.Diagnostics {
	var diags diag.Diagnostics
	file := s.sharedConfigFile
	if file == "" {
		file = defaultSharedConfigFile
	}
	if rest, ok := strings.CutPrefix(file, "~"+string(filepath.Separator)); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			diags.AddAttributeError(settingSharedConfigFile.path(), "Cannot find the home directory",
				fmt.Sprintf("%s is %s, under the home directory, which is unknown: %v. Set %s to a full path.",
					settingSharedConfigFile.named(), file, err, settingSharedConfigFile.named()))
			return diags
		}
		file = filepath.Join(home, rest)
	}
	p, err := identitycenter.LoadSharedProfile(file, s.profile)
	if err != nil {
		diags.AddAttributeError(settingProfile.path(), "Cannot use the shared config profile",
			fmt.Sprintf("The provider reads its credentials from profile %q of the KooCLI configuration file %s, "+
				"as %s and %s say, and %v.\n\nFix the file, or point %s and %s at one that has the profile.",
				cmpOr(s.profile, "(the file's current one)"), file, settingSharedConfigFile.named(), settingProfile.named(), err,
				settingSharedConfigFile.attr, settingProfile.attr))
		return diags
	}
	if p.Mode == identitycenter.ModeECSAgency {
		s.useMetadata = true
	} else {
		for _, key := range []struct {
			name  string
			field *string
			value string
		}{{"accessKeyId", &s.accessKey, p.AccessKeyID}, {"secretAccessKey", &s.secretKey, p.SecretAccessKey},
			{"securityToken", &s.securityToken, p.SecurityToken}} {
			if err := parseCredential(key.field, key.value); err != nil {
				diags.AddAttributeError(settingProfile.path(), "Cannot use the shared config profile",
					fmt.Sprintf("The %s of profile %q in the KooCLI configuration file %s, which %s and %s name, %v. Fix the file.",
						key.name, p.Name, file, settingSharedConfigFile.named(), settingProfile.named(), err))
			}
		}
	}
	// assume_role, when set at all, wins over the profile's agency as a
	// whole: the two never mix.
	ar := &s.assumeRole
	if ar.agencyName == "" && ar.domainName == "" && ar.domainID == "" {
		ar.agencyName, ar.domainName = p.AgencyName, p.AgencyDomainName
	}
	// The profile's account is that of its keys. With an agency to assume,
	// requests name the agency's account instead.
	if s.domainID == "" && ar.agencyName == "" && p.DomainID != "" {
		if err := parseAccountID(&s.domainID, p.DomainID); err != nil {
			diags.AddAttributeError(settingProfile.path(), "Cannot use the shared config profile",
				fmt.Sprintf("The domainId of profile %q in the KooCLI configuration file %s, which %s and %s name, %v. "+
					"Fix the file, or set %s.", p.Name, file, settingSharedConfigFile.named(), settingProfile.named(), err,
					settingDomainID.named()))
		}
	}
	return diags
}

func cmpOr(v, otherwise string) string {
	if v == "" {
		return otherwise
	}
	return v
}

// clientCredentials fills the credential part of the client's
// configuration.
func (s *providerSettings) clientCredentials(cfg *identitycenter.Config) {
	switch {
	case s.useMetadata:
		cfg.MetadataEndpoint = s.metadataEndpoint
	case s.source == sourceOIDC:
		cfg.OIDC = &identitycenter.OIDCConfig{IdpID: s.oidc.idpID, IDToken: s.oidc.idToken,
			IDTokenFile: s.oidc.idTokenFile, DurationSeconds: int(s.oidc.duration)}
	}
	if s.assumeRole.agencyName != "" {
		cfg.AssumeRole = &identitycenter.AssumeRoleConfig{AgencyName: s.assumeRole.agencyName,
			DomainName: s.assumeRole.domainName, DomainID: s.assumeRole.domainID, DurationSeconds: int(s.assumeRole.duration)}
	}
}

// temporary reports whether the credentials come from IAM or the metadata
// service, and are therefore obtained while the provider is configured.
func (s *providerSettings) temporary() bool {
	return s.useMetadata || s.source == sourceOIDC || s.assumeRole.agencyName != ""
}

// credentialsName says where the credentials come from, for the log.
func (s *providerSettings) credentialsName() string {
	name := sourceNames[s.source]
	if s.useMetadata {
		name = "ECS metadata"
	}
	if s.assumeRole.agencyName != "" {
		name += ", then assume_role"
	}
	return name
}

// credentialSettingsOf names the settings of a source of temporary
// credentials, and the environment variables behind them.
func credentialSettingsOf(kind identitycenter.CredentialSourceKind) []*setting {
	switch kind {
	case identitycenter.SourceAssumeRole:
		return []*setting{settingAssumeRoleAgencyName, settingAssumeRoleDomainName, settingAssumeRoleDomainID}
	case identitycenter.SourceOIDC:
		return []*setting{settingOIDCIdpID, settingOIDCIDToken, settingOIDCIDTokenFile}
	}
	return []*setting{settingMetadataEndpoint}
}

// writeCredentialDetail explains why temporary credentials could not be
// obtained: the settings involved, what IAM or the metadata service said,
// and what to check.
func writeCredentialDetail(b *strings.Builder, e *identitycenter.CredentialError) {
	var names []string
	for _, st := range credentialSettingsOf(e.Source) {
		names = append(names, st.named())
	}
	fmt.Fprintf(b, "The provider could not obtain temporary credentials, as %s say: %s at %s failed.\n",
		strings.Join(names, ", "), e.Source, e.Endpoint)
	var apiErr *identitycenter.APIError
	var transportErr *identitycenter.TransportError
	switch {
	case errors.As(e, &apiErr):
		fmt.Fprintf(b, "\nThe answer to %s %s was HTTP %d.", apiErr.Method, apiErr.Path, apiErr.StatusCode)
		writeAPIErrorFields(b, apiErr)
	case errors.As(e, &transportErr):
		fmt.Fprintf(b, "\nNo answer: %v", transportErr)
	default:
		fmt.Fprintf(b, "\n%v", e.Err)
	}
	if hint := credentialHint(e.Source, apiErr); hint != "" {
		b.WriteString("\n\n" + hint)
	}
}

func credentialHint(kind identitycenter.CredentialSourceKind, apiErr *identitycenter.APIError) string {
	status := 0
	if apiErr != nil {
		status = apiErr.StatusCode
	}
	switch {
	case kind == identitycenter.SourceAssumeRole && status == http.StatusNotFound:
		return fmt.Sprintf("Check %s and %s or %s: the agency must exist in that account and trust the account of "+
			"the base credentials.", settingAssumeRoleAgencyName.named(), settingAssumeRoleDomainName.named(), settingAssumeRoleDomainID.named())
	case kind == identitycenter.SourceAssumeRole && (status == http.StatusUnauthorized || status == http.StatusForbidden):
		return "IAM refused the base credentials that assume the agency: check them, and that they may assume it."
	case kind == identitycenter.SourceOIDC && status == http.StatusUnauthorized:
		return fmt.Sprintf("IAM did not accept the ID token: check that %s or %s holds a current token that the "+
			"identity provider's mapping accepts.", settingOIDCIDToken.named(), settingOIDCIDTokenFile.named())
	case kind == identitycenter.SourceOIDC && status == http.StatusNotFound:
		return fmt.Sprintf("Check %s: IAM knows no such identity provider at %s.", settingOIDCIdpID.named(), settingIAMEndpoint.named())
	case kind == identitycenter.SourceMetadata && status == http.StatusNotFound:
		return "The metadata service gave no keys: attach an agency to this ECS server, or set other credentials."
	}
	return ""
}

// missingCredentialsDetail says that no source gave credentials, after the
// metadata service, the last resort, failed with err.
func missingCredentialsDetail(s providerSettings, err error) string {
	return fmt.Sprintf("The provider found no credentials. Set one of:\n"+
		"- %s and %s;\n- %s and %s, a KooCLI profile;\n- the %s block, %s and %s or %s, in CI.\n\n"+
		"Without them, on an ECS server, the provider asks the metadata service at %s (%s) for the keys of the "+
		"server's agency, and that failed: %v",
		settingAccessKey.named(), settingSecretKey.named(), settingSharedConfigFile.named(), settingProfile.named(),
		blockAssumeRoleOIDC, settingOIDCIdpID.named(), settingOIDCIDToken.named(), settingOIDCIDTokenFile.named(),
		s.metadataEndpoint, settingMetadataEndpoint.env, err)
}

// authenticate obtains temporary credentials while the provider is
// configured, so that a failure is reported once, naming its settings,
// rather than by every resource.
func authenticate(ctx context.Context, client *identitycenter.Client, s providerSettings) diag.Diagnostics {
	var diags diag.Diagnostics
	err := client.Authenticate(ctx)
	var credErr *identitycenter.CredentialError
	switch {
	case err == nil:
	case s.source == sourceNone && errors.As(err, &credErr) && credErr.Source == identitycenter.SourceMetadata:
		diags.AddError("Missing credentials", missingCredentialsDetail(s, err))
	default:
		diags.AddError("Cannot obtain temporary credentials", apiErrorDetail(err))
	}
	return diags
}
