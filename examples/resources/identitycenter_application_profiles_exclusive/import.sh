# The set of an application instance is imported by <instance_id>/<application_instance_id>.
# Import reads every association of it; importing deletes nothing.
terraform import identitycenter_application_profiles_exclusive.wiki ins-0123456789abcdef/app-ins-0123456789abcdef
