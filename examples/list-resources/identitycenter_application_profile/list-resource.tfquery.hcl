# In a .tfquery.hcl file beside a configuration that declares the provider.
# `terraform query` lists the associations of the application instance;
# `terraform query -generate-config-out=generated.tf` writes an import block
# and a resource block for each.
list "identitycenter_application_profile" "wiki" {
  provider = identitycenter
  # Terraform returns 100 results unless limit says otherwise.
  limit = 1000

  config {
    instance_id             = "ins-0123456789abcdef"
    application_instance_id = "app-ins-0123456789abcdef"

    # Optional filters.
    status = "ENABLED"
  }
}
