# The demo adopts the associations of the wiki application that the team
# manages, reads every association of the application for an audit, and
# declares who may use the application with assignments.
# Credentials and endpoints come from HW_ACCESS_KEY, HW_SECRET_KEY,
# HW_IDENTITY_CENTER_ENDPOINT and HW_IAM_ENDPOINT, which `make demo` points at
# the mock API. With no domain_id, the provider finds the account from IAM.

terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
}

provider "identitycenter" {}

locals {
  instance_id             = "ins-demo0123456789ab"
  application_instance_id = "app-ins-demo00000000wiki"
  managed_profiles = {
    default     = "p-dc6434b56c4e5221"
    engineering = "p-1a2b3c4d5e6f7081"
  }
}

resource "identitycenter_application_profile" "wiki" {
  for_each = local.managed_profiles

  instance_id             = local.instance_id
  application_instance_id = local.application_instance_id
  profile_id              = each.value
}

data "identitycenter_application_profiles" "wiki" {
  instance_id             = local.instance_id
  application_instance_id = local.application_instance_id
}

output "managed" {
  value = { for k, p in identitycenter_application_profile.wiki : k => "${p.name} (${p.status})" }
}

output "all_profiles" {
  value = [for p in data.identitycenter_application_profiles.wiki.application_profiles : "${p.profile_id} ${p.name} ${p.status}"]
}

# Who may use the wiki: Bob is assigned by Terraform, and the exclusive
# resource holds the complete set, so that anyone assigned outside Terraform
# shows in the plan. Referencing Bob's assignment creates it first.
resource "identitycenter_application_assignment" "bob" {
  instance_id             = local.instance_id
  application_instance_id = local.application_instance_id
  principal_type          = "USER"
  principal_id            = "u-demo-bob"
}

resource "identitycenter_application_assignments_exclusive" "wiki" {
  instance_id             = local.instance_id
  application_instance_id = local.application_instance_id
  user_ids                = ["u-demo-alice", identitycenter_application_assignment.bob.principal_id]
  group_ids               = ["g-demo-engineering"]
}

output "wiki_access" {
  value = sort(concat(
    [for u in identitycenter_application_assignments_exclusive.wiki.user_ids : "USER ${u}"],
    [for g in identitycenter_application_assignments_exclusive.wiki.group_ids : "GROUP ${g}"],
  ))
}
