"""Benchmark `aoai-infra plan OLD NEW` as estates grow: is its time linear in the deployments?

For 1,000, 2,000, 4,000 and 8,000 deployments (one stack file, accounts of 5 deployments, the generator of
bench/validate.py), NEW raises the capacity of every tenth deployment. Each size times, as whole processes
and in turns, `aoai-infra plan OLD NEW` and `aoai-infra validate NEW` (the baseline: plan validates NEW
too). It prints plan's time at each size, its ratio to validate, and the marginal time per deployment
between consecutive sizes (start-up cancels out); the growth is the last step's marginal cost over the
average marginal cost from the smallest size to the largest (1.0 is linear; super-linear time makes the
last step dearer than the average). Target: growth <= 1.2.

    python bench/plan.py [--sizes 1000,2000,4000,8000] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.validate import CLI, best_of, stack_text  # the benchmark next to this one

PER_ACCOUNT = 5


def write_pair(directory: Path, deployments: int) -> tuple[Path, Path]:
    old = stack_text(0, deployments // PER_ACCOUNT, PER_ACCOUNT)
    lines = old.split("\n")
    capacities = [at for at, line in enumerate(lines) if line.strip().startswith("capacity:")]
    for at in capacities[::10]:
        lines[at] = lines[at].replace("capacity: ", "capacity: 1")  # 20 -> 120, 10 -> 110
    old_path, new_path = directory / "old" / "stack.yaml", directory / "new" / "stack.yaml"
    for path, text in ((old_path, old), (new_path, "\n".join(lines))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return old_path, new_path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,2000,4000,8000")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    times: list[float] = []
    marginal: list[float] = []
    print(f"plan OLD NEW (best of {options.runs})")
    print(
        f"  {'deployments':>11}  {'plan':>8}  {'validate':>8}  {'plan/validate':>13}  marginal ms/deployment"
    )
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="aoai-bench-plan-") as work:
            old, new = write_pair(Path(work), size)
            plan_command = [str(CLI), "plan", str(old), str(new), "--format", "json"]
            plan, validate = best_of(
                [plan_command, [str(CLI), "validate", str(new)]], options.runs, ok=(0, 1)
            )
        if times:
            marginal.append((plan - times[-1]) * 1000 / (size - sizes[len(times) - 1]))
        times.append(plan)
        shown = f"{marginal[-1]:.3f}" if marginal and len(times) > 1 else "-"
        print(
            f"  {size:>11,}  {plan * 1000:5.0f} ms  {validate * 1000:5.0f} ms"
            f"  {plan / validate:12.2f}x  {shown}"
        )
    average = (times[-1] - times[0]) * 1000 / (sizes[-1] - sizes[0])
    growth = marginal[-1] / average
    print(f"  last step's marginal time over the average, {average:.3f} ms: {growth:.2f}x   (target <= 1.2)")


if __name__ == "__main__":
    main()
