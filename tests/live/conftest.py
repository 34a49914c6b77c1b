"""The ARM emulator fixture, example data shaped on Azure's payloads, and the CLI pointed at the emulator."""

from __future__ import annotations

import copy
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aoai_infra.live.client import Connection, Limits
from aoai_infra.live.endpoint import resolve_target
from tests.conftest import run_cli
from tests.live.emulator import TOKEN, ArmEmulator, example

SUBSCRIPTION = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"
LIVE_ENV = {"AOAI_INFRA_ARM_TOKEN": TOKEN, "AZURE_SUBSCRIPTION_ID": ""}
# Few retries and short waits keep failing cases quick; every request loop stays bounded.
FAST = ("--timeout", "0.5")


@pytest.fixture
def arm() -> Iterator[ArmEmulator]:
    emulator = ArmEmulator().start()
    yield emulator
    emulator.stop()


def region_models() -> list[dict[str, Any]]:
    """Azure's own example answer of models.list (ListLocationModels, api-version 2025-09-01)."""
    return copy.deepcopy(example("ListLocationModels.json")["value"])


def model(name: str, version: str, sku: str, usage_name: str) -> dict[str, Any]:
    """A models.list entry in the shape of Azure's ListLocationModels example."""
    return {
        "kind": "OpenAI",
        "skuName": "S0",
        "model": {
            "format": "OpenAI",
            "name": name,
            "version": version,
            "lifecycleStatus": "GenerallyAvailable",
            "skus": [{"name": sku, "usageName": usage_name, "capacity": {"maximum": 10000, "default": 100}}],
        },
    }


def usage(name: str, limit: int, current: int) -> dict[str, Any]:
    """A usages.list entry in the shape of Azure's ListUsages example."""
    return {
        "name": {"value": name, "localizedValue": name},
        "currentValue": current,
        "limit": limit,
        "unit": "Count",
    }


def region_usages() -> list[dict[str, Any]]:
    return [
        *copy.deepcopy(example("ListUsages.json")["value"]),
        usage("OpenAI.Standard.gpt-35-turbo", 300, 120),
        usage("OpenAI.GlobalStandard.gpt-5.4", 1000, 250),
    ]


def serve_regions(arm: ArmEmulator, *regions: str) -> None:
    for region in regions:
        arm.models[region] = region_models()
        arm.usages[region] = region_usages()


def connect(arm: ArmEmulator, **limits: Any) -> Connection:
    """A live connection to the emulator, as the CLI makes one (for tests that call the library)."""
    target = resolve_target(None, arm.url, {"AOAI_INFRA_ARM_TOKEN": TOKEN})
    return Connection(target, Limits(**{"timeout": 0.5, **limits}))


def live_cli(arm: ArmEmulator, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, "--arm-endpoint", arm.url, *FAST, cwd=cwd, env=LIVE_ENV)


def leftovers(directory: Path) -> list[str]:
    """Temporary files an interrupted write would leave."""
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(".tmp"))
