package provider

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// answering serves every request with one fixed answer.
func answering(t *testing.T, status int, contentType, body string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// silent accepts requests and never answers them.
func silent(t *testing.T) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestAccApplicationProfileResource_errorsKeepState makes every refresh of
// an adopted association fail in each way a user can meet, and a destroy
// fail for want of permission. After each failure a plan against the
// working API is empty and the state is what it was: nothing is lost from
// state, and nothing is deleted from the API.
func TestAccApplicationProfileResource_errorsKeepState(t *testing.T) {
	const profileID = "p-00000000000000e7"
	mock := newTestMock(t, seedOf(
		mockapi.Profile{ProfileID: profileID, Name: "Kept", Status: "DISABLED"},
		mockapi.Profile{ProfileID: "p-00000000000000e8"},
	))
	good := mock.providerConfig() + profileBlock(profileID)
	unchangedWith := func(config string) resource.TestStep {
		return resource.TestStep{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(profileID))),
				statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("name"), knownvalue.StringExact("Kept")),
				statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
			},
		}
	}
	unchanged := unchangedWith(good)
	failing := func(provider string, want ...string) resource.TestStep {
		return resource.TestStep{Config: provider + profileBlock(profileID), ExpectError: errorMatching(want...)}
	}

	steps := []resource.TestStep{{Config: good}}
	for _, step := range []resource.TestStep{
		failing(providerBlock(mock.URL, testAccessKey, "wrong-secret"),
			"Cannot read the application profile", "HTTP 401", "APIGW.0301", "Check access_key (HW_ACCESS_KEY) and secret_key (HW_SECRET_KEY)"),
		failing(providerBlock(mock.URL, deniedAccessKey, deniedSecretKey),
			"Cannot read the application profile", "HTTP 403", "IIC.1000", "encoded_authorization_message: eyJ"),
		failing(providerBlock(deadEndpoint(t), testAccessKey, testSecretKey, "  max_retries = 2"),
			"Cannot read the application profile", "could not be reached", "connection refused", "Check endpoint"),
		failing(providerBlock(answering(t, http.StatusBadGateway, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"), testAccessKey, testSecretKey, "  max_retries = 1"),
			"Cannot read the application profile", "HTTP 502", "body: [text/html] <html><body><h1>502 Bad Gateway</h1>", "did not come from the Identity Center API"),
		failing(providerBlock(answering(t, http.StatusOK, "text/html", "<html><body>Sign in</body></html>"), testAccessKey, testSecretKey),
			"Cannot read the application profile", "the answer is not the expected JSON"),
		failing(providerBlock(answering(t, http.StatusOK, "application/json", `{"application_profiles":[{"profile_id":"`+profileID+`","na`), testAccessKey, testSecretKey),
			"Cannot read the application profile", "the answer is not the expected JSON"),
		// A 404 that is not the service's own means a wrong endpoint, not
		// a deleted association: the resource must stay in state.
		failing(providerBlock(answering(t, http.StatusNotFound, "text/html", "<html>Not Found</html>"), testAccessKey, testSecretKey),
			"Cannot read the application profile", "HTTP 404", "Not Found"),
		{
			Config:      providerBlock(mock.URL, deniedAccessKey, deniedSecretKey) + profileBlock(profileID),
			Destroy:     true,
			ExpectError: errorMatching("HTTP 403", "IIC.1000"),
		},
	} {
		steps = append(steps, step, unchanged)
	}
	// A refresh runs under the read timeout in state, so it is applied
	// before the API falls silent.
	shortRead := profileBlock(profileID, `  timeouts {`, `    read = "2s"`, `  }`)
	steps = append(steps,
		resource.TestStep{Config: mock.providerConfig() + shortRead},
		resource.TestStep{
			Config:      providerBlock(silent(t), testAccessKey, testSecretKey) + shortRead,
			ExpectError: errorMatching("Cannot read the application profile", "did not answer in time", "context deadline exceeded", "timeouts block"),
		},
		unchangedWith(mock.providerConfig()+shortRead),
	)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: fastRetryProviderFactories,
		CheckDestroy:             checkProfileGone(mock, profileID, "p-00000000000000e8"),
		Steps:                    steps,
	})
	// The refused destroy failed at its refresh or its delete; either way
	// only the final destroy reached the store.
	if st := mock.Stats(); st.DeleteProfile != 1 {
		t.Errorf("the mock served %d deletes, want 1", st.DeleteProfile)
	}
}

// TestAccApplicationProfileResource_timeouts shows the timeouts block at
// work: a bad duration is refused at validation, and an adoption that
// outlasts its create timeout fails with an error that says so.
func TestAccApplicationProfileResource_timeouts(t *testing.T) {
	const profileID = "p-00000000000000e9"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: profileID}))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: fastRetryProviderFactories,
		CheckDestroy:             checkProfileGone(mock, profileID),
		Steps: []resource.TestStep{
			{
				Config:      mock.providerConfig() + profileBlock(profileID, `  timeouts {`, `    create = "soon"`, `  }`),
				ExpectError: errorMatching(`"soon" must be a string containing a sequence of decimal numbers`),
			},
			{
				// The plan's existence check runs under the read timeout.
				Config:      providerBlock(silent(t), testAccessKey, testSecretKey) + profileBlock(profileID, `  timeouts {`, `    create = "1s"`, `    read = "1s"`, `  }`),
				ExpectError: errorMatching("Cannot adopt the application profile", "did not answer in time", "timeouts block"),
			},
			{
				Config: mock.providerConfig() + profileBlock(profileID, `  timeouts {`, `    create = "1m"`, `    read = "30s"`, `    delete = "1m"`, `  }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("timeouts"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"create": knownvalue.StringExact("1m"),
						"read":   knownvalue.StringExact("30s"),
						"delete": knownvalue.StringExact("1m"),
					})),
				},
			},
		},
	})
}
