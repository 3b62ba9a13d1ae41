#!/usr/bin/env bash
# Builds a Terraform release from the Go module proxy, without downloading a
# binary. Terraform's go.mod replaces nine remote-state backend modules with
# directories that the module zip leaves out, so a plain go build fails. This
# copies the module, removes those nine backends (the local backend, which the
# tests use, stays) and builds the rest.
#
# Usage: internal/clibuild/terraform.sh VERSION OUTPUT
#   e.g. internal/clibuild/terraform.sh v1.16.4 bin/terraform-1.16.4
set -euo pipefail
version=$1
out=$(realpath -m "$2")

backends="azure consul cos gcs kubernetes oci oss pg s3"

dir=$(go mod download -json "github.com/hashicorp/terraform@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
if [ -z "$dir" ]; then
	echo "Cannot download github.com/hashicorp/terraform@$version from the Go module proxy." >&2
	exit 1
fi

src=$(mktemp -d)
trap 'chmod -R u+w "$src"; rm -rf "$src"' EXIT
cp -R "$dir/." "$src"
chmod -R u+w "$src"
cd "$src"

for b in $backends; do
	pkg="github.com/hashicorp/terraform/internal/backend/remote-state/$b"
	# go.mod: the require and the replace line of the nested module.
	sed -i "\\|^[[:space:]]*$pkg v|d; \\|^replace $pkg =>|d" go.mod
	# init.go: the import, then every map entry that calls the imported name.
	name=$(sed -n "s|^[[:space:]]*\\([A-Za-z0-9_]*\\) \"$pkg\"\$|\\1|p" internal/backend/init/init.go)
	if [ -z "$name" ]; then
		echo "internal/backend/init/init.go of Terraform $version does not import $pkg: update $0." >&2
		exit 1
	fi
	sed -i "\\|\"$pkg\"\$|d; /[[:space:]]$name\\.New()/d" internal/backend/init/init.go
done

# -mod=mod lets go rewrite go.sum for the trimmed module graph.
GOFLAGS=-mod=mod go build -trimpath \
	-ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
	-o "$out.tmp" .
mv "$out.tmp" "$out"
