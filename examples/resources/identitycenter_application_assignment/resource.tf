# Assigns the engineering group to the wiki application: its members may use
# it. Destroying the resource deletes the assignment. An assignment that
# already exists is not taken over: import it instead.
resource "identitycenter_application_assignment" "engineering" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  principal_type          = "GROUP"
  principal_id            = "g-5e6f7a8b9c0d1e2f"
}

# One user, as well.
resource "identitycenter_application_assignment" "alice" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  principal_type          = "USER"
  principal_id            = "u-9f8e7d6c5b4a3921"
}
