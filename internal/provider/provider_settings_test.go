package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
)

func keysOnly() configValues {
	return configValues{"access_key": "AK", "secret_key": "SK", "domain_id": "0123"}
}

// staticKeysSettings are the credential settings of static keys: the
// defaults alone.
func staticKeysSettings() credentialSettings {
	c := credentialSettings{source: sourceStatic, metadataEndpoint: defaultMetadataEndpoint}
	c.assumeRole.duration = defaultDurationSeconds
	return c
}

func diagSummaries(diags diag.Diagnostics) string {
	var s []string
	for _, d := range diags {
		s = append(s, d.Severity().String()+": "+d.Summary()+": "+d.Detail())
	}
	return strings.Join(s, "\n")
}

func TestResolveSettings_defaults(t *testing.T) {
	// TestMain points the metadata service and STS at a closed port; here the defaults count.
	t.Setenv(settingMetadataEndpoint.env, "")
	t.Setenv(settingSTSEndpoint.env, "")
	s, diags := resolveSettings(keysOnly())
	if len(diags) > 0 {
		t.Fatal(diagSummaries(diags))
	}
	want := providerSettings{accessKey: "AK", secretKey: "SK", domainID: "0123", cloud: "myhuaweicloud.com",
		endpoint: "https://identitycenter.myhuaweicloud.com", iamEndpoint: "https://iam.myhuaweicloud.com",
		stsEndpoint: "https://sts.cn-north-4.myhuaweicloud.com", maxRetries: 5, credentialSettings: staticKeysSettings()}
	if s != want {
		t.Errorf("defaults = %+v, want %+v", s, want)
	}
}

// The public STS is the default only where IAM is the public one too.
func TestResolveSettings_stsFollowsIAM(t *testing.T) {
	t.Setenv(settingSTSEndpoint.env, "")
	for name, tc := range map[string]struct {
		config configValues
		want   string
	}{
		"defaults":      {configValues{}, defaultSTSEndpoint},
		"IAM elsewhere": {configValues{"iam_endpoint": "http://127.0.0.1:8080"}, ""},
		"another cloud": {configValues{"cloud": "myhuaweicloud.eu"}, ""},
		"STS set":       {configValues{"iam_endpoint": "http://127.0.0.1:8080", "sts_endpoint": "http://127.0.0.1:8081"}, "http://127.0.0.1:8081"},
	} {
		c := keysOnly()
		for k, v := range tc.config {
			c[k] = v
		}
		s, diags := resolveSettings(c)
		if diags.HasError() || s.stsEndpoint != tc.want {
			t.Errorf("%s: sts_endpoint %q, want %q (%s)", name, s.stsEndpoint, tc.want, diagSummaries(diags))
		}
	}
}

func TestResolveSettings_environment(t *testing.T) {
	// TestMain points the metadata service and STS at a closed port; here the defaults count.
	t.Setenv(settingMetadataEndpoint.env, "")
	t.Setenv(settingSTSEndpoint.env, "")
	t.Setenv("HW_ACCESS_KEY", "ENVAK")
	t.Setenv("HW_SECRET_KEY", "ENVSK")
	t.Setenv("HW_SECURITY_TOKEN", "ENVTOKEN")
	t.Setenv("HW_DOMAIN_ID", "ENVDOMAIN")
	t.Setenv("HW_CLOUD", "myhuaweicloud.eu")
	t.Setenv("HW_INSECURE", "true")
	t.Setenv("HW_MAX_RETRIES", "2")

	s, diags := resolveSettings(configValues{})
	if len(diags) > 0 {
		t.Fatal(diagSummaries(diags))
	}
	want := providerSettings{accessKey: "ENVAK", secretKey: "ENVSK", securityToken: "ENVTOKEN", domainID: "ENVDOMAIN",
		cloud: "myhuaweicloud.eu", endpoint: "https://identitycenter.myhuaweicloud.eu",
		iamEndpoint: "https://iam.myhuaweicloud.eu", insecure: true, maxRetries: 2, credentialSettings: staticKeysSettings()}
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}

	// The configuration wins over every variable.
	c := keysOnly()
	c["endpoint"] = "https://ic.example.com"
	c["iam_endpoint"] = "https://iam.example.com"
	c["security_token"] = "CFGTOKEN"
	c["insecure"] = "false"
	c["max_retries"] = "0"
	s, diags = resolveSettings(c)
	if len(diags) > 0 {
		t.Fatal(diagSummaries(diags))
	}
	want = providerSettings{accessKey: "AK", secretKey: "SK", securityToken: "CFGTOKEN", domainID: "0123",
		cloud: "myhuaweicloud.eu", endpoint: "https://ic.example.com", iamEndpoint: "https://iam.example.com",
		credentialSettings: staticKeysSettings()}
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}
}

