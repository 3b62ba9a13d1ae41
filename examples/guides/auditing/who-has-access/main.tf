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

# Who may use the wiki application, complete. A user or group assigned
# outside Terraform makes the plan show a change that removes it, naming the
# principal, and apply would delete that assignment.
resource "identitycenter_application_assignments_exclusive" "wiki" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  user_ids                = ["u-1a2b3c4d5e6f7a8b"]
  group_ids               = ["g-7a8b9c0d1e2f3a4b"]
}

# The same answer as a list, for a report.
data "identitycenter_application_assignments" "wiki" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
}

output "wiki_principals" {
  value = [for a in data.identitycenter_application_assignments.wiki.application_assignments : "${a.principal_type} ${a.principal_id}"]
}
