"""`aoai-infra validate --live`: quota left in Azure, with the stacks' own deployments (ARM emulator)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import MINIMAL, run_cli
from tests.live.conftest import FAST, LIVE_ENV, usage
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
