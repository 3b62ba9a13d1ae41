#!/usr/bin/env bash
# Prints the provider's schema as OpenTofu reports it, for tfplugindocs:
# Terraform before 1.12 leaves resource identities out, and with them the
# import-by-identity section of the docs. Runs offline.
#
# Usage: internal/docsgen/providers-schema.sh PATH_TO_TOFU > schema.json
set -euo pipefail
tofu=$1
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/terraform-provider-identitycenter" .

# A development override runs the provider just built, without init or registry.
cat >"$tmp/tofurc" <<EOF
provider_installation {
  dev_overrides {
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

TF_CLI_CONFIG_FILE="$tmp/tofurc" CHECKPOINT_DISABLE=1 "$tofu" -chdir="$tmp" providers schema -json >"$tmp/schema.json"
# tfplugindocs finds a provider only under its short name or registry.terraform.io/hashicorp/.
sed 's|"registry.opentofu.org/hwc-community/identitycenter":|"identitycenter":|' "$tmp/schema.json"
