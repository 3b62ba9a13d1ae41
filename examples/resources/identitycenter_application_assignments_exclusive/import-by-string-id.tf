import {
  to = identitycenter_application_assignments_exclusive.wiki
  id = "ins-0123456789abcdef/app-ins-0123456789abcdef"
}
