#!/usr/bin/env bash
# Validates every example configuration under examples/ with the provider
# built from this tree, offline: a development override replaces the
# registry, so neither `init` nor a network is needed.
#
# Usage: internal/docsgen/validate-examples.sh PATH_TO_TERRAFORM
#
# A directory is validated as one configuration, except its import-*.tf
# files: each is validated on its own with the rest of the directory, since
# they import to the same address in different ways. import-by-identity.tf
# needs Terraform 1.12 or later; actions and the list blocks of .tfquery.hcl
# files need Terraform 1.14 or later.
set -euo pipefail
cli=$1
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/bin/terraform-provider-identitycenter" .

# Examples without a required_providers block name the provider by its
# short name, which the CLI reads as hashicorp/identitycenter.
overrides=""
for host in registry.terraform.io registry.opentofu.org; do
  for namespace in hwc-community hashicorp; do
    overrides+="    \"$host/$namespace/identitycenter\" = \"$tmp/bin\""$'\n'
  done
done
cat >"$tmp/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
$overrides  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc" CHECKPOINT_DISABLE=1

failed=0
validate() { # name, files...
  local name=$1 work="$tmp/work"
  shift
  rm -rf "$work" && mkdir -p "$work"
  cp "$@" "$work/"
  local query=()
  if compgen -G "$work/*.tfquery.hcl" >/dev/null; then
    query=(-query)
  fi
  if out=$("$cli" -chdir="$work" validate -no-color ${query[@]+"${query[@]}"} 2>&1); then
    echo "ok   $name"
  else
    echo "FAIL $name"
    # The warning about development overrides is expected; show the rest.
    sed '/Warning: Provider development overrides are in effect/,/^releases\.$/d' <<<"$out" | sed 's/^/     /'
    case $name in
      *import-by-identity.tf) echo "     (import by identity needs Terraform 1.12 or later: $("$cli" version | head -1))" ;;
    esac
    failed=1
  fi
}

while IFS= read -r dir; do
  base=() imports=()
  for f in "$dir"/*.tf "$dir"/*.tfquery.hcl; do
    [ -e "$f" ] || continue
    case $(basename "$f") in
      import-*.tf) imports+=("$f") ;;
      *) base+=("$f") ;;
    esac
  done
  if [ ${#base[@]} -gt 0 ]; then
    validate "$dir" "${base[@]}"
  fi
  for f in ${imports[@]+"${imports[@]}"}; do
    validate "$f" ${base[@]+"${base[@]}"} "$f"
  done
done < <(find examples \( -name '*.tf' -o -name '*.tfquery.hcl' \) -exec dirname {} \; | sort -u)

if [ "$failed" -ne 0 ]; then
  echo "Some examples are not valid configurations: see above." >&2
  exit 1
fi
