package provider

import (
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// fastRetryProviderFactories serve a provider that waits milliseconds, not
// seconds, between attempts, so that tests against a flaky mock stay quick.
// Retry-After is capped by the longest wait, as it is with the defaults.
var fastRetryProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"identitycenter": servedAsShipped(&IdentityCenterProvider{
		version:      "test",
		retryWaitMin: time.Millisecond,
		retryWaitMax: 20 * time.Millisecond,
	}),
}

// faultSeed is the seed of the injected faults: TF_ACC_FAULT_SEED to repeat
// a run, a new one otherwise, logged either way.
func faultSeed(t *testing.T) int64 {
	t.Helper()
	seed := time.Now().UnixNano()
	if v := os.Getenv("TF_ACC_FAULT_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseInt(v, 10, 64); err != nil {
			t.Fatalf("TF_ACC_FAULT_SEED=%q is not a whole number", v)
		}
	}
	t.Logf("fault seed %d; set TF_ACC_FAULT_SEED=%d to repeat it", seed, seed)
	return seed
}

// TestAccApplicationProfileResource_underFaults adopts 50 associations from
// an API that fails 30% of the calls (500 and 503, 429 with Retry-After, 409
// IIC.1006) and loses the answer to 30% of the deletes it applies. Nothing
// may be lost or duplicated: the plan after adoption is empty, and after
// destroy the store holds exactly the associations not under management.
func TestAccApplicationProfileResource_underFaults(t *testing.T) {
	const (
		managed          = 50
		otherApplication = "app-ins-00000000000000b2"
		otherInstance    = "ins-fedcba9876543210"
	)
	ids := make([]string, managed)
	var managedProfiles, sameIDsElsewhere []mockapi.Profile
	for i := range ids {
		ids[i] = fmt.Sprintf("p-fa%014x", i)
		managedProfiles = append(managedProfiles, mockapi.Profile{ProfileID: ids[i], Name: fmt.Sprintf("Team %d", i)})
		sameIDsElsewhere = append(sameIDsElsewhere, mockapi.Profile{ProfileID: ids[i]})
	}
	unmanaged := []mockapi.Profile{{ProfileID: "p-0000000000000u01"}, {ProfileID: "p-0000000000000u02", Status: "DISABLED"}}
	neighbours := []mockapi.Profile{{ProfileID: "p-0000000000000n01"}, {ProfileID: "p-0000000000000n02"}}
	// Untouched: the unmanaged profiles of the same application instance,
	// another application instance, and another instance holding profiles
	// with the very IDs under management.
	untouched := func() []mockapi.Instance {
		return []mockapi.Instance{
			{InstanceID: testInstanceID, ApplicationInstances: []mockapi.ApplicationInstance{
				{ApplicationInstanceID: testApplicationID, Profiles: unmanaged},
				{ApplicationInstanceID: otherApplication, Profiles: neighbours},
			}},
			{InstanceID: otherInstance, ApplicationInstances: []mockapi.ApplicationInstance{
				{ApplicationInstanceID: testApplicationID, Profiles: sameIDsElsewhere},
			}},
		}
	}
	seed := mockapi.Seed{Instances: untouched()}
	seed.Instances[0].ApplicationInstances[0].Profiles = append(append([]mockapi.Profile{}, managedProfiles...), unmanaged...)
	expected, err := mockapi.New(mockapi.Options{Credentials: []mockapi.Credential{{AccessKey: "x", SecretKey: "y"}},
		Seed: mockapi.Seed{Instances: untouched()}})
	if err != nil {
		t.Fatal(err)
	}

	mock := newFaultyTestMock(t, mockapi.Faults{
		FailureRate:  0.10,
		ThrottleRate: 0.10,
		ConflictRate: 0.10,
		DropRate:     0.30,
		RetryAfter:   time.Second,
		Seed:         faultSeed(t),
	}, seed)

	config := providerBlock(mock.URL, testAccessKey, testSecretKey, "  max_retries = 30") + fmt.Sprintf(`
locals {
  profile_ids = [%s]
}

resource "identitycenter_application_profile" "managed" {
  count                   = length(local.profile_ids)
  instance_id             = %q
  application_instance_id = %q
  profile_id              = local.profile_ids[count.index]
}
`, `"`+strings.Join(ids, `", "`)+`"`, testInstanceID, testApplicationID)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: fastRetryProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got, want := mock.Snapshot(), expected.Snapshot(); !reflect.DeepEqual(got, want) {
				return fmt.Errorf("after destroy the store holds\n%+v\nwant\n%+v", got, want)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("identitycenter_application_profile.managed[0]",
						tfjsonpath.New("name"), knownvalue.StringExact("Team 0")),
					statecheck.ExpectKnownValue(fmt.Sprintf("identitycenter_application_profile.managed[%d]", managed-1),
						tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(ids[managed-1]))),
				},
				Check: func(s *terraform.State) error {
					if n := len(s.RootModule().Resources); n != managed {
						return fmt.Errorf("%d resources in state, want %d", n, managed)
					}
					if n := len(mock.Profiles(testInstanceID, testApplicationID)); n != managed+len(unmanaged) {
						return fmt.Errorf("adoption changed the store: %d profiles, want %d", n, managed+len(unmanaged))
					}
					return nil
				},
			},
			{
				// An audit plan, with a refresh of every association under
				// the same faults, finds nothing to change.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})

	st := mock.Stats()
	t.Logf("mock stats: %+v", st)
	if st.Faults.Failures == 0 || st.Faults.Throttles == 0 || st.Faults.Conflicts == 0 || st.Faults.Drops == 0 {
		t.Errorf("not every kind of fault was injected: %+v", st.Faults)
	}
}

// TestAccApplicationProfileResource_deleteAnswerLost has the API apply a
// delete and lose its answer: the retry meets a 404, which is success.
func TestAccApplicationProfileResource_deleteAnswerLost(t *testing.T) {
	const profileID = "p-00000000000000d7"
	mock := newFaultyTestMock(t, mockapi.Faults{DropRate: 1}, seedOf(
		mockapi.Profile{ProfileID: profileID},
		mockapi.Profile{ProfileID: "p-00000000000000d8"},
	))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: fastRetryProviderFactories,
		CheckDestroy:             checkProfileGone(mock, profileID, "p-00000000000000d8"),
		Steps: []resource.TestStep{{
			Config: profileConfig(mock, profileID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(profileAddress, tfjsonpath.New("id"), knownvalue.StringExact(profileStateID(profileID))),
			},
		}},
	})
	// Lists change nothing and are answered; the one delete that removed
	// the association lost its answer, and its retry found it gone.
	st := mock.Stats()
	if st.DeleteProfile != 2 || st.Faults.Drops != 1 {
		t.Errorf("mock stats %+v; want 2 deletes, the first with its answer dropped", st)
	}
}
