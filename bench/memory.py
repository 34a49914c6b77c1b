"""Benchmark the peak memory of `aoai-infra validate` on a large repository, against a bare YAML parse.

A generated repository of 2,000 stack files x 10 accounts x 5 deployments (100,000 deployments; the
generator of bench/validate.py) is validated as a whole process, and, as the baseline, parsed by a process
that only loads each file with `yaml.load(..., Loader=yaml.CSafeLoader)` and keeps the data. Each side's
peak resident memory is read with `getrusage(RUSAGE_CHILDREN)` in a process of its own. It prints both
peaks, the ratio, and the memory per deployment. Target: validate's peak <= 350 MiB.

    python bench/memory.py [--files 2000] [--accounts 10] [--deployments 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.validate import CLI, generate  # the benchmark next to this one

MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"  # KiB on Linux
)


def peak_mib(command: list[str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def keep_parsed(directory: Path) -> list[str]:
    code = (
        "import pathlib, yaml\n"
        f"kept = [yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)"
        f" for p in sorted(pathlib.Path({str(directory)!r}).glob('*.yaml'))]\n"
    )
    return [sys.executable, "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--deployments", type=int, default=5)
    options = parser.parse_args()
    total = options.files * options.accounts * options.deployments
    with tempfile.TemporaryDirectory(prefix="aoai-bench-memory-") as work:
        directory = Path(work) / "stacks"
        generate(directory, options.files, options.accounts, options.deployments)
        validate = peak_mib([str(CLI), "validate", str(directory)])
        parse = peak_mib(keep_parsed(directory))
    print(f"peak memory: {options.files} files, {total:,} deployments")
    print(f"  aoai-infra validate              {validate:8.0f} MiB   (target <= 350)")
    print(f"  bare CSafeLoader parse, kept     {parse:8.0f} MiB")
    print(f"  ratio                            {validate / parse:8.2f}x")
    print(f"  per deployment                   {validate * 1024 / total:8.2f} KiB")


if __name__ == "__main__":
    main()