// An empty string in the provider block is no setting: for every setting,
// the environment applies, then the default.
func TestResolveSettings_emptyMeansNotSet(t *testing.T) {
	env := map[string]string{
		"HW_ACCESS_KEY": "ENVAK", "HW_SECRET_KEY": "ENVSK", "HW_SECURITY_TOKEN": "ENVTOKEN", "HW_DOMAIN_ID": "ENVDOMAIN",
		"HW_CLOUD": "myhuaweicloud.eu", "HW_IDENTITY_CENTER_ENDPOINT": "https://ic.example.com",
		"HW_IAM_ENDPOINT": "https://iam.example.com", "HW_STS_ENDPOINT": "https://sts.example.com", "HW_INSECURE": "true",
		"HW_MAX_RETRIES":       "2",
		"HW_METADATA_ENDPOINT": "http://127.0.0.2", "HW_ASSUME_ROLE_AGENCY_NAME": "admin",
		"HW_ASSUME_ROLE_DOMAIN_NAME": "member", "HW_ASSUME_ROLE_DOMAIN_ID": "ENVDOMAIN", "HW_ASSUME_ROLE_DURATION": "900",
		// Sources after the static keys, which the environment sets too: not read.
		"HW_SHARED_CONFIG_FILE": "/nonexistent", "HW_PROFILE": "p", "HW_ASSUME_ROLE_IDP_ID": "idp",
		"HW_ASSUME_ROLE_ID_TOKEN": "t", "HW_ASSUME_ROLE_ID_TOKEN_FILE": "/nonexistent", "HW_ASSUME_ROLE_WITH_OIDC_DURATION": "x",
	}
	config := configValues{}
	for _, st := range settings {
		v, ok := env[st.env]
		if !ok {
			t.Fatalf("the test sets no %s for %s", st.env, st.attr)
		}
		t.Setenv(st.env, v)
		config[st.attr] = ""
	}
	s, diags := resolveSettings(config)
	// The agency's account is set both by name and by ID: the ID names it.
	if len(diags) != 1 || diags[0].Summary() != "assume_role.domain_name ignored" {
		t.Fatal(diagSummaries(diags))
	}
	want := providerSettings{accessKey: "ENVAK", secretKey: "ENVSK", securityToken: "ENVTOKEN", domainID: "ENVDOMAIN",
		cloud: "myhuaweicloud.eu", endpoint: "https://ic.example.com", iamEndpoint: "https://iam.example.com",
		stsEndpoint: "https://sts.example.com", insecure: true, maxRetries: 2,
		credentialSettings: credentialSettings{source: sourceStatic, metadataEndpoint: "http://127.0.0.2"}}
	want.assumeRole.agencyName, want.assumeRole.domainName, want.assumeRole.domainID = "admin", "member", "ENVDOMAIN"
	want.assumeRole.duration = 900
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}
}

func TestResolveSettings_badEnvironment(t *testing.T) {
	for _, tc := range []struct{ env, value, want string }{
		{"HW_INSECURE", "maybe", `HW_INSECURE environment variable (for insecure) must be true or false, got "maybe"`},
		{"HW_MAX_RETRIES", "lots", `HW_MAX_RETRIES environment variable (for max_retries) must be a whole number from 0 to 100, got "lots"`},
		{"HW_MAX_RETRIES", "-1", `got "-1"`},
		{"HW_MAX_RETRIES", "2.5", `HW_MAX_RETRIES environment variable (for max_retries) must be a whole number from 0 to 100, got "2.5"`},
		{"HW_CLOUD", "https://myhuaweicloud.com", `HW_CLOUD environment variable (for cloud) must be a domain name`},
		{"HW_IDENTITY_CENTER_ENDPOINT", "ftp://ic.example.com", `HW_IDENTITY_CENTER_ENDPOINT environment variable (for endpoint) is not usable`},
		{"HW_IAM_ENDPOINT", "iam.example.com", `HW_IAM_ENDPOINT environment variable (for iam_endpoint) is not usable`},
		{"HW_DOMAIN_ID", "a/b", `HW_DOMAIN_ID environment variable (for domain_id) must be an account ID`},
	} {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			c := keysOnly()
			delete(c, "domain_id")
			_, diags := resolveSettings(c)
			if !diags.HasError() || !strings.Contains(diagSummaries(diags), tc.want) {
				t.Errorf("diagnostics %q do not contain an error %q", diagSummaries(diags), tc.want)
			}
		})
	}
}

