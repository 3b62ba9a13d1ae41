# On an ECS server with an agency: nothing to configure. With no other
# credentials set, the provider reads the agency's temporary keys from the
# metadata service.
provider "identitycenter" {
  domain_id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
}
