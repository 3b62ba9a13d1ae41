# The set of an application instance is imported by <instance_id>/<application_instance_id>.
terraform import identitycenter_application_assignments_exclusive.wiki ins-0123456789abcdef/app-ins-0123456789abcdef
