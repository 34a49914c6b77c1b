"""Benchmark `aoai-infra check-policies`: the time per resource of the offline policy run.

Generated stack files (the generator of bench/validate.py: 10 accounts x 5 deployments each, with content
filters, private endpoints, roles and diagnostics) are checked as a whole process, against
`aoai-infra check-policies --list` (the same start-up: Pulumi's packages and the pack imported, nothing
checked) in turns. The difference, divided by the resources checked (from the JSON report), is the time
per resource. Target: <= 10 ms per resource.

The floor is what the Pulumi SDK alone takes for the same resources: a process that registers each
resource of the same stacks with pulumi-azure-native's class and the same arguments as plain values (no
component, no dependencies, no policies), under the same mocks, against the same process registering
nothing. Its difference per resource is printed next to ours.

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


def floor(directory: str, register: bool) -> None:
    """The floor process: every resource of the stacks in `directory` registered bare, or none."""
    from aoai_infra.provision.component import CLASSES
    from aoai_infra.provision.recording import record
    from aoai_infra.stack.resources import known, stack_resources
    from aoai_infra.validate import validate_paths

    report = validate_paths([directory])
    for stack in report.stacks:
        if stack.spec is None:
            raise SystemExit(f"{stack.file} does not validate: {stack.findings}")
        found = stack_resources(stack.spec, production=False) if register else []

        def program(found: list = found) -> None:  # type: ignore[type-arg]
            for resource in found:
                CLASSES[resource.kind](resource.name, **known(resource.args))

        recording = record(program, stack=stack.name)
        if recording.error is not None or len(recording.registrations) != len(found):
            raise SystemExit(f"the floor program of {stack.file} failed: {recording.error}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--floor", help=argparse.SUPPRESS)  # the floor process: register DIR's resources
    parser.add_argument("--register", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.floor:
        floor(options.floor, options.register)
        return
    with tempfile.TemporaryDirectory(prefix="aoai-bench-policies-") as work:
        directory = Path(work) / "stacks"
        generate(directory, options.files, 10, 5)
        check = [str(CLI), "check-policies", str(directory), "--format", "json"]
        report = json.loads(subprocess.run(check, capture_output=True, text=True, check=False).stdout)
        resources = sum(stack["resources"] or 0 for stack in report["stacks"])
        bare = [sys.executable, __file__, "--floor", str(directory)]
        checked, listed, registered, started = best_of(
            [check, [str(CLI), "check-policies", "--list"], [*bare, "--register"], bare],
            options.runs,
            ok=(0, 1),
        )
    per_resource = (checked - listed) * 1000 / resources
    floor_per_resource = (registered - started) * 1000 / resources
    print(f"check-policies: {options.files} files, {resources} resources (best of {options.runs})")
    print(f"  aoai-infra check-policies DIR   {checked * 1000:7.0f} ms")
    print(f"  aoai-infra check-policies --list{listed * 1000:7.0f} ms   (start-up)")
    print(f"  per resource                    {per_resource:7.1f} ms   (target <= 10)")
    print(f"  Pulumi SDK alone, per resource  {floor_per_resource:7.1f} ms   (the floor)")
    print(f"  ratio to the floor              {per_resource / floor_per_resource:7.2f}x")


if __name__ == "__main__":
    main()
