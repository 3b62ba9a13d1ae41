# Across accounts: the keys found otherwise (here those of the environment)
# assume an agency that the member account grants. The agency's keys sign
# every request, and its account ID is sent as X-Domain-Id.
provider "identitycenter" {
  assume_role {
    agency_name = "identitycenter-admin"
    domain_id   = "5d4c3b2a19080706f5e4d3c2b1a09081"
    duration    = 3600
  }
}
