#!/usr/bin/env bash
# Audits the associations a configuration declares. Run it in the
# configuration's directory, once Terraform can plan there: after
# `terraform init`, or as it is with a development override of the
# provider (the offline-testing guide). Exit status:
#   0  the associations are as declared
#   2  drift: the plan has changes, listed by address
#   1  the plan failed, for example on a declared association that no
#      longer exists in a configuration with the exclusive resource
set -uo pipefail

terraform plan -detailed-exitcode -input=false -no-color -out=audit.tfplan
status=$?

if [ "$status" -eq 2 ]; then
  echo "Drift found:"
  terraform show -json audit.tfplan | jq -r '
    ((.resource_drift // [])[]
      | "changed outside Terraform: \(.address) (\(.change.actions | join("+")))"),
    ((.resource_changes // [])[] | select(.change.actions != ["no-op"])
      | "apply would \(.change.actions | join("+")): \(.address)")'
fi
exit "$status"
