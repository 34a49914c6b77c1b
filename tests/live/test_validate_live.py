"""`aoai-infra validate --live`: quota left in Azure, with the stacks' own deployments (ARM emulator)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from aoai_infra.live import customers
from aoai_infra.live.reader import LiveReader
from aoai_infra.validate import Settings, validate_paths
from tests.conftest import MINIMAL, run_cli
from tests.live.conftest import FAST, LIVE_ENV, connect, usage
from tests.live.emulator import ArmEmulator, example, forbidden, unavailable

POOL = "OpenAI.GlobalStandard.gpt-5.4"
CAPACITY_AT = "stack.yaml:11:19"  # MINIMAL's `capacity:` value


def deployment(
    name: str, capacity: int, model: str = "gpt-5.4", version: str = "2026-03-05"
) -> dict[str, Any]:
    """A deployments.list entry in the shape of Azure's ListDeployments example (2025-12-01)."""
    return {
        "name": name,
        "type": "Microsoft.CognitiveServices/accounts/deployments",
        "id": "/subscriptions/x/resourceGroups/rg-test/providers/Microsoft.CognitiveServices"
        f"/accounts/oai-test/deployments/{name}",
        "properties": {
            "deploymentState": "Running",
            "model": {"name": model, "format": "OpenAI", "version": version},
            "provisioningState": "Succeeded",
        },
        "sku": {"name": "GlobalStandard", "capacity": capacity},
    }


def test_deployments_have_the_shape_of_azures_example():
    (azure,) = example("ListDeployments.json")["value"]
    ours = deployment("chat", 100)
    assert set(ours) == set(azure)
    assert set(ours["properties"]) >= set(azure["properties"]) - {"serviceTier"}
    assert set(ours["properties"]["model"]) == set(azure["properties"]["model"])
    assert set(ours["sku"]) == set(azure["sku"])


def validate_live(arm: ArmEmulator, tmp_path: Path, capacity: int, *args: str, stack: str = MINIMAL):
    (tmp_path / "stack.yaml").write_text(stack.replace("capacity: 10", f"capacity: {capacity}"))
    return run_cli(
        "validate",
        "stack.yaml",
        "--live",
        "--arm-endpoint",
        arm.url,
        *FAST,
        *args,
        cwd=tmp_path,
        env=LIVE_ENV,
    )


def test_reapplying_an_unchanged_stack_does_not_count_its_capacity_twice(arm: ArmEmulator, tmp_path: Path):
    arm.usages["eastus"] = [usage(POOL, 150, 120), usage("OpenAI.Standard.gpt-4o", 10, 10)]
    arm.deployments["rg-test/oai-test"] = [deployment("chat", 100)]
    result = validate_live(arm, tmp_path, 100)
    assert result.returncode == 0, result.stdout
    assert "no problems found" in result.stdout
    (asked,) = arm.calls("usages:eastus")
    assert asked.query["$filter"] == [f"name.value eq '{POOL}'"]  # only the pools the stack draws on


def test_what_others_use_leaves_too_little(arm: ArmEmulator, tmp_path: Path):
    arm.usages["eastus"] = [usage(POOL, 150, 120)]  # no account yet: deployments.list answers 404
    result = validate_live(arm, tmp_path, 100)
    assert result.returncode == 1
    assert f"{CAPACITY_AT}: AOAI210 error quota {POOL} in eastus" in result.stdout
    assert (
        "100 units requested, over the limit of 30 (live: limit 150, 120 in use, 0 of it by these stacks'"
        in (result.stdout)
    )
    # Offline, the catalog has no default limit for this pool, so only --live can tell.
    assert run_cli("validate", "stack.yaml", cwd=tmp_path).returncode == 0


