terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
}

# The mock API's address, given with -var. Without it the provider uses
# HW_IDENTITY_CENTER_ENDPOINT and HW_IAM_ENDPOINT, or the real APIs at
# https://identitycenter.myhuaweicloud.com and https://iam.myhuaweicloud.com,
# so the same configuration serves both. The mock serves the IAM account
# lookup too, so one address is both endpoints. The keys come from
# HW_ACCESS_KEY and HW_SECRET_KEY, which the mock API also reads.
variable "endpoint" {
  type    = string
  default = null
}

provider "identitycenter" {
  endpoint     = var.endpoint # for example "http://127.0.0.1:43123"
  iam_endpoint = var.endpoint
}
