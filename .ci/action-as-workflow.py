"""Writes action.yml's steps as a workflow, so that actionlint, which lints workflows, checks
the composite action's expressions, contexts and step references too.

    python3 .ci/action-as-workflow.py action.yml OUT.yml
"""
import json
import sys

import yaml

action = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
inputs = {
    name: {"type": "string", "required": False, "default": str(spec.get("default", ""))}
    for name, spec in action.get("inputs", {}).items()
}
workflow = {
    "name": "action.yml as a workflow",
    "on": {"workflow_call": {"inputs": inputs}},
    "permissions": {},
    "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
}
# JSON is YAML; actionlint reads it as such.
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(workflow, f, indent=2)
