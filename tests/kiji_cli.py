"""Helpers of the Python end-to-end tests (tests/*_test.py): run a command,
read JSON lines."""

import json
import subprocess
import sys


def run(args, expect=0):
    """Runs `args`; exits the test when its status is not `expect` (None:
    any status)."""
    r = subprocess.run(args, capture_output=True, text=True)
    if expect is not None and r.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {r.returncode}, wanted {expect}\n"
                 f"{r.stderr}")
    return r


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]
