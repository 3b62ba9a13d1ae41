import {
  to = identitycenter_application_profile.engineering
  identity = {
    instance_id             = "ins-0123456789abcdef"
    application_instance_id = "app-ins-0123456789abcdef"
    profile_id              = "p-dc6434b56c4e5221"
  }
}
