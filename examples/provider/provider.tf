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
  # The default endpoints are https://identitycenter.myhuaweicloud.com and
  # https://iam.myhuaweicloud.com.
  cloud       = "myhuaweicloud.com"
  max_retries = 5

  # The account ID, sent with every request. Without it the provider asks IAM,
  # which needs the iam:users:getUser permission.
  domain_id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
}
