"""`aoai-infra catalog sync` against the ARM emulator, through the real azure-mgmt-cognitiveservices."""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import pty
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aoai_infra.catalog.loader import load_catalog
from aoai_infra.live.sync import SyncResult
from aoai_infra.live.sync import sync as run_sync
from tests.conftest import CLI, MINIMAL, run_cli
from tests.live.conftest import (
    LIVE_ENV,
    SUBSCRIPTION,
    connect,
    leftovers,
    live_cli,
    model,
    region_models,
    region_usages,
    serve_regions,
    usage,
)
from tests.live.emulator import (
    ArmEmulator,
    error,
    forbidden,
    malformed,
    slow,
    throttled,
    unavailable,
)

OLD = '{"written": "before this sync"}\n'


def sync(arm: ArmEmulator, tmp_path: Path, *args: str):
    return live_cli(
        arm, "catalog", "sync", "--subscription", SUBSCRIPTION, "--out", "out.json", *args, cwd=tmp_path
    )


def sync_library(arm: ArmEmulator, tmp_path: Path, regions: list[str]) -> SyncResult:
    connection = connect(arm)
    try:
        return run_sync(connection, SUBSCRIPTION, regions, load_catalog().data, tmp_path / "out.json")
    finally:
        connection.close()


def written(tmp_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / "out.json").read_text())
    return data


