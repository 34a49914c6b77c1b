"""Benchmark aoai-infra as the estate grows: 1,000, 10,000 and 100,000 deployments, time and peak memory.

Each size is a git repository of generated stack files of 10 accounts x 5 deployments each (the generator of
bench/validate.py; 20, 200 and 2,000 files). In the work tree every file raises one capacity; two commits
hold the base: `all` (no file raised: every stack differs, the scale of `plan OLD NEW` over the whole
estate, since one stack file is at most 2 MiB, about 9,000 deployments) and `few` (all but 5% of the files
raised: the usual pull request). Each size times, as whole processes in turns, with the peak resident
memory of each read by `getrusage(RUSAGE_CHILDREN)`:

- `aoai-infra validate stacks`, against a process that only parses the same files with
  `yaml.load(..., Loader=yaml.CSafeLoader)` and keeps the data (the baseline);
- `aoai-infra plan stacks --base all` and `aoai-infra plan stacks --base few`.

It prints each time and peak, the ratios to the baseline and to validate, and the time per deployment.
Targets: validate <= 1.5x the parse at 10,000; validate's peak <= 350 MiB at 100,000; time per deployment
that does not grow with the size.

    python bench/scale.py [--sizes 1000,10000,100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.memory import keep_parsed  # the baseline of the memory benchmark: parse and keep the data
from bench.validate import CLI, generate  # the benchmark next to this one

PER_FILE = 50  # 10 accounts x 5 deployments
FEW = 0.05  # the share of files a usual pull request changes

# Runs the command, then prints its wall time and the peak resident memory of its process (KiB on Linux).
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "elapsed = time.perf_counter() - start\n"
    "ok = str(done.returncode) in sys.argv[1].split(',')\n"
    "print(elapsed if ok else -done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measure(command: list[str], ok: str = "0,1") -> tuple[float, float]:
    """Wall time (s) and peak memory (MiB) of one run of `command`."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, ok, *command], capture_output=True, text=True, check=True
    )
    elapsed, peak = done.stdout.split()
    if float(elapsed) < 0:
        raise SystemExit(f"{' '.join(command)} exited with {-float(elapsed):.0f}")
    return float(elapsed), int(peak) / 1024


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", message)
    git(root, "tag", message)


def raise_capacity(path: Path) -> None:
    path.write_text(path.read_text().replace("capacity: 20", "capacity: 30", 1))


def repository(root: Path, deployments: int) -> Path:
    """The repository of one size; returns its stacks folder (the work tree raises one capacity a file)."""
    stacks = root / "stacks"
    generate(stacks, deployments // PER_FILE, 10, 5)
    files = sorted(stacks.glob("*.yaml"))
    kept = max(1, round(len(files) * FEW))
    git(root, "init", "-q")
    commit(root, "all")
    for path in files[kept:]:
        raise_capacity(path)
    commit(root, "few")
    for path in files[:kept]:
        raise_capacity(path)
    return stacks


def best(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Best time and peak of each command, run in turns so that noise hits all alike."""
    found = {name: (float("inf"), float("inf")) for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, peak = measure(command)
            found[name] = (min(found[name][0], elapsed), min(found[name][1], peak))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    print(f"scale (best of {options.runs}; plan --base all: every file changed, few: {FEW:.0%} changed)")
    header = f"  {'deployments':>11}  {'measure':<22} {'time':>9} {'ms/1k dep.':>10} {'peak':>9}  ratio"
    print(header)
    for size in (int(size) for size in options.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="aoai-bench-scale-") as work:
            stacks = repository(Path(work), size)
            cli = [str(CLI)]
            results = best(
                {
                    "bare CSafeLoader parse": keep_parsed(stacks),
                    "validate": [*cli, "validate", str(stacks)],
                    "plan --base all": [*cli, "plan", str(stacks), "--base", "all", "--format", "json"],
                    "plan --base few": [*cli, "plan", str(stacks), "--base", "few", "--format", "json"],
                },
                options.runs,
            )
        for name, (elapsed, peak) in results.items():
            print(row(size, name, elapsed, peak, results))


def row(size: int, name: str, elapsed: float, peak: float, results: dict[str, tuple[float, float]]) -> str:
    """One line of the table: the plans against validate, validate against the parse."""
    line = f"  {size:>11,}  {name:<22} {elapsed * 1000:7.0f}ms {elapsed * 1e6 / size:10.1f} {peak:6.0f}MiB"
    if name.startswith("bare"):
        return line
    against, shown = (
        ("bare CSafeLoader parse", "the parse") if name == "validate" else ("validate", "validate")
    )
    time, memory = results[against]
    return f"{line}  {elapsed / time:.2f}x time, {peak / memory:.2f}x peak, of {shown}"


if __name__ == "__main__":
    main()
