package protocolserver

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// Terraform drives the provider through the wrapper as it does through the
// framework's server alone: adoption, refresh, import and a data source,
// with the request's loggers passed to the framework or dropped.
func TestAccWrappedServer(t *testing.T) {
	for _, tc := range []struct {
		name    string
		loggers Loggers
	}{
		{"keep loggers", KeepLoggers},
		{"drop loggers", DropLoggers},
	} {
		t.Run(tc.name, func(t *testing.T) { testWrappedServer(t, tc.loggers) })
	}
}

func testWrappedServer(t *testing.T, loggers Loggers) {
	const (
		accessKey = "WRAPPEDACCESSKEY0001"
		secretKey = "wrapped-secret-key-4d1e"
		instance  = "ins-0123456789abcdef"
		app       = "app-ins-00000000000000a1"
		profile   = "p-0000000000000002"
		address   = "identitycenter_application_profile.test"
	)
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_CLI_CONFIG_FILE", cliConfig) // not the user's own

	mock, err := mockapi.New(mockapi.Options{
		Credentials: []mockapi.Credential{{AccessKey: accessKey, SecretKey: secretKey}},
		Seed: mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: instance, ApplicationInstances: []mockapi.ApplicationInstance{{
			ApplicationInstanceID: app,
			Profiles: []mockapi.Profile{
				{ProfileID: "p-0000000000000001", Name: "Support", Status: "ENABLED"},
				{ProfileID: profile, Name: "Engineering", Status: "DISABLED"},
			},
		}}}}},
	})
	if err != nil {
		t.Fatalf("starting the mock API: %v", err)
	}
	ts := httptest.NewServer(mock)
	t.Cleanup(ts.Close)

	config := fmt.Sprintf(`
provider "identitycenter" {
  endpoint   = %q
  access_key = %q
  secret_key = %q
  domain_id  = %[7]q
}

resource "identitycenter_application_profile" "test" {
  instance_id             = %[4]q
  application_instance_id = %[5]q
  profile_id              = %[6]q
}

data "identitycenter_application_profiles" "all" {
  instance_id             = %[4]q
  application_instance_id = %[5]q
}
`, ts.URL, accessKey, secretKey, instance, app, profile, mockapi.DefaultDomainID)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"identitycenter": func() (tfprotov6.ProviderServer, error) { return New(frameworkServer(), loggers), nil },
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("name"), knownvalue.StringExact("Engineering")),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
					statecheck.ExpectKnownValue("data.identitycenter_application_profiles.all",
						tfjsonpath.New("application_profiles").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("Support")),
					statecheck.ExpectKnownValue("data.identitycenter_application_profiles.all",
						tfjsonpath.New("application_profiles"), knownvalue.ListSizeExact(2)),
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:      address,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}
