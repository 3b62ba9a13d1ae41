package provider

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

const (
	coalescingApps        = 3
	coalescingProfilesPer = 10
)

// listCounter counts the list requests that reach a mock API, per
// application instance.
type listCounter struct {
	mu    sync.Mutex
	lists map[string]int
}

func (c *listCounter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && path.Base(r.URL.Path) == "profiles" {
			c.mu.Lock()
			c.lists[path.Base(path.Dir(r.URL.Path))]++
			c.mu.Unlock()
		}
		next.ServeHTTP(w, r)
	})
}

func (c *listCounter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.lists)
}

// since returns, for every application instance, the lists made after before.
func (c *listCounter) since(before map[string]int) map[string]int {
	d := c.snapshot()
	for app, n := range before {
		d[app] -= n
	}
	return d
}

// coalescingSeed holds coalescingApps application instances of
// coalescingProfilesPer profiles each, and the configuration adopting them all.
func coalescingSeed() (mockapi.Seed, []string, string) {
	return adoptionSeed(coalescingApps, coalescingProfilesPer)
}

// adoptionSeed holds apps application instances of perApp profiles each,
// their IDs, and the configuration adopting every profile.
func adoptionSeed(apps, perApp int) (mockapi.Seed, []string, string) {
	ins := mockapi.Instance{InstanceID: testInstanceID}
	var appIDs []string
	var cfg strings.Builder
	// count rather than for_each: the state shim of RefreshState steps
	// cannot read for_each addresses.
	cfg.WriteString("locals {\n  associations = [\n")
	for a := range apps {
		app := mockapi.ApplicationInstance{ApplicationInstanceID: fmt.Sprintf("app-ins-%016x", 0xc0+a)}
		for p := range perApp {
			id := fmt.Sprintf("p-%014x%02x", 0xc0+a, p)
			app.Profiles = append(app.Profiles, mockapi.Profile{ProfileID: id})
			fmt.Fprintf(&cfg, "    [%q, %q],\n", app.ApplicationInstanceID, id)
		}
		appIDs = append(appIDs, app.ApplicationInstanceID)
		ins.ApplicationInstances = append(ins.ApplicationInstances, app)
	}
	cfg.WriteString("  ]\n}\n\nresource \"identitycenter_application_profile\" \"test\" {\n" +
		"  count                   = length(local.associations)\n" +
		"  instance_id             = \"" + testInstanceID + "\"\n" +
		"  application_instance_id = local.associations[count.index][0]\n" +
		"  profile_id              = local.associations[count.index][1]\n}\n")
	return mockapi.Seed{Instances: []mockapi.Instance{ins}}, appIDs, cfg.String()
}

