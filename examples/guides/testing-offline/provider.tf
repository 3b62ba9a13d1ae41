terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
}

# The mock API's address, given with -var. Without it the provider uses
# HW_IDENTITY_CENTER_ENDPOINT or the real API at
# https://identitycenter.myhuaweicloud.com, so the same configuration serves
# both. The keys come from HW_ACCESS_KEY and HW_SECRET_KEY, which the mock
# API also reads.
variable "endpoint" {
  type    = string
  default = null
}

provider "identitycenter" {
  endpoint = var.endpoint # for example "http://127.0.0.1:43123"
}