def test_deployments_the_stack_does_not_declare_keep_their_quota(arm: ArmEmulator, tmp_path: Path):
    arm.usages["eastus"] = [usage(POOL, 200, 160)]
    arm.deployments["rg-test/oai-test"] = [deployment("chat", 60), deployment("legacy", 50)]
    result = validate_live(arm, tmp_path, 250)
    assert result.returncode == 1
    assert "over the limit of 100 (live: limit 200, 160 in use, 60 of it by these stacks' deployments)" in (
        result.stdout
    )


def test_stacks_of_one_subscription_share_the_pool_and_each_is_read_once(arm: ArmEmulator, tmp_path: Path):
    prod = (
        MINIMAL.replace("rg-test", "rg-prod")
        .replace("oai-test", "oai-prod")
        .replace("capacity: 10", "capacity: 100")
    )
    (tmp_path / "dev.yaml").write_text(MINIMAL.replace("capacity: 10", "capacity: 100"))
    (tmp_path / "prod.yaml").write_text(prod)
    arm.usages["eastus"] = [usage(POOL, 300, 150)]
    arm.deployments["rg-test/oai-test"] = [deployment("chat", 100)]
    arm.deployments["rg-prod/oai-prod"] = []
    args = ("validate", "dev.yaml", "prod.yaml", "--live", "--arm-endpoint", arm.url, *FAST)
    result = run_cli(*args, cwd=tmp_path, env=LIVE_ENV)
    assert result.returncode == 0, result.stdout  # 300 - 150 + 100 = 250 left for 200
    assert len(arm.calls("usages:eastus")) == 1
    assert len(arm.calls("deployments:rg-test/oai-test")) == 1
    assert len(arm.calls("deployments:rg-prod/oai-prod")) == 1
    arm.usages["eastus"] = [usage(POOL, 300, 250)]  # 300 - 250 + 100 = 150 left for 200
    result = run_cli(*args, cwd=tmp_path, env=LIVE_ENV)
    assert result.returncode == 1
    assert "200 units requested, over the limit of 150" in result.stdout


def test_a_missing_role_makes_the_check_unverified_not_failed(arm: ArmEmulator, tmp_path: Path):
    arm.fail("usages:eastus", forbidden(), always=True)
    result = validate_live(arm, tmp_path, 100)
    assert result.returncode == 0, result.stdout
    assert f"{CAPACITY_AT}: AOAI212 warning quota {POOL} in eastus" in result.stdout
    assert "could not be read live, so it was checked against the catalog instead" in result.stdout
    assert "(Cognitive Services Usages Reader or Reader on the subscription)" in result.stdout


def test_unreadable_deployments_name_their_role(arm: ArmEmulator, tmp_path: Path):
    arm.usages["eastus"] = [usage(POOL, 150, 120)]
    arm.fail(
        "deployments:rg-test/oai-test",
        forbidden("Microsoft.CognitiveServices/accounts/deployments/read"),
        always=True,
    )
    result = validate_live(arm, tmp_path, 100)
    assert result.returncode == 0, result.stdout
    assert "AOAI212 warning" in result.stdout
    assert "(Reader on the resource group)" in result.stdout


def test_an_unreachable_region_makes_the_check_unverified(arm: ArmEmulator, tmp_path: Path):
    arm.fail("usages:eastus", unavailable(), always=True)
    result = validate_live(arm, tmp_path, 100, "--retries", "1")
    assert result.returncode == 0, result.stdout
    assert "AOAI212 warning" in result.stdout
    assert "ServiceUnavailable: Azure failed with HTTP 503 through every retry" in result.stdout
    assert len(arm.calls("usages:eastus")) == 2


def test_a_pool_azure_does_not_report_is_unverified(arm: ArmEmulator, tmp_path: Path):
    arm.usages["eastus"] = [usage("OpenAI.Standard.gpt-4o", 10, 0)]
    result = validate_live(arm, tmp_path, 100)
    assert "AOAI212 warning" in result.stdout
    assert f"Azure reports no quota named {POOL} in eastus" in result.stdout


