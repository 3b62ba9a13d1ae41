# Take an existing association under management. Creating the resource
# checks that the association exists; destroying it deletes the association.
resource "identitycenter_application_profile" "engineering" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  profile_id              = "p-dc6434b56c4e5221"
}
