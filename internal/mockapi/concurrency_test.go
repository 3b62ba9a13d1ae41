package mockapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// TestConcurrentListAndDelete races listers, deleters (two per profile, so
// exactly one of each pair must win) and out-of-band additions, then checks
// the store and counters to the last entry.
func TestConcurrentListAndDelete(t *testing.T) {
	t.Parallel()
	const (
		total     = 300
		listers   = 8
		listsEach = 15
		adders    = 4
		addsEach  = 10
	)
	var original []string
	seed := mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: testInstance, ApplicationInstances: []mockapi.ApplicationInstance{{ApplicationInstanceID: testApp}}}}}
	for i := range total {
		original = append(original, profileID(i))
		seed.Instances[0].ApplicationInstances[0].Profiles = append(seed.Instances[0].ApplicationInstances[0].Profiles, mockapi.Profile{ProfileID: profileID(i)})
	}
	srv, ts := newTestServer(t, seed)
	position := make(map[string]int, total)
	for i, id := range original {
		position[id] = i
	}

	var wg sync.WaitGroup
	var deleted, notFound atomic.Int64
	// Even profiles are deleted, each by two goroutines racing.
	for range 2 {
		for chunk := range 10 {
			wg.Go(func() {
				for i := chunk * 2; i < total; i += 20 {
					id := original[i]
					res := signed(t, ts, http.MethodDelete, profilePath(testInstance, testApp, id))
					switch res.status {
					case http.StatusOK:
						deleted.Add(1)
					case http.StatusNotFound:
						notFound.Add(1)
					default:
						t.Errorf("delete %s: %d %s", id, res.status, res.body)
					}
				}
			})
		}
	}
	for a := range adders {
		wg.Go(func() {
			for k := range addsEach {
				srv.AddProfile(testInstance, testApp, mockapi.Profile{ProfileID: fmt.Sprintf("p-added-%d-%d", a, k)})
			}
		})
	}
	for range listers {
		wg.Go(func() {
			for range listsEach {
				res := signed(t, ts, http.MethodGet, listPath(testInstance, testApp))
				if res.status != http.StatusOK {
					t.Errorf("list: %d %s", res.status, res.body)
					return
				}
				var body struct {
					Profiles []struct {
						ProfileID string `json:"profile_id"`
					} `json:"application_profiles"`
				}
				if err := json.Unmarshal(res.body, &body); err != nil {
					t.Errorf("list body: %v", err)
					return
				}
				// Every list is a consistent view: the seeded profiles in
				// their order, all odd ones present, additions after them.
				last, odd, added := -1, 0, false
				for _, p := range body.Profiles {
					pos, seeded := position[p.ProfileID]
					switch {
					case !seeded:
						added = true
					case added:
						t.Errorf("seeded %s listed after an added profile", p.ProfileID)
					case pos <= last:
						t.Errorf("%s listed out of order", p.ProfileID)
					default:
						last = pos
						if pos%2 == 1 {
							odd++
						}
					}
				}
				if odd != total/2 {
					t.Errorf("list has %d odd profiles, want %d", odd, total/2)
				}
			}
		})
	}
	wg.Wait()

	if deleted.Load() != total/2 || notFound.Load() != total/2 {
		t.Errorf("deletes: %d succeeded, %d not found; want %d each", deleted.Load(), notFound.Load(), total/2)
	}
	got := profileIDs(srv.Profiles(testInstance, testApp))
	var wantSeeded []string
	for i := 1; i < total; i += 2 {
		wantSeeded = append(wantSeeded, original[i])
	}
	if len(got) != total/2+adders*addsEach {
		t.Fatalf("store has %d profiles, want %d", len(got), total/2+adders*addsEach)
	}
	if !slices.Equal(got[:total/2], wantSeeded) {
		t.Errorf("surviving seeded profiles\n got %v\nwant %v", got[:total/2], wantSeeded)
	}
	// Each adder's profiles keep their relative order.
	for a := range adders {
		var mine []string
		for _, id := range got[total/2:] {
			var ga, k int
			if _, err := fmt.Sscanf(id, "p-added-%d-%d", &ga, &k); err != nil {
				t.Fatalf("unexpected profile %s", id)
			}
			if ga == a {
				mine = append(mine, id)
			}
		}
		want := make([]string, addsEach)
		for k := range want {
			want[k] = fmt.Sprintf("p-added-%d-%d", a, k)
		}
		if !slices.Equal(mine, want) {
			t.Errorf("adder %d: got %v, want %v", a, mine, want)
		}
	}
	wantStats := mockapi.Stats{ListProfiles: listers * listsEach, DeleteProfile: total, Total: listers*listsEach + total}
	if st := srv.Stats(); st != wantStats {
		t.Errorf("Stats = %+v, want %+v", st, wantStats)
	}
}
