package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func TestProviderSchemaIsValid(t *testing.T) {
	t.Parallel()
	resp := providerSchemas(t, newTestServer(t))
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	if _, ok := resp.ResourceSchemas["identitycenter_application_profile"]; !ok {
		t.Error("identitycenter_application_profile is not registered")
	}
	if _, ok := resp.DataSourceSchemas["identitycenter_application_profiles"]; !ok {
		t.Error("identitycenter_application_profiles is not registered")
	}
}

func TestAccProvider_credentialsFromEnvironment(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000e1"}))
	t.Setenv("HW_ACCESS_KEY", testAccessKey)
	t.Setenv("HW_SECRET_KEY", testSecretKey)
	t.Setenv("HW_IDENTITY_CENTER_ENDPOINT", mock.URL)
	t.Setenv("HW_DOMAIN_ID", mockapi.DefaultDomainID)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            listDataSource,
			ConfigStateChecks: []statecheck.StateCheck{listsOneProfile("p-00000000000000e1")},
		}},
	})
	if got := mock.Stats().ListProfiles; got == 0 {
		t.Errorf("the mock served no list request")
	}
}

func TestAccProvider_configWinsOverEnvironment(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000e1"}))
	t.Setenv("HW_ACCESS_KEY", "WRONGACCESSKEY")
	t.Setenv("HW_SECRET_KEY", "wrong-secret")
	t.Setenv("HW_IDENTITY_CENTER_ENDPOINT", "http://127.0.0.1:1")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            mock.providerConfig() + listDataSource,
			ConfigStateChecks: []statecheck.StateCheck{listsOneProfile("p-00000000000000e1")},
		}},
	})
}

func TestAccProvider_securityToken(t *testing.T) {
	const token = "test-session-token-5d6e"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000e1"}),
		mockapi.Credential{AccessKey: "TEMPACCESSKEY0000001", SecretKey: "temp-secret-key-8a9b", SecurityToken: token})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(mock.URL, "TEMPACCESSKEY0000001", "temp-secret-key-8a9b") + listDataSource,
				ExpectError: errorMatching("HTTP 401", "APIGW.0301", "security token is missing or invalid"),
			},
			{
				Config:            providerBlock(mock.URL, "TEMPACCESSKEY0000001", "temp-secret-key-8a9b", `  security_token = "`+token+`"`) + listDataSource,
				ConfigStateChecks: []statecheck.StateCheck{listsOneProfile("p-00000000000000e1")},
			},
		},
	})
}

