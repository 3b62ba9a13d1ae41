package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func keysOnly() IdentityCenterProviderModel {
	return IdentityCenterProviderModel{
		AccessKey:     types.StringValue("AK"),
		SecretKey:     types.StringValue("SK"),
		SecurityToken: types.StringNull(),
		Endpoint:      types.StringNull(),
		Cloud:         types.StringNull(),
		Insecure:      types.BoolNull(),
		MaxRetries:    types.Int64Null(),
	}
}

func diagSummaries(diags diag.Diagnostics) string {
	var s []string
	for _, d := range diags {
		s = append(s, d.Severity().String()+": "+d.Summary()+": "+d.Detail())
	}
	return strings.Join(s, "\n")
}

func TestResolveSettings_defaults(t *testing.T) {
	s, diags := resolveSettings(keysOnly())
	if len(diags) > 0 {
		t.Fatal(diagSummaries(diags))
	}
	if s.endpoint != "https://identitycenter.myhuaweicloud.com" || s.maxRetries != 5 || s.insecure || s.securityToken != "" {
		t.Errorf("defaults = %+v", s)
	}
}

func TestResolveSettings_environment(t *testing.T) {
	t.Setenv("HW_ACCESS_KEY", "ENVAK")
	t.Setenv("HW_SECRET_KEY", "ENVSK")
	t.Setenv("HW_SECURITY_TOKEN", "ENVTOKEN")
	t.Setenv("HW_CLOUD", "myhuaweicloud.eu")
	t.Setenv("HW_INSECURE", "true")
	t.Setenv("HW_MAX_RETRIES", "2")
	c := keysOnly()
	c.AccessKey, c.SecretKey = types.StringNull(), types.StringNull()

	s, diags := resolveSettings(c)
	if len(diags) > 0 {
		t.Fatal(diagSummaries(diags))
	}
	want := providerSettings{accessKey: "ENVAK", secretKey: "ENVSK", securityToken: "ENVTOKEN",
		endpoint: "https://identitycenter.myhuaweicloud.eu", insecure: true, maxRetries: 2}
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}

	// The configuration wins over every variable.
	c = keysOnly()
	c.Endpoint = types.StringValue("https://ic.example.com")
	c.SecurityToken = types.StringValue("CFGTOKEN")
	c.Insecure = types.BoolValue(false)
	c.MaxRetries = types.Int64Value(0)
	s, diags = resolveSettings(c)
	if len(diags) > 0 {
		t.Fatal(diagSummaries(diags))
	}
	want = providerSettings{accessKey: "AK", secretKey: "SK", securityToken: "CFGTOKEN", endpoint: "https://ic.example.com"}
	if s != want {
		t.Errorf("settings = %+v, want %+v", s, want)
	}
}

func TestResolveSettings_badEnvironment(t *testing.T) {
	for _, tc := range []struct{ env, value, want string }{
		{"HW_INSECURE", "maybe", `HW_INSECURE environment variable (for insecure) must be true or false, got "maybe"`},
		{"HW_MAX_RETRIES", "lots", `HW_MAX_RETRIES environment variable (for max_retries) must be a whole number from 0 to 100, got "lots"`},
		{"HW_MAX_RETRIES", "-1", `got "-1"`},
		{"HW_CLOUD", "https://myhuaweicloud.com", `cloud (or HW_CLOUD) must be a domain name`},
		{"HW_IDENTITY_CENTER_ENDPOINT", "ftp://ic.example.com", `endpoint (or HW_IDENTITY_CENTER_ENDPOINT) is not usable`},
	} {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			_, diags := resolveSettings(keysOnly())
			if !diags.HasError() || !strings.Contains(diagSummaries(diags), tc.want) {
				t.Errorf("diagnostics %q do not contain an error %q", diagSummaries(diags), tc.want)
			}
		})
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
		c := keysOnly()
		c.Endpoint = types.StringValue(endpoint)
		_, diags := resolveSettings(c)
		if diags.HasError() {
			t.Fatalf("%s: %s", endpoint, diagSummaries(diags))
		}
		got := diags.WarningsCount() == 1 && strings.Contains(diagSummaries(diags), "clear text")
		if got != wantWarning {
			t.Errorf("%s: warning = %v, want %v (%s)", endpoint, got, wantWarning, diagSummaries(diags))
		}
	}
}