// testAccRefreshListCalls applies every association of coalescingSeed, then
// refreshes and plans, and checks that each application instance was listed
// perRead times by each of the commands that read all associations.
//
// Which commands a step runs is fixed by terraform-plugin-testing, each in a
// provider process (here: a provider server) of its own, so the cache never
// lasts from one command to the next. A RefreshState step runs: show (no
// provider configuration, no API call), refresh (a Read per association),
// show, then the step's Check, then plan (a Read per association again; plan
// checks nothing else for associations in state under an unchanged ID), and
// show of the plan.
func testAccRefreshListCalls(t *testing.T, perRead int) {
	seed, apps, associations := coalescingSeed()
	mock := newTestMock(t, seed)
	counter := &listCounter{lists: map[string]int{}}
	counted := httptest.NewServer(counter.wrap(mock.Server))
	t.Cleanup(counted.Close)
	config := providerBlock(counted.URL, testAccessKey, testSecretKey) + associations

	var adopted []statecheck.StateCheck
	for _, app := range seed.Instances[0].ApplicationInstances {
		for _, p := range app.Profiles {
			address := fmt.Sprintf("identitycenter_application_profile.test[%d]", len(adopted))
			adopted = append(adopted, statecheck.ExpectKnownValue(address, tfjsonpath.New("id"),
				knownvalue.StringExact(testInstanceID+"/"+app.ApplicationInstanceID+"/"+p.ProfileID)))
		}
	}

	expect := func(step string, before map[string]int, times int) error {
		got := counter.since(before)
		for _, app := range apps {
			if want := times * perRead; got[app] != want {
				return fmt.Errorf("%s listed %s %d times, want %d (lists per application instance: %v)",
					step, app, got[app], want, got)
			}
		}
		return nil
	}
	var beforeRefresh map[string]int
	var beforeRefreshTotal int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: adopted,
			},
			{
				PreConfig: func() {
					beforeRefresh = counter.snapshot()
					beforeRefreshTotal = mock.Stats().ListProfiles
				},
				RefreshState: true,
				Check: func(*terraform.State) error {
					return expect("terraform refresh", beforeRefresh, 1)
				},
			},
			{
				// Runs after the refresh step's plan: its PreConfig sees
				// that step's refresh and plan, and nothing else.
				PreConfig: func() {
					if err := expect("the refresh step (refresh, then plan)", beforeRefresh, 2); err != nil {
						t.Error(err)
					}
					want := int64(2 * perRead * len(apps))
					if got := mock.Stats().ListProfiles - beforeRefreshTotal; got != want {
						t.Errorf("the mock served %d list requests in the refresh step, want %d", got, want)
					}
				},
				Config:   config,
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccApplicationProfile_refreshSharesLists reads 30 associations of 3
// application instances with one list per application instance and command.
func TestAccApplicationProfile_refreshSharesLists(t *testing.T) {
	testAccRefreshListCalls(t, 1)
}

// TestAccApplicationProfile_refreshWithoutCoalescing proves that the counter
// sees the difference: with coalescing off, each read lists on its own.
func TestAccApplicationProfile_refreshWithoutCoalescing(t *testing.T) {
	t.Setenv(envCoalescing, "false")
	testAccRefreshListCalls(t, coalescingProfilesPer)
}

// TestAccApplicationProfile_applySharesListsAcrossAdoptions applies a saved
// plan that adopts 100 associations of 4 application instances, and counts
// the lists of that apply: one per application instance. The apply's
// planning of each resource lists it (RecentList), and every adoption
// confirms existence from that list, which started in the apply's own
// provider process and which no delete touched (UntouchedList). Adopting
// each from a list of its own took 4 + about 100 lists.
func TestAccApplicationProfile_applySharesListsAcrossAdoptions(t *testing.T) {
	t.Parallel()
	const apps, perApp = 4, 25
	seed, appIDs, associations := adoptionSeed(apps, perApp)
	mock := newTestMock(t, seed)
	counter := &listCounter{lists: map[string]int{}}
	counted := httptest.NewServer(counter.wrap(mock.Server))
	t.Cleanup(counted.Close)
	w := newCLIWorkdir(t, map[string]string{
		"main.tf": requiredProviders() + providerBlock(counted.URL, testAccessKey, testSecretKey) + associations,
	})
	w.mustRun("plan", "-input=false", "-out=tfplan")
	before := counter.snapshot()
	w.mustRun("apply", "-input=false", "tfplan")

	got := counter.since(before)
	for _, app := range appIDs {
		if got[app] != 1 {
			t.Errorf("the apply listed %s %d times, want 1 (lists per application instance: %v)", app, got[app], got)
		}
	}
	if n := len(strings.Fields(w.mustRun("state", "list"))); n != apps*perApp {
		t.Errorf("%d resources in state, want %d", n, apps*perApp)
	}
	// Adopting deletes nothing: the store is as it was seeded.
	for _, app := range appIDs {
		if n := len(mock.Profiles(testInstanceID, app)); n != perApp {
			t.Errorf("%s holds %d profiles after the apply, want %d", app, n, perApp)
		}
	}
	if n := mock.Stats().DeleteProfile; n != 0 {
		t.Errorf("the apply sent %d delete requests", n)
	}
}

func TestResolveSettings_coalescingFromEnvironment(t *testing.T) {
	for _, tc := range []struct {
		value       string
		wantDisable bool
	}{{"", false}, {"true", false}, {"1", false}, {"false", true}, {"FALSE", true}, {"0", true}} {
		t.Run(tc.value, func(t *testing.T) {
			t.Setenv(envCoalescing, tc.value)
			s, diags := resolveSettings(keysOnly())
			if len(diags) > 0 {
				t.Fatal(diagSummaries(diags))
			}
			if s.disableCoalescing != tc.wantDisable {
				t.Errorf("%s=%q: disableCoalescing = %v, want %v", envCoalescing, tc.value, s.disableCoalescing, tc.wantDisable)
			}
		})
	}
}

func TestAccProvider_invalidCoalescingVariable(t *testing.T) {
	mock := newTestMock(t, seedOf())
	t.Setenv(envCoalescing, "sometimes")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      mock.providerConfig() + listDataSource,
			ExpectError: errorMatching("Invalid "+envCoalescing+" value", envCoalescing, "must be true or false", `got "sometimes"`),
		}},
	})
}
