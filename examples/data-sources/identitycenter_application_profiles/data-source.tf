# Every association of an application instance, in the API's order.
data "identitycenter_application_profiles" "all" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
}

# Only the enabled associations.
data "identitycenter_application_profiles" "enabled" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  status                  = "ENABLED"
}

output "profile_ids" {
  value = data.identitycenter_application_profiles.all.application_profiles[*].profile_id
}
