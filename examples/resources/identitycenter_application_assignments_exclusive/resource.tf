# Who may use the wiki application, complete. Apply assigns every declared
# principal that is not assigned, and DELETES the assignment of every other
# user or group that the plan shows leaving the set; destroying this resource
# deletes none. A user assigned in the console shows in the next
# `terraform plan`, and `terraform plan -detailed-exitcode` exits with 2: run
# it on a schedule to be alerted.
resource "identitycenter_application_assignments_exclusive" "wiki" {
  instance_id             = "ins-0123456789abcdef"
  application_instance_id = "app-ins-0123456789abcdef"
  user_ids                = ["u-1a2b3c4d5e6f7a8b"]
  group_ids               = ["g-7a8b9c0d1e2f3a4b", "g-0f1e2d3c4b5a6978"]
}
