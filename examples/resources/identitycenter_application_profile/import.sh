# An association is imported by <instance_id>/<application_instance_id>/<profile_id>.
terraform import identitycenter_application_profile.engineering ins-0123456789abcdef/app-ins-0123456789abcdef/p-dc6434b56c4e5221
