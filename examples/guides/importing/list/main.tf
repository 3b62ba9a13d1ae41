terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
}

provider "identitycenter" {}

# Every association the application has today.
data "identitycenter_application_profiles" "wiki" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
}

# A map ready to paste into the configuration that imports them: a key of
# your choice per association (here its name), and its profile ID.
output "profiles" {
  value = {
    for p in data.identitycenter_application_profiles.wiki.application_profiles :
    lower(p.name) => p.profile_id
  }
}