// TestAccProvider_badSettings covers each provider setting a user can get
// wrong, and the message they read.
func TestAccProvider_badSettings(t *testing.T) {
	mock := newTestMock(t, seedOf())
	for name, tc := range map[string]struct {
		config string
		want   *regexp.Regexp
	}{
		"missing credentials": {
			config: `provider "identitycenter" { endpoint = "` + mock.URL + `" }`,
			want: errorMatching("Missing credentials", "access_key (HW_ACCESS_KEY) and secret_key (HW_SECRET_KEY)",
				"metadata service at http://127.0.0.1:1"),
		},
		"secret key without access key": {
			config: `provider "identitycenter" {
  endpoint   = "` + mock.URL + `"
  secret_key = "x"
}`,
			want: errorMatching("Missing access_key", "secret_key is set but access_key is not", "HW_ACCESS_KEY"),
		},
		"access key without secret key": {
			config: `provider "identitycenter" {
  endpoint   = "` + mock.URL + `"
  access_key = "x"
}`,
			want: errorMatching("Missing secret_key", "access_key is set but secret_key is not", "HW_SECRET_KEY"),
		},
		"endpoint without scheme": {
			config: providerBlock("identitycenter.example.com", testAccessKey, testSecretKey),
			want:   errorMatching("Invalid endpoint", "HW_IDENTITY_CENTER_ENDPOINT", "must start with https://"),
		},
		"cloud with a scheme": {
			config: `provider "identitycenter" {
  access_key = "x"
  secret_key = "y"
  cloud      = "https://myhuaweicloud.com"
}`,
			want: errorMatching("Invalid cloud value", "cloud in the provider block", "HW_CLOUD", "must be a domain name"),
		},
		"negative max_retries": {
			config: providerBlock(mock.URL, testAccessKey, testSecretKey, "  max_retries = -1"),
			want:   errorMatching("Invalid max_retries value", "max_retries in the provider block", "HW_MAX_RETRIES", "must be a whole number from 0 to 100", `got "-1"`),
		},
		"wrong secret key": {
			config: providerBlock(mock.URL, testAccessKey, "not-the-secret"),
			want:   errorMatching("HTTP 401", "APIGW.0301", "verify aksk signature fail", "request_id: ", "Check access_key (HW_ACCESS_KEY) and secret_key (HW_SECRET_KEY)"),
		},
		"unknown access key": {
			config: providerBlock(mock.URL, "UNKNOWNACCESSKEY", testSecretKey),
			want:   errorMatching("HTTP 401", "APIGW.0301"),
		},
		"no permission": {
			config: providerBlock(mock.URL, deniedAccessKey, deniedSecretKey),
			want:   errorMatching("HTTP 403", "IIC.1000", "encoded_authorization_message:", "eyJ", "management account"),
		},
		"unreachable endpoint": {
			config: providerBlock(deadEndpoint(t), testAccessKey, testSecretKey, "  max_retries = 0"),
			want:   errorMatching("could not be reached", "connection refused", "Check endpoint"),
		},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.config + listDataSource,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

func TestAccProvider_unknownConfiguration(t *testing.T) {
	mock := newTestMock(t, seedOf())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "key" {
  input = "` + testAccessKey + `"
}

provider "identitycenter" {
  endpoint   = "` + mock.URL + `"
  access_key = terraform_data.key.output
  secret_key = "` + testSecretKey + `"
}

resource "identitycenter_application_profile" "test" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  profile_id              = "p-00000000000000a1"
}
`,
			ExpectError: errorMatching("Unknown access_key value", "not known until apply", "HW_ACCESS_KEY environment variable"),
		}},
	})
}

// An empty string in the provider block, as a variable defaulting to "" gives,
// means "not set": the environment variable applies.
func TestAccProvider_emptyEndpointUsesEnvironment(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000e1"}))
	t.Setenv("HW_IDENTITY_CENTER_ENDPOINT", mock.URL)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            requiredProviders() + providerBlock("", testAccessKey, testSecretKey, "  max_retries = 0") + listDataSource,
			ConfigStateChecks: []statecheck.StateCheck{listsOneProfile("p-00000000000000e1")},
		}},
	})
	if got := mock.Stats().ListProfiles; got == 0 {
		t.Errorf("the mock served no list request: the provider did not use HW_IDENTITY_CENTER_ENDPOINT")
	}
}

func TestAccProvider_emptyAccessKeyUsesEnvironment(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000e1"}))
	t.Setenv("HW_ACCESS_KEY", testAccessKey)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            requiredProviders() + providerBlock(mock.URL, "", testSecretKey) + listDataSource,
			ConfigStateChecks: []statecheck.StateCheck{listsOneProfile("p-00000000000000e1")},
		}},
	})
	if got := mock.Stats().ListProfiles; got == 0 {
		t.Errorf("the mock served no list request")
	}
}

func TestAccProvider_fractionalMaxRetries(t *testing.T) {
	mock := newTestMock(t, seedOf())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(mock.URL, testAccessKey, testSecretKey, "  max_retries = 2.5") + listDataSource,
			ExpectError: errorMatching("Invalid max_retries value", "max_retries in the provider block",
				"HW_MAX_RETRIES", "must be a whole number from 0 to 100", `got "2.5"`),
		}},
	})
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("the mock served %d requests, want none", n)
	}
}
