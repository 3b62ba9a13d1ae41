# Two associations of the seed's first application instance, adopted, and
# the complete set of its second one.
resource "identitycenter_application_profile" "approved" {
  for_each = {
    default     = "p-dc6434b56c4e5221"
    engineering = "p-1a2b3c4d5e6f7081"
  }

  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  profile_id              = each.value
}

resource "identitycenter_application_profiles_exclusive" "contractors" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-fedcba9876543210"
  profile_ids             = ["p-9f8e7d6c5b4a3921"]
}