# Closed to new customers (AOAI126): gpt-4.1 2025-04-14 closed on 2026-04-14 and retires on 2027-04-14.
CLOSED = MINIMAL.replace("gpt-5.4", "gpt-4.1").replace("2026-03-05", "2025-04-14")
SUBSCRIPTION_ID = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"
VERSION_AT = "stack.yaml:9:18"  # CLOSED's `version:` value
ON = ("--today", "2026-12-01")


def account(name: str, group: str, kind: str = "OpenAI") -> dict[str, Any]:
    """An accounts.list entry in the shape of Azure's ListAccountsBySubscription example."""
    return {
        "name": name,
        "type": "Microsoft.CognitiveServices/accounts",
        "etag": "W/\"datetime'2026-03-27T11%3A19%3A08.762494Z'\"",
        "id": f"/subscriptions/{SUBSCRIPTION_ID}/resourceGroups/{group}/providers/Microsoft.CognitiveServices"
        f"/accounts/{name}",
        "kind": kind,
        "location": "eastus",
        "properties": {"endpoint": f"https://{name}.openai.azure.com/", "provisioningState": "Succeeded"},
        "sku": {"name": "S0"},
    }


def test_accounts_have_the_shape_of_azures_example():
    azure = example("ListAccountsBySubscription.json")["value"][0]
    ours = account("oai-other", "rg-other")
    assert set(ours) == set(azure)
    assert set(ours["properties"]) == set(azure["properties"])


def serve_closed_case(arm: ArmEmulator) -> None:
    arm.usages["eastus"] = [usage("OpenAI.GlobalStandard.gpt-4.1", 1000, 0)]
    arm.accounts = [
        account("oai-other", "rg-other"),
        account("speech", "rg-other", kind="SpeechServices"),  # holds no OpenAI deployments: not read
    ]
    arm.deployments["rg-other/oai-other"] = [deployment("old", 10, "gpt-4o", "2024-08-06")]


def test_a_subscription_without_a_deployment_of_a_closed_version_is_refused(arm: ArmEmulator, tmp_path: Path):
    serve_closed_case(arm)
    result = validate_live(arm, tmp_path, 10, *ON, stack=CLOSED)
    assert result.returncode == 1, result.stdout
    assert (
        f"{VERSION_AT}: AOAI126 error gpt-4.1 2025-04-14 is closed to new customers as GlobalStandard since "
        f"2026-04-14, and subscription {SUBSCRIPTION_ID} has no deployment of it in its 1 account, so Azure "
        "refuses to create it" in result.stdout
    )
    assert "AOAI122" not in result.stdout
    assert len(arm.calls("accounts")) == 1
    assert len(arm.calls("deployments:rg-other/oai-other")) == 1
    assert not arm.calls("deployments:rg-other/speech")
    # Offline the same stack is a warning that says --live can tell.
    offline = run_cli("validate", "stack.yaml", *ON, cwd=tmp_path)
    assert offline.returncode == 0, offline.stdout
    assert f"{VERSION_AT}: AOAI122 warning gpt-4.1 2025-04-14 is closed to new customers" in offline.stdout
    assert "(`aoai-infra validate --live` tells whether this one can)" in offline.stdout


def test_an_existing_customer_may_create_more(arm: ArmEmulator, tmp_path: Path):
    serve_closed_case(arm)
    arm.deployments["rg-other/oai-other"].append(deployment("kept", 10, "GPT-4.1", "2025-04-14"))
    result = validate_live(arm, tmp_path, 10, *ON, stack=CLOSED)
    assert result.returncode == 0, result.stdout
    assert "AOAI126" not in result.stdout
    assert (
        f"{VERSION_AT}: AOAI122 warning gpt-4.1 2025-04-14 is closed to new customers as GlobalStandard "
        f"since 2026-04-14: subscription {SUBSCRIPTION_ID} has deployments of it, so it may create more"
        in result.stdout
    )


