#!/usr/bin/env bash
# Runs the shell blocks of a guide in order, in one shell, as a reader
# would: at the root of a fresh copy of the repository's tracked files, with
# none of this machine's provider or Terraform settings, and CLI as the
# `terraform` the guide calls. The guide's commands must succeed, clean up
# after themselves and leave the copy as they found it.
#
# Usage: internal/docsgen/run-guide.sh docs/guides/NAME.md PATH_TO_TERRAFORM_OR_TOFU
set -euo pipefail
guide=$1 cli=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in curl jq; do
  if ! command -v "$tool" >/dev/null; then
    echo "The guides need $tool: installing it with apt-get." >&2
    apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null
  fi
done

clone="$tmp/clone"
mkdir -p "$clone" "$tmp/shim"
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$clone")
ln -s "$cli" "$tmp/shim/terraform"

{
  # Whatever the guide started in the background ends with it, even when a
  # command fails.
  echo 'trap '\''kill $(jobs -p) 2>/dev/null || true'\'' EXIT'
  awk '/^```shell$/ { on = 1; next } /^```/ { on = 0 } on' "$root/$guide"
} >"$tmp/guide.sh"
if [ "$(wc -l <"$tmp/guide.sh")" -lt 2 ]; then
  echo "$guide has no shell block to run." >&2
  exit 1
fi

(cd "$clone" && find . -type f -not -path "./bin/*" | sort) >"$tmp/before"
echo "Running the shell blocks of $guide with $("$cli" version | head -1)"
(
  cd "$clone"
  for v in $(compgen -e | grep -E '^(HW_|TF_)'); do unset "$v"; done
  export PATH="$tmp/shim:$PATH" CHECKPOINT_DISABLE=1
  bash -euo pipefail -x "$tmp/guide.sh"
)
if ! changes=$(cd "$clone" && find . -type f -not -path "./bin/*" | sort | diff "$tmp/before" -); then
  echo "The guide left files in the clone, or removed some:" >&2
  echo "$changes" >&2
  exit 1
fi
echo "ok   $guide"
