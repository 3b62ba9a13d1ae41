terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
}

provider "identitycenter" {}

# No resource blocks: `terraform plan -generate-config-out=generated.tf`
# writes them. Config generation does not support for_each in import blocks,
# so there is one block per association.
import {
  to = identitycenter_application_profile.default
  id = "ins-0123456789abcdef/app-ins-0123456789abcdef/p-dc6434b56c4e5221"
}

import {
  to = identitycenter_application_profile.engineering
  id = "ins-0123456789abcdef/app-ins-0123456789abcdef/p-1a2b3c4d5e6f7081"
}
