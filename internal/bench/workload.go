package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hwc-community/terraform-provider-identitycenter/internal/devenv"
	"github.com/hwc-community/terraform-provider-identitycenter/internal/mockapi"
)

// instanceID is the one Identity Center instance the workload lives in.
const instanceID = "ins-bench0123456789a"

// workload is n associations spread round-robin over apps application
// instances: the mock's seed, and the same associations as the
// configuration's for_each map, profile ID to application instance ID.
type workload struct {
	seed     mockapi.Seed
	profiles map[string]string
}

func newWorkload(n, apps int) workload {
	appInstances := make([]mockapi.ApplicationInstance, apps)
	for a := range appInstances {
		appInstances[a].ApplicationInstanceID = fmt.Sprintf("%sbench%012d", mockapi.AppInstancePrefix, a)
	}
	profiles := make(map[string]string, n)
	for i := range n {
		app := &appInstances[i%apps]
		p := mockapi.Profile{
			ProfileID: fmt.Sprintf("p-%016x", i+1),
			Name:      fmt.Sprintf("Group %d", i+1),
			Status:    mockapi.DefaultProfileStatus,
		}
		app.Profiles = append(app.Profiles, p)
		profiles[p.ProfileID] = app.ApplicationInstanceID
	}
	return workload{
		seed:     mockapi.Seed{Instances: []mockapi.Instance{{InstanceID: instanceID, ApplicationInstances: appInstances}}},
		profiles: profiles,
	}
}

// providerConfig declares every association as an
// identitycenter_application_profile. The map is read from profiles.json so
// that the configuration stays the same size whatever n is.
const providerConfig = `terraform {
  required_providers {
    identitycenter = {
      source = "` + devenv.ProviderSource + `"
    }
  }
}

provider "identitycenter" {}

locals {
  instance_id = "` + instanceID + `"
  profiles    = jsondecode(file("${path.module}/profiles.json"))
}

resource "identitycenter_application_profile" "bench" {
  for_each = local.profiles

  instance_id             = local.instance_id
  application_instance_id = each.value
  profile_id              = each.key
}
`

// floorConfig declares as many terraform_data resources with the same
// values: what Terraform itself costs, with no provider process at all.
const floorConfig = `locals {
  instance_id = "` + instanceID + `"
  profiles    = jsondecode(file("${path.module}/profiles.json"))
}

resource "terraform_data" "bench" {
  for_each = local.profiles

  input = {
    instance_id             = local.instance_id
    application_instance_id = each.value
    profile_id              = each.key
  }
}
`

// writeSeed writes the mock's seed file.
func (w workload) writeSeed(path string) error {
	return writeJSON(path, w.seed)
}

// writeConfig writes a working directory with config and the profiles map.
func (w workload) writeConfig(dir, config string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		return err
	}
	return writeJSON(filepath.Join(dir, "profiles.json"), w.profiles)
}

func writeJSON(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
