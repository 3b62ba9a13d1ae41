# Every association of the application instance. Terraform stops a list
# block at 100 results unless limit says otherwise.
list "identitycenter_application_profile" "wiki" {
  provider = identitycenter
  limit    = 1000

  config {
    instance_id             = "ins-0123456789abcdef"
    application_instance_id = "app-ins-0123456789abcdef"
  }
}
