package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/protocolserver"
)

// The keys the mock API accepts in tests. The secret and the token are
// distinctive so that a leak into any output can be searched for.
const (
	testAccessKey     = "TESTACCESSKEY0000001"
	testSecretKey     = "test-secret-key-7f3a9c"
	deniedAccessKey   = "DENIEDACCESSKEY00001"
	deniedSecretKey   = "denied-secret-key-1b2c"
	testInstanceID    = "ins-0123456789abcdef"
	testApplicationID = "app-ins-00000000000000a1"
)

// testAccProtoV6ProviderFactories runs the provider in the test process,
// where Terraform reaches it over the plugin protocol.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"identitycenter": servedAsShipped(New("test")()),
}

// servedAsShipped serves p through the same server stack as main does.
func servedAsShipped(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		return protocolserver.New(providerserver.NewProtocol6(p)()), nil
	}
}

// TestMain keeps the tests hermetic: the user's provider settings and CLI
// configuration do not reach the Terraform runs.
func TestMain(m *testing.M) {
	for _, s := range settings {
		os.Unsetenv(s.env)
	}
	os.Unsetenv(envCoalescing)
	// Without credentials the provider asks the ECS metadata service: in
	// tests, a closed port, whatever machine they run on.
	os.Setenv(settingMetadataEndpoint.env, "http://127.0.0.1:1")
	dir, err := os.MkdirTemp("", "identitycenter-test-cli-config")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cliConfig := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testMock is a mock Identity Center API of the test's own.
type testMock struct {
	*mockapi.Server
	URL string
}

func newTestMock(t *testing.T, seed mockapi.Seed, extra ...mockapi.Credential) *testMock {
	t.Helper()
	return newFaultyTestMock(t, mockapi.Faults{}, seed, extra...)
}

// newFaultyTestMock is newTestMock with faults injected into API calls.
func newFaultyTestMock(t *testing.T, faults mockapi.Faults, seed mockapi.Seed, extra ...mockapi.Credential) *testMock {
	t.Helper()
	creds := append([]mockapi.Credential{
		{AccessKey: testAccessKey, SecretKey: testSecretKey},
		{AccessKey: deniedAccessKey, SecretKey: deniedSecretKey, Denied: true},
	}, extra...)
	srv, err := mockapi.New(mockapi.Options{Credentials: creds, Seed: seed, Faults: faults})
	if err != nil {
		t.Fatalf("starting the mock API: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &testMock{Server: srv, URL: ts.URL}
}

// providerConfig is a provider block for the mock with the test keys, and
// the provider's source address.
func (m *testMock) providerConfig() string {
	return requiredProviders() + providerBlock(m.URL, testAccessKey, testSecretKey)
}

// providerBlock configures the provider with the mock's account, as most
// tests need no lookup of it; lookupProviderBlock looks it up.
func providerBlock(endpoint, accessKey, secretKey string, extra ...string) string {
	return lookupProviderBlock(endpoint, accessKey, secretKey, append([]string{`  domain_id  = "` + mockapi.DefaultDomainID + `"`}, extra...)...)
}

// lookupProviderBlock configures the provider without domain_id, for the
// settings in extra (such as iam_endpoint) to find it.
func lookupProviderBlock(endpoint, accessKey, secretKey string, extra ...string) string {
	return fmt.Sprintf(`
provider "identitycenter" {
  endpoint   = %q
  access_key = %q
  secret_key = %q
%s
}
`, endpoint, accessKey, secretKey, strings.Join(extra, "\n"))
}

// seedOf makes a store with one application instance, testApplicationID of
// testInstanceID.
func seedOf(profiles ...mockapi.Profile) mockapi.Seed {
	return mockapi.Seed{Instances: []mockapi.Instance{{
		InstanceID: testInstanceID,
		ApplicationInstances: []mockapi.ApplicationInstance{{
			ApplicationInstanceID: testApplicationID,
			Profiles:              profiles,
		}},
	}}}
}

func TestProviderSchemaIsValid(t *testing.T) {
	t.Parallel()
	server, err := testAccProtoV6ProviderFactories["identitycenter"]()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
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

const listDataSource = `
data "identitycenter_application_profiles" "test" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
}
`

// listsOneProfile checks that listDataSource read exactly the given profile.
func listsOneProfile(profileID string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.identitycenter_application_profiles.test", tfjsonpath.New("application_profiles"),
		knownvalue.ListExact([]knownvalue.Check{profileValue(profileID, "Default", "ENABLED")}))
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
			want:   errorMatching("HTTP 401", "APIGW.0301", "verify aksk signature fail", "request_id: ", "Check access_key and secret_key"),
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

// deadEndpoint is a loopback address where nothing listens.
func deadEndpoint(t *testing.T) string {
	t.Helper()
	ts := httptest.NewServer(nil)
	url := ts.URL
	ts.Close()
	return url
}

// errorMatching matches the given phrases in order, wherever Terraform wraps
// the lines of a diagnostic.
func errorMatching(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
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
