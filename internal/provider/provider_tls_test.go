package provider

import (
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// The mock behind a certificate nobody trusts: refused unless insecure is set.
func TestAccProvider_tlsVerification(t *testing.T) {
	mock := newTestMock(t, seedOf(mockapi.Profile{ProfileID: "p-00000000000000d1"}))
	tlsServer := httptest.NewTLSServer(mock.Server)
	t.Cleanup(tlsServer.Close)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(tlsServer.URL, testAccessKey, testSecretKey) + listDataSource,
				ExpectError: errorMatching("TLS certificate of the Identity Center API could not be verified",
					"certificate signed by unknown authority", "insecure = true"),
			},
			{
				Config:      providerBlock(tlsServer.URL, testAccessKey, testSecretKey, "  insecure = false") + listDataSource,
				ExpectError: errorMatching("TLS certificate of the Identity Center API could not be verified"),
			},
			{
				Config:            providerBlock(tlsServer.URL, testAccessKey, testSecretKey, "  insecure = true") + listDataSource,
				ConfigStateChecks: []statecheck.StateCheck{listsOneProfile("p-00000000000000d1")},
			},
		},
	})
}
