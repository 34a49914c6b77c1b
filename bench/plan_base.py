"""Benchmark `aoai-infra plan stacks/ --base REF` on a repository where a few files changed.

A git repository of 200 generated stack files (10 accounts x 5 deployments each; the generator of
bench/validate.py) is committed, then 10 files raise a capacity. It times, as whole processes in turns,
`aoai-infra plan stacks --base HEAD` against `aoai-infra validate stacks` (every file) and against
`aoai-infra validate` of the 10 changed files, and prints both ratios. Target: plan <= 1.5x validate of the
changed files plus the pools they share; with every stack in one subscription per file, that is the
changed files.

    python bench/plan_base.py [--files 200] [--changed 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.validate import CLI, best_of, generate  # the benchmark next to this one


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--changed", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aoai-bench-base-") as work:
        root = Path(work)
        generate(root / "stacks", options.files, 10, 5)
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "base")
        changed = sorted((root / "stacks").glob("*.yaml"))[: options.changed]
        for path in changed:
            path.write_text(path.read_text().replace("capacity: 20", "capacity: 30", 1))
        stacks = str(root / "stacks")
        plan, whole, only = best_of(
            [
                [str(CLI), "plan", stacks, "--base", "HEAD", "--format", "json"],
                [str(CLI), "validate", stacks],
                [str(CLI), "validate", *map(str, changed)],
            ],
            options.runs,
            ok=(0, 1),
        )
    print(f"plan --base: {options.files} files, {options.changed} changed (best of {options.runs})")
    print(f"  aoai-infra plan stacks --base HEAD     {plan * 1000:6.0f} ms")
    print(
        f"  aoai-infra validate stacks             {whole * 1000:6.0f} ms   plan/validate {plan / whole:.2f}x"
    )
    print(
        f"  aoai-infra validate the changed files  {only * 1000:6.0f} ms   plan/changed {plan / only:.2f}x"
        "   (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
