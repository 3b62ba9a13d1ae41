package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// The mock refuses any Identity Center request without the account in a
// signed X-Domain-Id, so a run with no rejection proves that every request
// carried it.
func TestAccProvider_domainIDSetSkipsTheLookup(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000e1"}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// iam_endpoint points at the mock, so a lookup would be counted.
			Config: requiredProviders() + providerBlock(mock.URL, testAccessKey, testSecretKey,
				`  iam_endpoint = "`+mock.URL+`"`) + listDataSource + `
resource "identitycenter_application_profile" "test" {
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  profile_id              = "p-00000000000000e1"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{listsOneProfile("p-00000000000000e1")},
		}},
	})
	st := mock.Stats()
	if st.ListDomains != 0 || st.Rejected != 0 || st.ListProfiles == 0 || st.DeleteProfile != 1 {
		t.Errorf("stats = %+v, want no account lookup, no rejection, lists and the destroy's delete", st)
	}
}

// Without domain_id the provider asks IAM once, for every Terraform command
// the test runs, each of which configures the provider anew, and concurrent
// first reads share that one lookup.
func TestAccProvider_domainLookedUpOnce(t *testing.T) {
	const ak, sk = "LOOKUPACCESSKEY00001", "lookup-secret-key-2c3d"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000e1"}, mockapi.Profile{ProfileID: "p-00000000000000e2"}),
		mockapi.Credential{AccessKey: ak, SecretKey: sk})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: requiredProviders() + lookupProviderBlock(mock.URL, ak, sk, `  iam_endpoint = "`+mock.URL+`"`) + `
resource "identitycenter_application_profile" "test" {
  count                   = 2
  instance_id             = "` + testInstanceID + `"
  application_instance_id = "` + testApplicationID + `"
  profile_id              = "p-00000000000000e${count.index + 1}"
}
`,
		}},
	})
	st := mock.Stats()
	if st.ListDomains != 1 || st.Rejected != 0 || st.DeleteProfile != 2 {
		t.Errorf("stats = %+v, want exactly one account lookup, no rejection, and the destroy's two deletes", st)
	}
}

// Keys without iam:users:getUser get no account from IAM; like the official
// SDK, the provider then asks STS which account signed the request.
func TestAccProvider_domainFromSTS(t *testing.T) {
	const noDomainAK, noDomainSK = "NODOMAINACCESSKEY001", "no-domain-secret-4e5f"
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: credentialProfile}),
		mockapi.Credential{AccessKey: noDomainAK, SecretKey: noDomainSK, IAM: mockapi.IAMListsNoDomain})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: lookupProviderBlock(mock.URL, noDomainAK, noDomainSK, `  iam_endpoint = "`+mock.URL+`"`,
				`  sts_endpoint = "`+mock.URL+`"`) + listDataSource,
			ConfigStateChecks: []statecheck.StateCheck{listsOneProfile(credentialProfile)},
		}},
	})
	if st := mock.Stats(); st.ListDomains == 0 || st.CallerIdentity == 0 || st.Rejected != 0 {
		t.Errorf("stats = %+v, want IAM's empty answer, then STS's, and no rejection", st)
	}
}

func TestAccProvider_domainLookupFails(t *testing.T) {
	const (
		noDomainAK, noDomainSK = "NODOMAINACCESSKEY001", "no-domain-secret-4e5f"
		deniedAK, deniedSK     = "IAMDENIEDACCESSKEY01", "iam-denied-secret-6a7b"
	)
	mock := newTestMock(t, seedOf(),
		mockapi.Credential{AccessKey: noDomainAK, SecretKey: noDomainSK, IAM: mockapi.IAMListsNoDomain},
		mockapi.Credential{AccessKey: deniedAK, SecretKey: deniedSK, IAM: mockapi.IAMDenied})
	iam := `  iam_endpoint = "` + mock.URL + `"`
	for name, tc := range map[string]struct {
		ak, sk string
		want   []string
	}{
		"empty domain list": {noDomainAK, noDomainSK, []string{"domain_id (HW_DOMAIN_ID) is not set", mock.URL,
			"IAM listed no account", "request_id: ", "STS at http://127.0.0.1:1 (sts_endpoint (HW_STS_ENDPOINT))",
			"could not tell the account either", "Set domain_id", "HW_DOMAIN_ID", "iam:users:getUser"}},
		"IAM answers 403": {deniedAK, deniedSK, []string{"domain_id (HW_DOMAIN_ID) is not set",
			"IAM answered GET /v3/auth/domains with HTTP 403", "error_code: " + mockapi.CodeIAMForbidden, "request_id: ",
			"Set domain_id", "HW_DOMAIN_ID", "iam:users:getUser"}},
		"IAM answers 401": {testAccessKey, "not-the-secret", []string{"IAM answered GET /v3/auth/domains with HTTP 401",
			"error_code: " + mockapi.CodeIAMUnauthorized, "verify aksk signature fail", "check access_key (HW_ACCESS_KEY)",
			"Set domain_id", "HW_DOMAIN_ID"}},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					// No retries of the closed STS port.
					Config:      lookupProviderBlock(mock.URL, tc.ak, tc.sk, iam, "  max_retries = 0") + listDataSource,
					ExpectError: errorMatching(tc.want...),
				}},
			})
		})
	}
	if st := mock.Stats(); st.ListProfiles != 0 {
		t.Errorf("stats = %+v: Identity Center was called without an account", st)
	}
}

func TestAccProvider_wrongDomainID(t *testing.T) {
	mock := newTestMock(t, seedOf())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: lookupProviderBlock(mock.URL, testAccessKey, testSecretKey,
				`  domain_id  = "ffffffffffffffffffffffffffffffff"`) + listDataSource,
			ExpectError: errorMatching("HTTP 401", "APIGW.0301",
				`X-Domain-Id "ffffffffffffffffffffffffffffffff" is not the account of access key`,
				"domain_id (HW_DOMAIN_ID), when set, is the ID of the account the keys belong to"),
		}},
	})
}
