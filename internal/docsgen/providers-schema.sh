#!/usr/bin/env bash
# Prints the provider's schema as a Terraform or OpenTofu CLI reports it, for
# tfplugindocs. Runs offline. The CLI decides what the docs cover: Terraform
# before 1.12 leaves resource identities out, and with them the
# import-by-identity section; list resources and actions need Terraform 1.14
# or later, and OpenTofu 1.12 reports neither.
#
# Usage: internal/docsgen/providers-schema.sh PATH_TO_CLI > schema.json
set -euo pipefail
cli=$1
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/terraform-provider-identitycenter" .

# A development override runs the provider just built, without init or registry.
cat >"$tmp/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/hwc-community/identitycenter" = "$tmp"
    "registry.opentofu.org/hwc-community/identitycenter" = "$tmp"
  }
  direct {}
}
EOF
cat >"$tmp/main.tf" <<'EOF'
terraform {
  required_providers {
    identitycenter = {
      source = "hwc-community/identitycenter"
    }
  }
}
EOF

TF_CLI_CONFIG_FILE="$tmp/cli.tfrc" CHECKPOINT_DISABLE=1 "$cli" -chdir="$tmp" providers schema -json >"$tmp/schema.json"
# tfplugindocs finds a provider only under its short name or registry.terraform.io/hashicorp/.
sed -E 's#"registry\.(terraform\.io|opentofu\.org)/hwc-community/identitycenter":#"identitycenter":#' "$tmp/schema.json"
