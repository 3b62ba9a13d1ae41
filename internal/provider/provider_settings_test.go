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
	// TestMain points the metadata service at a closed port; here the default counts.
	t.Setenv(settingMetadataEndpoint.env, "")
	s, diags := resolveSettings(keysOnly())
	if len(diags) > 0 {
		t.Fatal(diagSummaries(diags))
	}
	want := providerSettings{accessKey: "AK", secretKey: "SK", domainID: "0123", cloud: "myhuaweicloud.com",
		endpoint: "https://identitycenter.myhuaweicloud.com", iamEndpoint: "https://iam.myhuaweicloud.com", maxRetries: 5,
		credentialSettings: staticKeysSettings()}
	if s != want {
		t.Errorf("defaults = %+v, want %+v", s, want)
	}
}

func TestResolveSettings_environment(t *testing.T) {
	// TestMain points the metadata service at a closed port; here the default counts.
	t.Setenv(settingMetadataEndpoint.env, "")
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
		"HW_IAM_ENDPOINT": "https://iam.example.com", "HW_INSECURE": "true", "HW_MAX_RETRIES": "2",
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
	if len(diags) > 0 {
		t.Fatal(diagSummaries(diags))
	}
	want := providerSettings{accessKey: "ENVAK", secretKey: "ENVSK", securityToken: "ENVTOKEN", domainID: "ENVDOMAIN",
		cloud: "myhuaweicloud.eu", endpoint: "https://ic.example.com", iamEndpoint: "https://iam.example.com",
		insecure: true, maxRetries: 2, credentialSettings: credentialSettings{source: sourceStatic, metadataEndpoint: "http://127.0.0.2"}}
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
