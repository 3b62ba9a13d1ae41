package provider

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func TestAccApplicationProfilesDataSource(t *testing.T) {
	seed := seedOf(
		mockapi.Profile{ProfileID: "p-00000000000000c3", Name: "Default", Status: "ENABLED"},
		mockapi.Profile{ProfileID: "p-00000000000000a1", Name: "Engineering", Status: "ENABLED"},
		mockapi.Profile{ProfileID: "p-00000000000000b2", Name: "Default", Status: "DISABLED"},
	)
	seed.Instances[0].ApplicationInstances = append(seed.Instances[0].ApplicationInstances, mockapi.ApplicationInstance{
		ApplicationInstanceID: "app-ins-00000000000000b2",
		Profiles:              []mockapi.Profile{{ProfileID: "p-00000000000000ff"}},
	}, mockapi.ApplicationInstance{ApplicationInstanceID: "app-ins-0000000000000empty"})
	mock := newTestMock(t, seed)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: mock.providerConfig() + `
data "identitycenter_application_profiles" "all" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
}

data "identitycenter_application_profiles" "named_default" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  name                    = "Default"
}

data "identitycenter_application_profiles" "enabled_default" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  name                    = "Default"
  status                  = "ENABLED"
}

data "identitycenter_application_profiles" "no_match" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  status                  = "SUSPENDED"
}

data "identitycenter_application_profiles" "other_application" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "app-ins-00000000000000b2"
}

data "identitycenter_application_profiles" "empty" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "app-ins-0000000000000empty"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.identitycenter_application_profiles.all", tfjsonpath.New("application_profiles"),
					knownvalue.ListExact([]knownvalue.Check{
						profileValue("p-00000000000000c3", "Default", "ENABLED"),
						profileValue("p-00000000000000a1", "Engineering", "ENABLED"),
						profileValue("p-00000000000000b2", "Default", "DISABLED"),
					})),
				statecheck.ExpectKnownValue("data.identitycenter_application_profiles.named_default", tfjsonpath.New("application_profiles"),
					knownvalue.ListExact([]knownvalue.Check{
						profileValue("p-00000000000000c3", "Default", "ENABLED"),
						profileValue("p-00000000000000b2", "Default", "DISABLED"),
					})),
				statecheck.ExpectKnownValue("data.identitycenter_application_profiles.enabled_default", tfjsonpath.New("application_profiles"),
					knownvalue.ListExact([]knownvalue.Check{
						profileValue("p-00000000000000c3", "Default", "ENABLED"),
					})),
				statecheck.ExpectKnownValue("data.identitycenter_application_profiles.no_match", tfjsonpath.New("application_profiles"),
					knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.identitycenter_application_profiles.other_application", tfjsonpath.New("application_profiles"),
					knownvalue.ListExact([]knownvalue.Check{
						profileValue("p-00000000000000ff", "Default", "ENABLED"),
					})),
				statecheck.ExpectKnownValue("data.identitycenter_application_profiles.empty", tfjsonpath.New("application_profiles"),
					knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

func TestAccApplicationProfilesDataSource_badInput(t *testing.T) {
	mock := newTestMock(t, seedOf())
	htmlServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
	}))
	t.Cleanup(htmlServer.Close)
	truncatedServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"application_profiles":[{"profile_id":"p-1","na`))
	}))
	t.Cleanup(truncatedServer.Close)

	dataSource := func(instanceID, applicationInstanceID string) string {
		return `
data "identitycenter_application_profiles" "test" {
  instance_id             = "` + instanceID + `"
  application_instance_id = "` + applicationInstanceID + `"
}
`
	}
	for name, tc := range map[string]struct {
		config string
		want   []string
	}{
		"application instance ID without app-ins-": {
			config: mock.providerConfig() + dataSource(testInstanceID, "ins-00000000000000a1"),
			want:   []string{`application_instance_id must be an application instance ID, which starts with "app-ins-"`},
		},
		"empty instance ID": {
			config: mock.providerConfig() + dataSource("", testApplicationID),
			want:   []string{`instance_id must be a non-empty ID without "/", "?", "#" or white space`},
		},
		"instance ID with a slash": {
			config: mock.providerConfig() + dataSource("ins-1/ins-2", testApplicationID),
			want:   []string{`instance_id must be a non-empty ID without "/", "?", "#" or white space`},
		},
		"instance ID that is a path element": {
			config: mock.providerConfig() + dataSource("..", testApplicationID),
			want:   []string{"instance_id value must be none of"},
		},
		"unknown instance": {
			config: mock.providerConfig() + dataSource("ins-doesnotexist", testApplicationID),
			want:   []string{"of Identity Center instance ins-doesnotexist does not exist", "in the data source block", "HTTP 404", "IIC.404"},
		},
		"HTML answer": {
			config: providerBlock(htmlServer.URL, testAccessKey, testSecretKey, "  max_retries = 0") + dataSource(testInstanceID, testApplicationID),
			want:   []string{"HTTP 502", "body: [text/html] <html><body><h1>502 Bad Gateway</h1></body></html>", "did not come from the Identity Center API", "Check endpoint"},
		},
		"truncated JSON": {
			config: providerBlock(truncatedServer.URL, testAccessKey, testSecretKey) + dataSource(testInstanceID, testApplicationID),
			want:   []string{"the answer is not the expected JSON"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.config,
					ExpectError: errorMatching(tc.want...),
				}},
			})
		})
	}
}

// TestAccApplicationProfilesDataSource_timeouts bounds a read of an API that
// never answers by the data source's own timeouts block, which the error
// names.
func TestAccApplicationProfilesDataSource_timeouts(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: fastRetryProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(silent(t), testAccessKey, testSecretKey) + `
data "identitycenter_application_profiles" "test" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  timeouts {
    read = "1s"
  }
}
`,
			ExpectError: errorMatching("did not answer in time", "Raise read in the timeouts block of this data source"),
		}},
	})
}
