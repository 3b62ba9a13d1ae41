# An assignment is imported by <instance_id>/<application_instance_id>/<principal_type>/<principal_id>.
terraform import identitycenter_application_assignment.engineering ins-0123456789abcdef/app-ins-0123456789abcdef/GROUP/g-5e6f7a8b9c0d1e2f
