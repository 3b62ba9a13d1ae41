# Who may use an application: every user and group assigned to it, from
# every page of the API's list, in the API's order.
data "identitycenter_application_assignments" "all" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
}

# Only the groups.
data "identitycenter_application_assignments" "groups" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  principal_type          = "GROUP"
}

output "group_ids" {
  value = data.identitycenter_application_assignments.groups.application_assignments[*].principal_id
}
