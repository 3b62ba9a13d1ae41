import {
  to = identitycenter_application_assignment.engineering
  id = "ins-0123456789abcdef/app-ins-0123456789abcdef/GROUP/g-5e6f7a8b9c0d1e2f"
}
