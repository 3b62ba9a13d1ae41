terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
}

# Credentials and endpoints from HW_ACCESS_KEY, HW_SECRET_KEY and, against
# the mock API, HW_IDENTITY_CENTER_ENDPOINT and HW_IAM_ENDPOINT, both set to
# its address.
provider "identitycenter" {}

# The complete set of associations the application may have. If one is
# added outside Terraform, the plan shows a change to profile_ids, and apply
# would delete the added association.
resource "identitycenter_application_profiles_exclusive" "wiki" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  profile_ids = [
    "p-dc6434b56c4e5221",
    "p-1a2b3c4d5e6f7081",
  ]
}
