import {
  to = identitycenter_application_profile.engineering
  id = "ins-0123456789abcdef/app-ins-0123456789abcdef/p-dc6434b56c4e5221"
}
