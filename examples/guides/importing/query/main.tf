terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
  # terraform query and list resources need Terraform 1.14 or later.
  required_version = ">= 1.14.0"
}

provider "identitycenter" {}
