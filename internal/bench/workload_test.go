package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

func TestNewWorkloadSpreadsProfilesOverApps(t *testing.T) {
	for _, tc := range []struct {
		n, apps int
		perApp  []int
	}{
		{n: 1000, apps: 10, perApp: []int{100, 100, 100, 100, 100, 100, 100, 100, 100, 100}},
		{n: 7, apps: 3, perApp: []int{3, 2, 2}},
		{n: 1, apps: 1, perApp: []int{1}},
	} {
		w := newWorkload(tc.n, tc.apps)
		if err := w.seed.Validate(); err != nil {
			t.Fatalf("n=%d apps=%d: the seed is invalid: %v", tc.n, tc.apps, err)
		}
		if len(w.seed.Instances) != 1 || w.seed.Instances[0].InstanceID != instanceID {
			t.Fatalf("n=%d apps=%d: want one instance %s, got %+v", tc.n, tc.apps, instanceID, w.seed.Instances)
		}
		apps := w.seed.Instances[0].ApplicationInstances
		var got []int
		inSeed := map[string]string{}
		for _, a := range apps {
			if !strings.HasPrefix(a.ApplicationInstanceID, mockapi.AppInstancePrefix) {
				t.Errorf("application instance ID %q lacks the %q prefix", a.ApplicationInstanceID, mockapi.AppInstancePrefix)
			}
			got = append(got, len(a.Profiles))
			for _, p := range a.Profiles {
				if _, dup := inSeed[p.ProfileID]; dup {
					t.Errorf("profile ID %s is given twice", p.ProfileID)
				}
				inSeed[p.ProfileID] = a.ApplicationInstanceID
			}
		}
		if !reflect.DeepEqual(got, tc.perApp) {
			t.Errorf("n=%d apps=%d: profiles per application instance = %v, want %v", tc.n, tc.apps, got, tc.perApp)
		}
		// The configuration must declare exactly the seeded associations, or
		// apply would fail on a missing one and the audit would miss others.
		if !reflect.DeepEqual(w.profiles, inSeed) {
			t.Errorf("n=%d apps=%d: the for_each map differs from the seed:\nmap  %v\nseed %v", tc.n, tc.apps, w.profiles, inSeed)
		}
	}
}

func TestWorkloadFilesRoundTrip(t *testing.T) {
	w := newWorkload(25, 4)
	dir := t.TempDir()
	seedPath := filepath.Join(dir, "seed.json")
	if err := w.writeSeed(seedPath); err != nil {
		t.Fatal(err)
	}
	seed, err := mockapi.LoadSeed(seedPath)
	if err != nil {
		t.Fatalf("the mock rejects the seed: %v", err)
	}
	if !reflect.DeepEqual(seed, w.seed) {
		t.Errorf("seed read back = %+v, want %+v", seed, w.seed)
	}

	work := filepath.Join(dir, "work")
	if err := w.writeConfig(work, providerConfig); err != nil {
		t.Fatal(err)
	}
	mainTF, err := os.ReadFile(filepath.Join(work, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if string(mainTF) != providerConfig {
		t.Errorf("main.tf = %q, want the provider configuration", mainTF)
	}
	data, err := os.ReadFile(filepath.Join(work, "profiles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var profiles map[string]string
	if err := json.Unmarshal(data, &profiles); err != nil {
		t.Fatalf("profiles.json: %v", err)
	}
	if !reflect.DeepEqual(profiles, w.profiles) {
		t.Errorf("profiles.json = %v, want %v", profiles, w.profiles)
	}
}

func TestConfigs(t *testing.T) {
	for name, tc := range map[string]struct {
		config        string
		want, wantNot []string
	}{
		"provider": {
			config: providerConfig,
			want: []string{
				`source = "hwc-community/identitycenter"`,
				`resource "identitycenter_application_profile" "bench" {`,
				`for_each = local.profiles`,
				`instance_id             = local.instance_id`,
				`application_instance_id = each.value`,
				`profile_id              = each.key`,
				`jsondecode(file("${path.module}/profiles.json"))`,
				`"` + instanceID + `"`,
			},
		},
		// The floor must start no provider at all: terraform_data is built in.
		"floor": {
			config: floorConfig,
			want: []string{
				`resource "terraform_data" "bench" {`,
				`for_each = local.profiles`,
				`jsondecode(file("${path.module}/profiles.json"))`,
				`profile_id              = each.key`,
			},
			wantNot: []string{"identitycenter", "provider", "required_providers"},
		},
	} {
		for _, s := range tc.want {
			if !strings.Contains(tc.config, s) {
				t.Errorf("%s configuration lacks %q:\n%s", name, s, tc.config)
			}
		}
		for _, s := range tc.wantNot {
			if strings.Contains(tc.config, s) {
				t.Errorf("%s configuration contains %q:\n%s", name, s, tc.config)
			}
		}
		if strings.Count(tc.config, "{") != strings.Count(tc.config, "}") {
			t.Errorf("%s configuration has unbalanced braces:\n%s", name, tc.config)
		}
	}
}
