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

locals {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"

  # The associations approved on the application, by a name of your choice.
  approved = {
    default     = "p-dc6434b56c4e5221"
    engineering = "p-1a2b3c4d5e6f7081"
  }
}

# One resource per approved association: if one is deleted outside
# Terraform, the plan shows it to be created again.
resource "identitycenter_application_profile" "approved" {
  for_each = local.approved

  instance_id             = local.instance_id
  application_instance_id = local.application_instance_id
  profile_id              = each.value

  # status is read from the API, so a change of it alone plans nothing. The
  # postcondition fails the plan, and the audit, when one is disabled.
  lifecycle {
    postcondition {
      condition     = self.status == "ENABLED"
      error_message = "Association ${self.id} (${self.name}) is ${self.status}, not ENABLED."
    }
  }
}