// A bad value in the provider block is reported as read from there, with the
// variable it overrides.
func TestResolveSettings_badConfig(t *testing.T) {
	c := keysOnly()
	c["max_retries"] = "2.5"
	_, diags := resolveSettings(c)
	want := `Invalid max_retries value: max_retries in the provider block, which overrides the HW_MAX_RETRIES ` +
		`environment variable, must be a whole number from 0 to 100; got "2.5".`
	if !strings.Contains(diagSummaries(diags), want) {
		t.Errorf("diagnostics %q do not contain %q", diagSummaries(diags), want)
	}
}

func TestResolveSettings_plainHTTP(t *testing.T) {
	for endpoint, wantWarning := range map[string]bool{
		"http://127.0.0.1:8080":      false,
		"http://localhost:8080":      false,
		"http://[::1]:8080":          false,
		"https://ic.example.com":     false,
		"http://ic.example.com":      true,
		"http://10.0.0.1:8080/proxy": true,
	} {
		for _, attr := range []string{"endpoint", "iam_endpoint"} {
			c := keysOnly()
			c[attr] = endpoint
			_, diags := resolveSettings(c)
			if diags.HasError() {
				t.Fatalf("%s: %s", endpoint, diagSummaries(diags))
			}
			got := diags.WarningsCount() == 1 && strings.Contains(diagSummaries(diags), attr+" "+endpoint+" uses http://")
			if got != wantWarning {
				t.Errorf("%s = %s: warning = %v, want %v (%s)", attr, endpoint, got, wantWarning, diagSummaries(diags))
			}
		}
	}
}

// Each setting is declared once: the schema has exactly the table's
// attributes, each describing its own variable, and no two share a name.
func TestSettingsTable(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	declared := map[string]schema.Attribute{}
	for name, a := range resp.Schema.Attributes {
		declared[name] = a
	}
	for block, b := range resp.Schema.Blocks {
		nested, ok := b.(schema.SingleNestedBlock)
		if !ok {
			t.Fatalf("block %s is a %T", block, b)
		}
		for name, a := range nested.Attributes {
			declared[block+"."+name] = a
		}
	}
	if len(declared) != len(settings) {
		t.Errorf("the schema has %d attributes, the table %d settings", len(declared), len(settings))
	}
	attrs, envs := map[string]bool{}, map[string]bool{}
	for _, st := range settings {
		if attrs[st.attr] || envs[st.env] {
			t.Errorf("%s (%s) is declared twice", st.attr, st.env)
		}
		attrs[st.attr], envs[st.env] = true, true
		a, ok := declared[st.attr]
		if !ok {
			t.Errorf("the schema lacks %s", st.attr)
			continue
		}
		if d := a.GetMarkdownDescription(); !strings.HasSuffix(d, "Environment variable: `"+st.env+"`.") {
			t.Errorf("%s: description %q does not end by naming %s", st.attr, d, st.env)
		}
		if a.IsSensitive() != st.sensitive {
			t.Errorf("%s: sensitive = %v, want %v", st.attr, a.IsSensitive(), st.sensitive)
		}
		if _, isNumber := a.(schema.NumberAttribute); isNumber != (st.kind == kindWholeNumber) {
			t.Errorf("%s: a %T for kind %d", st.attr, a, st.kind)
		}
	}
}

