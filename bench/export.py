"""Benchmark `export`: an estate of 30 regions and 500 deployments against one account, in one run.

The ARM emulator (tests/live/emulator.py) answers every call after 100 ms, as a distant Resource Manager
would. The estate: one account per region in 30 regions (resource group rg-bench), 500 deployments spread
over them, each account with a content filter, a role assignment and a diagnostic setting. Each side
reads the estate through the real azure-mgmt-cognitiveservices client (`aoai_infra.live.estate`) and
exports it (`aoai_infra.estate.export`): an account costs four reads after the account list, and they run
concurrently, so 30 accounts should cost far less than 30 times one.

    python bench/export.py [--regions 30] [--deployments 500] [--delay 0.1] [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.live.emulator import TOKEN, ArmEmulator  # noqa: E402
from tests.live.test_export import GROUP, account, deployment, rai_policy  # noqa: E402

from aoai_infra.estate.export import export  # noqa: E402
from aoai_infra.live.client import Connection, Limits  # noqa: E402
from aoai_infra.live.endpoint import resolve_target  # noqa: E402
from aoai_infra.live.estate import read_estate  # noqa: E402

SUBSCRIPTION = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"


def serve(emulator: ArmEmulator, regions: int, deployments: int) -> None:
    emulator.accounts = []
    for index in range(regions):
        name = f"oai-{index:02d}"
        live = account(name)
        live["location"] = f"region{index:02d}"
        emulator.accounts.append(live)
        key = f"{GROUP}/{name}".lower()
        count = deployments // regions + (1 if index < deployments % regions else 0)
        emulator.deployments[key] = [deployment(name, f"d{number:03d}", 10) for number in range(count)]
        emulator.rai_policies[key] = [rai_policy(name, "strict")]


def timed_export(url: str, names: list[str]) -> tuple[float, int]:
    target = resolve_target(None, url, {"AOAI_INFRA_ARM_TOKEN": TOKEN})
    started = time.perf_counter()
    connection = Connection(target, Limits())
    try:
        estate = read_estate(connection, SUBSCRIPTION, (GROUP,), names)
    finally:
        connection.close()
    stacks = export([estate])
    elapsed = time.perf_counter() - started
    if estate.problem is not None or any(a.problems for a in estate.accounts):
        raise SystemExit(f"the read failed: {estate.problem}")
    return elapsed, sum(len(a.deployments) for a in estate.accounts) if stacks else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=30)
    parser.add_argument("--deployments", type=int, default=500)
    parser.add_argument("--delay", type=float, default=0.1, help="seconds before each emulator answer")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    emulator = ArmEmulator(delay=args.delay).start()
    serve(emulator, args.regions, args.deployments)
    best_many = best_one = float("inf")
    read = 0
    try:
        for _ in range(args.runs):
            best_one = min(best_one, timed_export(emulator.url, ["oai-00"])[0])
            elapsed, read = timed_export(emulator.url, [])
            best_many = min(best_many, elapsed)
    finally:
        emulator.stop()
    print(f"export: answer delay {args.delay * 1000:.0f} ms, best of {args.runs}")
    print(f"  one account                          {best_one * 1000:7.0f} ms")
    print(f"  {args.regions} regions, {read} deployments     {best_many * 1000:7.0f} ms")
    print(f"  ratio                                {best_many / best_one:7.2f}x")


if __name__ == "__main__":
    main()
