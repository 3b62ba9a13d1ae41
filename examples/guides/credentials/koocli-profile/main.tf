# From a KooCLI profile: the keys, and the agency when the profile names one
# in agencyName and agencyDomainName.
provider "identitycenter" {
  shared_config_file = "~/.hcloud/config.json"
  profile            = "platform"
}