// A password in an endpoint never reaches a diagnostic, whether the URL
// parses or not, from the provider block or the environment.
func TestResolveSettings_endpointPasswordNotEchoed(t *testing.T) {
	const password = "Hunter2Passw0rd"
	for _, endpoint := range []string{
		"https://svc:" + password + "@ic.example.com",
		"https://svc:" + password + "@ic.example.com:99x",
		"svc:" + password + "@ic.example.com",
	} {
		for _, attr := range []*setting{settingEndpoint, settingIAMEndpoint, settingMetadataEndpoint} {
			t.Run(attr.attr+"="+endpoint, func(t *testing.T) {
				c := keysOnly()
				c[attr.attr] = endpoint
				_, diags := resolveSettings(c)
				if !diags.HasError() {
					t.Fatalf("%s = %q was accepted", attr.attr, endpoint)
				}
				if got := diagSummaries(diags); strings.Contains(got, password) {
					t.Errorf("the diagnostics repeat the password: %s", got)
				}

				t.Setenv(attr.env, endpoint)
				_, diags = resolveSettings(keysOnly())
				if got := diagSummaries(diags); !diags.HasError() || strings.Contains(got, password) {
					t.Errorf("from %s: %s", attr.env, got)
				}
			})
		}
	}
}

// A credential with white space or a control character in it is refused
// when the provider is configured, naming the setting and its variable,
// without repeating a secret; it would otherwise fail as a bad header, far
// from its cause.
func TestResolveSettings_badCredentialCharacters(t *testing.T) {
	for _, tc := range []struct {
		setting *setting
		value   string
		want    string
	}{
		{settingAccessKey, "AK\n", `must not contain white space or control characters; this value has a line break at character 3 of 3`},
		{settingSecretKey, "secret-\x7fkey", `has a control character at character 8 of 11`},
		{settingSecurityToken, "tok en", `has a space at character 4 of 6`},
		{settingAccessKey, "   ", `has a space at character 1 of 3`},
		{settingOIDCIDToken, "eyJ\t", `has a tab at character 4 of 4`},
	} {
		t.Run(tc.setting.attr, func(t *testing.T) {
			for _, from := range []string{"config", "env"} {
				c := configValues{}
				if tc.setting.source == sourceOIDC {
					c[settingOIDCIdpID.attr] = "idp"
				} else {
					c = keysOnly()
				}
				if from == "config" {
					c[tc.setting.attr] = tc.value
				} else {
					delete(c, tc.setting.attr)
					t.Setenv(tc.setting.env, tc.value)
				}
				_, diags := resolveSettings(c)
				got := diagSummaries(diags)
				if !diags.HasError() || !strings.Contains(got, tc.want) || !strings.Contains(got, tc.setting.env) ||
					!strings.Contains(got, tc.setting.attr) {
					t.Errorf("from %s: diagnostics %q lack an error naming %s and %s that says %q", from, got,
						tc.setting.attr, tc.setting.env, tc.want)
				}
				if tc.setting.sensitive && strings.Contains(got, strings.TrimSpace(tc.value)) {
					t.Errorf("from %s: the diagnostics repeat the secret: %s", from, got)
				}
			}
		})
	}
}

