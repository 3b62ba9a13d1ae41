terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
  # Import blocks with for_each need Terraform 1.7 or later.
  required_version = ">= 1.7.0"
}

provider "identitycenter" {}

locals {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"

  # Pasted from the output of the listing configuration.
  profiles = {
    default     = "p-dc6434b56c4e5221"
    engineering = "p-1a2b3c4d5e6f7081"
  }
}

import {
  for_each = local.profiles

  to = identitycenter_application_profile.wiki[each.key]
  id = "${local.instance_id}/${local.application_instance_id}/${each.value}"
}

resource "identitycenter_application_profile" "wiki" {
  for_each = local.profiles

  instance_id             = local.instance_id
  application_instance_id = local.application_instance_id
  profile_id              = each.value
}
