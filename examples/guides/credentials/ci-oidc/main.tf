# In CI: the job's OIDC ID token is federated into temporary keys. No secret
# is stored anywhere; the token file is renewed by the CI system and read
# again at each renewal of the keys.
provider "identitycenter" {
  domain_id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"

  assume_role_with_oidc {
    idp_id        = "ci-oidc"
    id_token_file = "/run/secrets/oidc-token"
  }
}
