#!/usr/bin/env bash
# The action's install step: downloads the release binary for the runner's OS and architecture,
# checks its SHA-256, and prints `bin=PATH` to $GITHUB_OUTPUT. Without a fitting binary (an
# unusual OS or architecture, or the action used at a branch or commit rather than a release
# tag), jobcheck is built with `cargo install --locked` from the action's own source.
#
# Inputs (environment): INPUT_VERSION (e.g. v0.1.0; empty: the action's tag), ACTION_REF,
# ACTION_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT. JOBCHECK_RELEASES replaces
# the download location (a mirror, or the tests' local directory).
set -euo pipefail
base="${JOBCHECK_RELEASES:-https://github.com/jobcheck/jobcheck/releases/download}"
version="${INPUT_VERSION:-}"
if [ -z "$version" ]; then
  case "${ACTION_REF:-}" in
    v[0-9]*) version="$ACTION_REF" ;;
  esac
fi
if [ -n "$version" ]; then
  case "$version" in v*) ;; *) version="v$version" ;; esac
  if ! [[ "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+[A-Za-z0-9.+-]*$ ]]; then
    echo "::error title=jobcheck::version '$version' is not a release tag such as v0.1.0" >&2
    exit 2
  fi
fi
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac
dest="${RUNNER_TEMP:?}/jobcheck-bin"
mkdir -p "$dest"
if [ -n "$version" ] && [ -n "$target" ]; then
  name="jobcheck-$version-$target"
  case "$target" in
    *-windows-*) archive="$name.zip"; exe=jobcheck.exe ;;
    *) archive="$name.tar.gz"; exe=jobcheck ;;
  esac
  work="$(mktemp -d)"
  curl -fsSL --retry 3 -o "$work/$archive" "$base/$version/$archive"
  curl -fsSL --retry 3 -o "$work/$name.sha256" "$base/$version/$name.sha256"
  if command -v sha256sum >/dev/null 2>&1; then sum=(sha256sum); else sum=(shasum -a 256); fi
  if ! (cd "$work" && "${sum[@]}" -c "$name.sha256" >/dev/null); then
    echo "::error title=jobcheck::$archive does not match its SHA-256 checksum" >&2
    exit 2
  fi
  case "$archive" in
    *.zip) (cd "$work" && unzip -q "$archive") ;;
    *) tar -xzf "$work/$archive" -C "$work" ;;
  esac
  cp "$work/$name/$exe" "$dest/$exe"
  chmod +x "$dest/$exe"
  bin="$dest/$exe"
else
  echo "No jobcheck release binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?} at '${version:-a branch or commit}'; building it with cargo."
  cargo install --locked --quiet --root "$dest" --path "${ACTION_PATH:?}"
  bin="$dest/bin/jobcheck"
fi
"$bin" --version
echo "bin=$bin" >> "$GITHUB_OUTPUT"