def test_subscriptions_are_read_only_for_versions_closed_to_new_customers(arm: ArmEmulator, tmp_path: Path):
    arm.usages["eastus"] = [usage(POOL, 1000, 0)]
    result = validate_live(arm, tmp_path, 10, *ON)
    assert result.returncode == 0, result.stdout
    assert not arm.calls("accounts")


def test_an_unreadable_subscription_leaves_a_warning_with_the_reason(arm: ArmEmulator, tmp_path: Path):
    serve_closed_case(arm)
    arm.fail("accounts", forbidden("Microsoft.CognitiveServices/accounts/read"), always=True)
    result = validate_live(arm, tmp_path, 10, *ON, stack=CLOSED)
    assert result.returncode == 0, result.stdout
    assert "AOAI126" not in result.stdout
    assert "AOAI122 warning gpt-4.1 2025-04-14 is closed to new customers" in result.stdout
    assert f"whether subscription {SUBSCRIPTION_ID} has deployments of it could not be read" in result.stdout
    assert "(Reader on the subscription)" in result.stdout


def test_an_unreadable_account_leaves_a_warning_unless_another_has_the_version(
    arm: ArmEmulator, tmp_path: Path
):
    serve_closed_case(arm)
    arm.accounts.append(account("oai-locked", "rg-locked"))
    arm.fail("deployments:rg-locked/oai-locked", forbidden(), always=True)
    result = validate_live(arm, tmp_path, 10, *ON, stack=CLOSED)
    assert result.returncode == 0, result.stdout
    assert "the deployments of oai-locked could not be read" in result.stdout
    arm.deployments["rg-other/oai-other"].append(deployment("kept", 10, "gpt-4.1", "2025-04-14"))
    result = validate_live(arm, tmp_path, 10, *ON, stack=CLOSED)
    assert "has deployments of it, so it may create more" in result.stdout


def test_an_account_deleted_since_it_was_listed_has_no_deployments(arm: ArmEmulator, tmp_path: Path):
    serve_closed_case(arm)
    arm.accounts.append(account("oai-gone", "rg-gone"))  # deployments.list answers 404
    result = validate_live(arm, tmp_path, 10, *ON, stack=CLOSED)
    assert result.returncode == 1, result.stdout
    assert "has no deployment of it in its 2 accounts" in result.stdout


def test_an_account_id_that_is_not_one_makes_the_answer_malformed(arm: ArmEmulator, tmp_path: Path):
    serve_closed_case(arm)
    forged = account("oai-x", "rg-x")
    forged["id"] = (
        "/subscriptions/other/resourceGroups/rg-x/providers/Microsoft.CognitiveServices/accounts/\x1b[2J"
    )
    arm.accounts.append(forged)
    result = validate_live(arm, tmp_path, 10, *ON, stack=CLOSED)
    assert result.returncode == 0, result.stdout
    assert "AOAI122 warning" in result.stdout
    assert (
        "could not be read: Azure's answer lists an account with the id /subscriptions/other/"
        in result.stdout
    )
    assert "accounts/\\x1b[2J; move to" in result.stdout
    assert "\x1b" not in result.stdout
    assert not arm.calls("deployments:rg-x/\x1b[2j")


def test_a_subscription_with_more_accounts_than_are_read_is_not_guessed(
    arm: ArmEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    serve_closed_case(arm)
    arm.accounts.append(account("oai-second", "rg-other"))
    monkeypatch.setattr(customers, "MAX_ACCOUNTS", 1)
    (tmp_path / "stack.yaml").write_text(CLOSED)
    monkeypatch.chdir(tmp_path)
    connection = connect(arm)
    try:
        settings = Settings(today=datetime.date(2026, 12, 1), live=LiveReader(connection))
        report = validate_paths(["stack.yaml"], settings)
    finally:
        connection.close()
    (finding,) = [f for f in report.findings if f.code.startswith("AOAI12")]
    assert finding.code == "AOAI122"
    assert "the subscription has 2 accounts, more than 1 read" in finding.message
    assert not arm.calls("deployments:rg-other/oai-other")