def test_sync_writes_the_regions_in_the_bundled_catalogs_format(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus", "swedencentral")
    result = sync(arm, tmp_path, "--regions", "swedencentral,eastus")
    assert result.returncode == 0, result.stderr
    assert "wrote out.json: 2 regions" in result.stdout
    assert result.stderr == ""  # no progress bar when standard error is not a terminal
    catalog = load_catalog(tmp_path / "out.json")  # loads as a catalog: the same format
    assert catalog.regions == ["eastus", "swedencentral"]
    data = written(tmp_path)
    assert data["sync"] == {
        "endpoint": arm.url + "/",
        "subscription": SUBSCRIPTION,
        "regions": ["eastus", "swedencentral"],
        "failed": {},
    }
    assert data["as_of"] == data["sources"]["S_LIVE_SYNC"]["date"]
    # What Azure does not report comes from the bundled catalog, with its sources.
    assert (
        data["deployment_types"]
        == load_catalog().data.model_dump(mode="json", exclude_none=True)["deployment_types"]
    )


def test_usage_names_come_from_each_skus_usage_name(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    assert sync(arm, tmp_path, "--regions", "eastus").returncode == 0
    catalog = load_catalog(tmp_path / "out.json")
    # Azure's example names ada's lower-case "provisioned" SKU's pool OpenAI.Provisioned.Class1: not a
    # name that could be built from the model and SKU names.
    offer = catalog.sku("eastus", "ada", "1", "provisioned")
    assert offer is not None
    assert offer.usage_name == "OpenAI.Provisioned.Class1"
    dalle = catalog.sku("eastus", "dall-e-3", "3.0", "Provisioned")
    assert dalle is not None
    assert dalle.usage_name == "OpenAI.Provisioned.Dalle"


def test_lifecycle_and_deprecation_fields_are_kept(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    assert sync(arm, tmp_path, "--regions", "eastus").returncode == 0
    entries = {
        (e["model"]["name"], e["model"]["version"]): e["model"]
        for e in written(tmp_path)["regions"]["eastus"]["models"]
    }
    ada = entries[("ada", "1")]
    assert ada["lifecycleStatus"] == "Legacy"
    assert ada["deprecation"] == {
        "deprecationStatus": "Planned",
        "fineTune": "2024-06-14T00:00:00Z",
        "inference": "2024-06-14T00:00:00Z",
    }
    dalle = entries[("dall-e-3", "3.0")]
    assert dalle["isDefaultVersion"] is True
    assert dalle["skus"][0]["deprecationDate"] == "2025-09-30T00:00:00Z"
    # The live lifecycle also reaches the validator's view of the model version.
    lifecycle = load_catalog(tmp_path / "out.json").lifecycle("dall-e-3", "3.0")
    assert lifecycle is not None
    assert (lifecycle.status, str(lifecycle.retirement), lifecycle.source) == (
        "ga",
        "2025-06-30",
        "S_LIVE_SYNC",
    )


def test_the_subscriptions_limits_and_usage_go_into_the_file(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    assert sync(arm, tmp_path, "--regions", "eastus").returncode == 0
    quota = written(tmp_path)["subscription"]
    assert quota["id"] == SUBSCRIPTION
    assert quota["regions"]["eastus"]["OpenAI.GlobalStandard.gpt-5.4"] == {
        "limit": 1000,
        "current": 250,
        "unit": "Count",
    }
    assert quota["regions"]["eastus"]["AccountCount"] == {"limit": 200, "current": 3, "unit": "Count"}


def test_two_syncs_of_the_same_state_are_identical_whatever_order_azure_answers_in(
    arm: ArmEmulator, tmp_path: Path
):
    serve_regions(arm, "eastus", "westus")
    assert sync(arm, tmp_path, "--regions", "eastus,westus").returncode == 0
    first = (tmp_path / "out.json").read_bytes()
    random.Random(7).shuffle(arm.models["eastus"])
    random.Random(8).shuffle(arm.usages["westus"])
    for entry in arm.models["westus"]:
        random.Random(9).shuffle(entry["model"].get("skus", []))
    assert sync(arm, tmp_path, "--regions", "westus,eastus").returncode == 0
    assert (tmp_path / "out.json").read_bytes() == first


def test_pages_are_followed_by_next_link(tmp_path: Path):
    arm = ArmEmulator(page_size=2).start()
    try:
        serve_regions(arm, "eastus")
        assert sync(arm, tmp_path, "--regions", "eastus").returncode == 0
        pages = arm.calls("models:eastus")
    finally:
        arm.stop()
    assert len(pages) == 3  # six models, two per page
    assert [page.query.get("$skiptoken") for page in pages] == [None, ["2"], ["4"]]
    assert len(written(tmp_path)["regions"]["eastus"]["models"]) == len(region_models())


def test_throttling_waits_as_long_as_retry_after_says(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    arm.fail("models:eastus", throttled(retry_after=1))
    result = sync(arm, tmp_path, "--regions", "eastus")
    assert result.returncode == 0, result.stdout
    first, second = arm.calls("models:eastus")
    assert second.at - first.at >= 0.9  # Retry-After: 1 was honoured before asking again


def test_a_503_is_retried(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    arm.fail("usages:eastus", unavailable())
    result = sync(arm, tmp_path, "--regions", "eastus")
    assert result.returncode == 0, result.stdout
    assert len(arm.calls("usages:eastus")) == 2


def test_a_region_that_always_fails_leaves_the_file_untouched(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus", "westus")
    arm.fail("models:westus", unavailable(), always=True)
    (tmp_path / "out.json").write_text(OLD)
    result = sync(arm, tmp_path, "--regions", "eastus,westus", "--retries", "2")
    assert result.returncode == 1
    assert (tmp_path / "out.json").read_text() == OLD
    assert leftovers(tmp_path) == []
    assert len(arm.calls("models:westus")) == 3  # the first try and two retries, then it stops
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("westus") and "ServiceUnavailable" in line and "run again later" in line
        for line in lines
    )
    assert "out.json not written: 1 of 2 regions failed" in result.stdout
    assert "--allow-partial" in result.stdout


def test_allow_partial_writes_the_others_and_records_the_failure(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus", "westus")
    arm.fail("usages:westus", forbidden(), always=True)
    result = sync(arm, tmp_path, "--regions", "eastus,westus", "--allow-partial")
    assert result.returncode == 0, result.stdout
    data = written(tmp_path)
    assert list(data["regions"]) == ["eastus"]
    assert "Cognitive Services Usages Reader" in data["sync"]["failed"]["westus"]
    assert data["sync"]["regions"] == ["eastus", "westus"]
    assert "wrote out.json: 1 of 2 regions" in result.stdout


def test_malformed_json_fails_the_region(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    arm.fail("models:eastus", malformed())
    result = sync(arm, tmp_path, "--regions", "eastus")
    assert result.returncode == 1
    assert "not valid JSON" in result.stdout
    assert not (tmp_path / "out.json").exists()
    assert leftovers(tmp_path) == []


def test_missing_permission_names_the_role(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    arm.fail("usages:eastus", forbidden())
    result = sync(arm, tmp_path, "--regions", "eastus")
    assert result.returncode == 1
    assert "AuthorizationFailed" in result.stdout
    assert "Cognitive Services Usages Reader or Reader on the subscription" in result.stdout
    assert len(arm.calls("usages:eastus")) == 1  # a 403 is not retried


def test_a_refused_token_stops_the_sync(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus", "westus")
    result = run_cli(
        "catalog", "sync", "--subscription", SUBSCRIPTION, "--out", "out.json", "--regions", "eastus,westus",
        "--arm-endpoint", arm.url, cwd=tmp_path, env={"AOAI_INFRA_ARM_TOKEN": "not-the-token"},
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout.startswith("nothing read: Azure refused the credentials (HTTP 401)")
    assert not (tmp_path / "out.json").exists()


def test_a_slow_answer_times_out_and_the_loop_stops(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    arm.fail("models:eastus", slow(3), always=True)
    result = sync(arm, tmp_path, "--regions", "eastus", "--retries", "1")
    assert result.returncode == 1
    assert "did not answer in time" in result.stdout
    assert "--timeout" in result.stdout
    assert len(arm.calls("models:eastus")) == 2
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        ("InsufficientQuota", "https://aka.ms/oai/quotaincrease"),
        ("RequestConflict", "depends_on"),
        ("InvalidResourceProperties", "aoai-infra catalog show"),
        ("DeploymentModelNotSupported", "aoai-infra catalog where"),
        ("FlagMustBeSetForRestore", "az cognitiveservices account purge"),
        ("CustomDomainInUse", "custom_subdomain"),
        ("SpecialFeatureOrQuotaIdRequired", "apply for access"),
        ("ResourceKindRequireAcceptTerms", "accept the terms"),
        ("AccountProvisioningStateInvalid", "provisioningState is Succeeded"),
        ("AuthorizationFailed", "Reader"),
        ("SomethingNew", "Azure's message. (Azure's own words)"),
    ],
)
def test_azure_errors_are_explained(arm: ArmEmulator, tmp_path: Path, code: str, advice: str):
    serve_regions(arm, "eastus")
    arm.fail("models:eastus", error(code, status=403 if code == "AuthorizationFailed" else 400))
    result = sync_library(arm, tmp_path, ["eastus"])
    assert not result.written
    ((problem,),) = [outcome.problems for outcome in result.outcomes]
    assert problem.code == code
    assert problem.message.startswith(f"{code}: ")
    assert advice in problem.message


def test_all_regions_are_those_where_the_subscription_may_create_an_account(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus", "swedencentral", "westus")
    arm.skus = [
        {
            "resourceType": "accounts",
            "name": "S0",
            "tier": "Standard",
            "kind": "OpenAI",
            "locations": ["EASTUS", "WESTUS"],
            "restrictions": [
                {"type": "Location", "values": ["westus"], "reasonCode": "NotAvailableForSubscription"}
            ],
        },
        {
            "resourceType": "accounts",
            "name": "S0",
            "tier": "Standard",
            "kind": "AIServices",
            "locations": ["SWEDENCENTRAL"],
            "restrictions": [],
        },
        {
            "resourceType": "accounts",
            "name": "F0",
            "tier": "Free",
            "kind": "Face",
            "locations": ["NORTHEUROPE"],
            "restrictions": [],
        },
    ]
    result = sync(arm, tmp_path, "--regions", "all")
    assert result.returncode == 0, result.stdout
    assert written(tmp_path)["sync"]["regions"] == ["eastus", "swedencentral"]
    assert arm.calls("models:westus") == []
    assert arm.calls("models:northeurope") == []


def test_the_stack_gives_subscription_and_regions(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    (tmp_path / "stack.yaml").write_text(MINIMAL)
    result = live_cli(arm, "catalog", "sync", "--stack", "stack.yaml", "--out", "out.json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert written(tmp_path)["sync"]["subscription"] == SUBSCRIPTION
    assert written(tmp_path)["sync"]["regions"] == ["eastus"]


def test_a_synced_limit_replaces_the_tier_default_offline(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    arm.models["eastus"].append(
        model("gpt-5.4", "2026-03-05", "GlobalStandard", "OpenAI.GlobalStandard.gpt-5.4")
    )
    arm.usages["eastus"] = [usage("OpenAI.GlobalStandard.gpt-5.4", 50, 40)]
    assert sync(arm, tmp_path, "--regions", "eastus").returncode == 0
    (tmp_path / "stack.yaml").write_text(MINIMAL.replace("capacity: 10", "capacity: 60"))
    result = run_cli("validate", "stack.yaml", "--catalog", "out.json", cwd=tmp_path)
    assert result.returncode == 1
    assert "over the limit of 50 (subscription limit synced" in result.stdout


def test_an_output_path_that_cannot_be_written_is_explained(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    result = live_cli(
        arm, "catalog", "sync", "--subscription", SUBSCRIPTION, "--regions", "eastus",
        "--out", "missing/out.json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "cannot write missing/out.json" in result.stderr
    assert "check that missing exists" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_a_terminal_gets_a_progress_bar_on_standard_error(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus", "westus")
    controller, terminal = pty.openpty()
    args = [
        "catalog",
        "sync",
        "--subscription",
        SUBSCRIPTION,
        "--regions",
        "eastus,westus",
        "--out",
        "out.json",
    ]
    with subprocess.Popen(
        [str(CLI), *args, "--arm-endpoint", arm.url],
        cwd=tmp_path, env={**os.environ, **LIVE_ENV, "COLUMNS": "100"},
        stdout=subprocess.PIPE, stderr=terminal, text=True,
    ) as process:  # fmt: skip
        os.close(terminal)
        stdout, _ = process.communicate(timeout=60)
    shown = b""
    with contextlib.suppress(OSError):  # the terminal closes when the process ends
        while chunk := os.read(controller, 65536):
            shown += chunk
    os.close(controller)
    assert process.returncode == 0, stdout
    assert b"Reading regions" in shown
    assert "Reading regions" not in stdout  # the report on standard output stays clean


def test_each_skus_deprecation_date_is_that_deployment_types_retirement(arm: ArmEmulator, tmp_path: Path):
    # Azure's example: gpt-35-turbo 0301 retires as Standard on 2025-02-13, as Provisioned on 2025-05-15.
    serve_regions(arm, "eastus")
    assert sync(arm, tmp_path, "--regions", "eastus").returncode == 0
    catalog = load_catalog(tmp_path / "out.json")
    model = catalog.model("gpt-35-turbo")
    assert model is not None
    types = model.versions["0301"].deployment_types
    assert {name: (str(t.retirement), t.source) for name, t in types.items()} == {
        "Provisioned": ("2025-05-15", "S_LIVE_SYNC"),
        "Standard": ("2025-02-13", "S_LIVE_SYNC"),
    }
    standard = catalog.lifecycle("gpt-35-turbo", "0301", "Standard")
    provisioned = catalog.lifecycle("gpt-35-turbo", "0301", "provisioned")
    assert standard is not None
    assert provisioned is not None
    day = datetime.date(2025, 3, 1)  # between the two
    assert standard.status_on(day) == "retired"
    assert provisioned.status_on(day) != "retired"


def test_azures_deprecated_status_means_retired(arm: ArmEmulator, tmp_path: Path):
    # ARM's lifecycleStatus is one stage off the docs': "Deprecating" is closed to new customers,
    # "Deprecated" is retired.
    entries = [
        model("gpt-4.1", "2025-04-14", "GlobalStandard", "OpenAI.GlobalStandard.gpt-4.1"),
        model("gpt-4o", "2024-05-13", "GlobalStandard", "OpenAI.GlobalStandard.gpt-4o"),
    ]
    entries[0]["model"]["lifecycleStatus"] = "Deprecating"
    entries[1]["model"]["lifecycleStatus"] = "Deprecated"
    arm.models["eastus"] = entries
    arm.usages["eastus"] = region_usages()
    assert sync(arm, tmp_path, "--regions", "eastus").returncode == 0
    catalog = load_catalog(tmp_path / "out.json")
    closed, gone = catalog.lifecycle("gpt-4.1", "2025-04-14"), catalog.lifecycle("gpt-4o", "2024-05-13")
    assert closed is not None
    assert gone is not None
    assert (closed.status, gone.status) == ("deprecated", "retired")