// A KooCLI profile's account is that of its keys: with an agency to assume,
// from the profile or from assume_role, requests name the agency's account
// instead, which assume_role.domain_id gives or IAM is asked for.
func TestResolveSettings_profileAccountAndAgency(t *testing.T) {
	t.Setenv(settingMetadataEndpoint.env, "")
	file := writeFile(t, "config.json", `{"current":"dev","profiles":[
  {"name":"dev","mode":"AKSK","accessKeyId":"AK","secretAccessKey":"SK","domainId":"1111"},
  {"name":"member","mode":"AKSK","accessKeyId":"AK","secretAccessKey":"SK","domainId":"1111","agencyName":"ops","agencyDomainName":"member"}
]}`)
	for _, tc := range []struct {
		name       string
		config     configValues
		wantDomain string
		wantAgency [3]string // agency_name, domain_name, domain_id
		wantError  string
	}{
		{name: "keys only", config: configValues{"profile": "dev"}, wantDomain: "1111"},
		{name: "the profile's agency", config: configValues{"profile": "member"}, wantAgency: [3]string{"ops", "member", ""}},
		{name: "assume_role by account name", config: configValues{"profile": "dev", "assume_role.agency_name": "ops", "assume_role.domain_name": "member"},
			wantAgency: [3]string{"ops", "member", ""}},
		{name: "assume_role by account ID", config: configValues{"profile": "dev", "assume_role.agency_name": "ops", "assume_role.domain_id": "2222"},
			wantDomain: "2222", wantAgency: [3]string{"ops", "", "2222"}},
		{name: "assume_role over the profile's agency", config: configValues{"profile": "member", "assume_role.agency_name": "admin", "assume_role.domain_id": "2222"},
			wantDomain: "2222", wantAgency: [3]string{"admin", "", "2222"}},
		{name: "half an assume_role", config: configValues{"profile": "member", "assume_role.domain_id": "2222"},
			wantError: "Missing assume_role.agency_name: assume_role names an account but no agency"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.config["shared_config_file"] = file
			s, diags := resolveSettings(tc.config)
			if tc.wantError != "" {
				if !strings.Contains(diagSummaries(diags), tc.wantError) {
					t.Errorf("diagnostics %q lack %q", diagSummaries(diags), tc.wantError)
				}
				return
			}
			if diags.HasError() {
				t.Fatal(diagSummaries(diags))
			}
			ar := s.assumeRole
			if s.domainID != tc.wantDomain || [3]string{ar.agencyName, ar.domainName, ar.domainID} != tc.wantAgency {
				t.Errorf("domain_id %q, assume_role %q, want %q, %q", s.domainID,
					[3]string{ar.agencyName, ar.domainName, ar.domainID}, tc.wantDomain, tc.wantAgency)
			}
		})
	}
}

// assume_role's domain_name and domain_id name one thing, the agency's
// account: the provider block's choice of either wins over the
// environment's of both, and with both set domain_id names it, with a
// warning.
func TestResolveSettings_assumeRoleAccount(t *testing.T) {
	t.Setenv(settingMetadataEndpoint.env, "")
	for _, tc := range []struct {
		name             string
		env              map[string]string
		config           configValues
		wantName, wantID string
		wantWarning      string
	}{
		{name: "the block's name over the environment's ID",
			env:    map[string]string{"HW_ASSUME_ROLE_DOMAIN_ID": "0a0a"},
			config: configValues{"assume_role.domain_name": "member-b"}, wantName: "member-b"},
		{name: "the block's ID over the environment's name",
			env:    map[string]string{"HW_ASSUME_ROLE_DOMAIN_NAME": "member-a"},
			config: configValues{"assume_role.domain_id": "0b0b"}, wantID: "0b0b"},
		{name: "the environment alone",
			env:    map[string]string{"HW_ASSUME_ROLE_DOMAIN_NAME": "member-a"},
			config: configValues{}, wantName: "member-a"},
		{name: "both in the block",
			config:   configValues{"assume_role.domain_name": "member-b", "assume_role.domain_id": "0b0b"},
			wantName: "member-b", wantID: "0b0b",
			wantWarning: "assume_role.domain_name (HW_ASSUME_ROLE_DOMAIN_NAME) and assume_role.domain_id (HW_ASSUME_ROLE_DOMAIN_ID) are both set"},
		{name: "both in the environment",
			env:      map[string]string{"HW_ASSUME_ROLE_DOMAIN_NAME": "member-a", "HW_ASSUME_ROLE_DOMAIN_ID": "0a0a"},
			config:   configValues{},
			wantName: "member-a", wantID: "0a0a", wantWarning: "the agency's account is 0a0a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for name, value := range tc.env {
				t.Setenv(name, value)
			}
			config := keysOnly()
			delete(config, "domain_id")
			config["assume_role.agency_name"] = "admin"
			for k, v := range tc.config {
				config[k] = v
			}
			s, diags := resolveSettings(config)
			if diags.HasError() {
				t.Fatal(diagSummaries(diags))
			}
			if got := [2]string{s.assumeRole.domainName, s.assumeRole.domainID}; got != [2]string{tc.wantName, tc.wantID} {
				t.Errorf("assume_role domain_name, domain_id = %q, want %q", got, [2]string{tc.wantName, tc.wantID})
			}
			if got := diagSummaries(diags); (tc.wantWarning == "") != (len(diags) == 0) || !strings.Contains(got, tc.wantWarning) {
				t.Errorf("diagnostics %q, want a warning saying %q", got, tc.wantWarning)
			}
		})
	}
}

