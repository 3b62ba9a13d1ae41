terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
}

# Credentials are best taken from the environment:
#   export HW_ACCESS_KEY=...  HW_SECRET_KEY=...
# and, for temporary credentials, HW_SECURITY_TOKEN=...
provider "identitycenter" {
  # The default endpoint is https://identitycenter.myhuaweicloud.com.
  cloud       = "myhuaweicloud.com"
  max_retries = 5
}
