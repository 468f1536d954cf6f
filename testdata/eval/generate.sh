#!/usr/bin/env bash
# Regenerates golden.json from cases.txt with a local terraform binary (not needed in CI):
# each line EXPR is evaluated as `jsonencode(EXPR)` by `terraform console` in a folder holding
# only vars.tf (variable declarations with defaults; no provider, so nothing is downloaded).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
touch "$work/rc"; export TF_CLI_CONFIG_FILE="$work/rc"
cp "$here/vars.tf" "$work/vars.tf"
cd "$work"
python3 - "$here" <<'PY'
import json, subprocess, sys
here = sys.argv[1]
cases = [l.rstrip("\n") for l in open(f"{here}/cases.txt") if l.strip()]
out = []
for c in cases:
    r = subprocess.run(["terraform", "console"], input=f"jsonencode({c})\n", capture_output=True, text=True, timeout=60)
    if r.returncode != 0 or not r.stdout.strip():
        sys.exit(f"terraform rejected {c}: {r.stderr.strip()}")
    out.append({"expr": c, "json": json.loads(json.loads(r.stdout.strip()))})
version = subprocess.run(["terraform", "version"], capture_output=True, text=True).stdout.splitlines()[0]
json.dump({"terraform": version, "cases": out}, open(f"{here}/golden.json", "w"), indent=1)
print(f"{len(out)} cases from {version}")
PY