// A setting in the provider block that the credentials in use ignore is an
// error, not silence: here OIDC's duration alone, with keys from the
// environment.
func TestResolveSettings_settingOfAnUnusedSource(t *testing.T) {
	t.Setenv(settingAccessKey.env, "AK")
	t.Setenv(settingSecretKey.env, "SK")
	_, diags := resolveSettings(configValues{"assume_role_with_oidc.duration": "900", "domain_id": "0123"})
	if got := diagSummaries(diags); !diags.HasError() || !strings.Contains(got,
		"assume_role_with_oidc.duration is set in the provider block, but the credentials come from static keys") {
		t.Errorf("diagnostics %q", got)
	}
}

// A KooCLI profile's account is held to the rule of domain_id's, since it
// is sent the same way.
func TestResolveSettings_badProfileAccount(t *testing.T) {
	t.Setenv(settingDomainID.env, "")
	file := writeFile(t, "config.json", `{"current":"dev","profiles":[
  {"name":"dev","mode":"AKSK","accessKeyId":"AK","secretAccessKey":"SK","domainId":"0a1b/../x"}]}`)
	_, diags := resolveSettings(configValues{"shared_config_file": file})
	if got := diagSummaries(diags); !diags.HasError() || !strings.Contains(got, `The domainId of profile "dev"`) ||
		!strings.Contains(got, "must be an account ID without") || !strings.Contains(got, "HW_SHARED_CONFIG_FILE") ||
		!strings.Contains(got, "or set domain_id (HW_DOMAIN_ID)") {
		t.Errorf("diagnostics %q", got)
	}
	// domain_id set, the profile's is not read.
	if _, diags := resolveSettings(configValues{"shared_config_file": file, "domain_id": "0123"}); diags.HasError() {
		t.Error(diagSummaries(diags))
	}
}

// A key in a KooCLI profile is held to the rule of the provider's own.
func TestResolveSettings_badProfileKey(t *testing.T) {
	file := writeFile(t, "config.json", `{"current":"dev","profiles":[
  {"name":"dev","mode":"AKSK","accessKeyId":"AK","secretAccessKey":"secret\r\n"}]}`)
	_, diags := resolveSettings(configValues{"shared_config_file": file, "domain_id": "0123"})
	got := diagSummaries(diags)
	if !diags.HasError() || !strings.Contains(got, `The secretAccessKey of profile "dev"`) ||
		!strings.Contains(got, "has a line break at character 7 of 8") || strings.Contains(got, "secret\r") {
		t.Errorf("diagnostics %q", got)
	}
}

// A security token completes a key pair and is no source of credentials on
// its own: one left in the environment does not hide a profile, and one in
// the provider block without keys is refused.
func TestResolveSettings_securityTokenAlone(t *testing.T) {
	t.Setenv(settingMetadataEndpoint.env, "")
	file := writeFile(t, "config.json", `{"current":"dev","profiles":[{"name":"dev","mode":"AKSK","accessKeyId":"AK","secretAccessKey":"SK"}]}`)

	t.Run("environment", func(t *testing.T) {
		t.Setenv(settingSecurityToken.env, "leftover")
		t.Setenv(settingSharedConfigFile.env, file)
		s, diags := resolveSettings(configValues{"domain_id": "0123"})
		if diags.HasError() || s.source != sourceProfile || s.accessKey != "AK" || s.securityToken != "" {
			t.Fatalf("source %v, keys %q/%q: %s", s.source, s.accessKey, s.securityToken, diagSummaries(diags))
		}
		if got := diagSummaries(diags); diags.WarningsCount() != 1 || !strings.Contains(got, settingSecurityToken.env) ||
			strings.Contains(got, "leftover") {
			t.Errorf("diagnostics %q: want one warning naming %s, without its value", got, settingSecurityToken.env)
		}
	})
	t.Run("provider block", func(t *testing.T) {
		_, diags := resolveSettings(configValues{"security_token": "alone", "domain_id": "0123"})
		got := diagSummaries(diags)
		if !diags.HasError() || !strings.Contains(got, "security_token is set in the provider block, but the credentials come from ECS metadata, not from access_key (HW_ACCESS_KEY) and secret_key (HW_SECRET_KEY)") ||
			strings.Contains(got, "alone") {
			t.Errorf("diagnostics %q", got)
		}
	})
}
