"""Benchmark `catalog sync`: 30 regions against 1 region, against the ARM emulator, in one run.

The emulator (tests/live/emulator.py) answers every call after 100 ms, as a distant Resource Manager
would. Each side is one `aoai_infra.live.sync.sync` call through the real azure-mgmt-cognitiveservices
client: check the credential, read models and usages of every region, build the catalog and write it.
Regions are read concurrently, so 30 regions should cost far less than 30 times one. Target: ratio <= 5.

Runs of the two sides alternate and the best of each is kept. Only the ratio is the result; absolute
times are shown for context.

    python bench/sync.py [--regions 30] [--delay 0.1] [--runs 3] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.live.conftest import region_models, region_usages  # noqa: E402
from tests.live.emulator import TOKEN, ArmEmulator  # noqa: E402

from aoai_infra.catalog.loader import load_catalog  # noqa: E402
from aoai_infra.catalog.model import CatalogFile  # noqa: E402
from aoai_infra.live.client import Connection, Limits  # noqa: E402
from aoai_infra.live.endpoint import resolve_target  # noqa: E402
from aoai_infra.live.sync import sync  # noqa: E402

SUBSCRIPTION = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"


def regions(count: int) -> list[str]:
    return [f"region{index:02d}" for index in range(count)]


def timed_sync(url: str, names: list[str], base: CatalogFile, out: Path, concurrency: int) -> float:
    target = resolve_target(None, url, {"AOAI_INFRA_ARM_TOKEN": TOKEN})
    started = time.perf_counter()
    connection = Connection(target, Limits(concurrency=concurrency))
    try:
        result = sync(connection, SUBSCRIPTION, names, base, out)
    finally:
        connection.close()
    elapsed = time.perf_counter() - started
    if not result.written or result.failed:
        raise SystemExit(f"sync of {len(names)} regions failed: {result}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=30)
    parser.add_argument("--delay", type=float, default=0.1, help="seconds before each emulator answer")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=Limits().concurrency)
    args = parser.parse_args()

    emulator = ArmEmulator(delay=args.delay).start()
    many, one = regions(args.regions), regions(1)
    for name in many:
        emulator.models[name] = region_models()
        emulator.usages[name] = region_usages()
    base = load_catalog().data
    best_many = best_one = float("inf")
    try:
        with tempfile.TemporaryDirectory() as directory:
            out = Path(directory) / "catalog.json"
            for _ in range(args.runs):
                best_one = min(best_one, timed_sync(emulator.url, one, base, out, args.concurrency))
                best_many = min(best_many, timed_sync(emulator.url, many, base, out, args.concurrency))
    finally:
        emulator.stop()
    print(f"answer delay {args.delay * 1000:.0f} ms, concurrency {args.concurrency}, best of {args.runs}")
    print(f"  1 region:  {best_one * 1000:7.0f} ms")
    print(f"  {args.regions} regions: {best_many * 1000:7.0f} ms")
    print(f"ratio {best_many / best_one:.2f} (target <= 5.0)")


if __name__ == "__main__":
    main()
