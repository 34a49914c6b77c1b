"""Benchmark `aoai-infra check-policies`: the time per resource of the offline policy run.

Generated stack files (the generator of bench/validate.py: 10 accounts x 5 deployments each, with content
filters, private endpoints, roles and diagnostics) are checked as a whole process, against
`aoai-infra check-policies --list` (the same start-up: Pulumi's packages and the pack imported, nothing
checked) in turns. The difference, divided by the resources checked (from the JSON report), is the time
per resource. Target: <= 10 ms per resource.

    python bench/check_policies.py [--files 4] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.validate import CLI, best_of, generate  # the benchmark next to this one


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aoai-bench-policies-") as work:
        directory = Path(work) / "stacks"
        generate(directory, options.files, 10, 5)
        check = [str(CLI), "check-policies", str(directory), "--format", "json"]
        report = json.loads(subprocess.run(check, capture_output=True, text=True, check=False).stdout)
        resources = sum(stack["resources"] or 0 for stack in report["stacks"])
        checked, listed = best_of([check, [str(CLI), "check-policies", "--list"]], options.runs, ok=(0, 1))
    per_resource = (checked - listed) * 1000 / resources
    print(f"check-policies: {options.files} files, {resources} resources (best of {options.runs})")
    print(f"  aoai-infra check-policies DIR   {checked * 1000:7.0f} ms")
    print(f"  aoai-infra check-policies --list{listed * 1000:7.0f} ms   (start-up)")
    print(f"  per resource                    {per_resource:7.1f} ms   (target <= 10)")


if __name__ == "__main__":
    main()
