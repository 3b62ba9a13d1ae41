import {
  to = identitycenter_application_assignment.engineering
  identity = {
    instance_id             = "ins-0123456789abcdef"
    application_instance_id = "app-ins-0123456789abcdef"
    principal_type          = "GROUP"
    principal_id            = "g-5e6f7a8b9c0d1e2f"
  }
}
