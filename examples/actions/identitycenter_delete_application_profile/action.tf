# Offboarding: `terraform apply -invoke=action.identitycenter_delete_application_profile.contractor`
# deletes this one association and nothing else. It cannot be undone through
# the API: the association comes back only when the user or group is
# assigned to the application again.
action "identitycenter_delete_application_profile" "contractor" {
  config {
    instance_id             = "ins-0123456789abcdef"
    application_instance_id = "app-ins-0123456789abcdef"
    profile_id              = "p-dc6434b56c4e5221"
  }
}

# The same action, run when another resource is created: here a record of
# the offboarding request.
resource "terraform_data" "offboarding" {
  input = "ticket-4711"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.identitycenter_delete_application_profile.contractor]
    }
  }
}
