# The complete set of associations allowed on the wiki application. An
# update DELETES every other association of the application instance, as its
# plan names them; creating or destroying this resource deletes none. An association added in the console shows in
# the next `terraform plan` as an ID that apply would remove, and
# `terraform plan -detailed-exitcode` exits with 2: run it on a schedule to
# be alerted.
resource "identitycenter_application_profiles_exclusive" "wiki" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  profile_ids = [
    "p-dc6434b56c4e5221",
    "p-1a2b3c4d5e6f7081",
  ]
}

# The two resources combine on one application instance: every association
# adopted by identitycenter_application_profile must also be in profile_ids,
# or apply deletes it. Deriving profile_ids from the same local keeps them in
# step; to remove an association, remove its ID there.
locals {
  team_profiles = toset(["p-9f8e7d6c5b4a3921"])
}

resource "identitycenter_application_profile" "team" {
  for_each = local.team_profiles

  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-fedcba9876543210"
  profile_id              = each.value
}

resource "identitycenter_application_profiles_exclusive" "team" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-fedcba9876543210"
  profile_ids             = local.team_profiles
}
