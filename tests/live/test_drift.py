"""`aoai-infra drift` against the ARM emulator: an exported estate has no drift; each kind of edit in Azure
shows up in its class."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import run_cli
from tests.live.conftest import FAST, LIVE_ENV
from tests.live.emulator import ArmEmulator, forbidden
from tests.live.test_export import GROUP, deployment, export, serve_estate


def drift(arm: ArmEmulator, tmp_path: Path, *args: str) -> Any:
    return run_cli("drift", "prod.yaml", "--arm-endpoint", arm.url, *FAST, *args, cwd=tmp_path, env=LIVE_ENV)


def exported(arm: ArmEmulator, tmp_path: Path) -> None:
    serve_estate(arm)
    done = export(arm, tmp_path, "--out", "prod.yaml")
    assert done.returncode in (0, 1), done.stderr


def test_an_exported_estate_has_no_drift(arm: ArmEmulator, tmp_path: Path):
    exported(arm, tmp_path)
    done = drift(arm, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "  no drift\n" in done.stdout
    assert done.stdout.endswith("1 stacks: 0 changed by azure, 0 changed outside, 0 undeclared, 0 missing\n")


def test_each_edit_in_azure_shows_up_in_its_class(arm: ArmEmulator, tmp_path: Path):
    exported(arm, tmp_path)
    prod = f"{GROUP}/oai-prod"
    chat, legacy = arm.deployments[prod]
    chat["properties"]["model"]["version"] = "2026-05-01"  # upgraded by Azure: its policy lets it
    chat["sku"]["capacity"] = 100
    arm.deployments[prod] = [chat, {**legacy, "sku": {"name": "GlobalStandard", "capacity": 50}}]
    arm.deployments[f"{GROUP}/oai-keys"] = [
        deployment("oai-keys", "shadow", 30)
    ]  # chat deleted, shadow added
    done = drift(arm, tmp_path, "--format", "json")
    assert done.returncode == 1, done.stderr
    found = {(d["class"], d["name"]): d["fields"] for d in json.loads(done.stdout)["stacks"][0]["drift"]}
    assert found[("changed_by_azure", "oai-prod/chat")] == {
        "version": {"declared": "2026-03-05", "live": "2026-05-01"}
    }
    assert found[("changed_outside", "oai-prod/legacy")] == {"capacity": {"declared": 10, "live": 50}}
    assert ("missing", "oai-keys/chat") in found
    assert ("undeclared", "oai-keys/shadow") in found
    assert json.loads(done.stdout)["summary"] == {
        "changed_by_azure": 1,
        "changed_outside": 1,
        "undeclared": 1,
        "missing": 1,
        "exit_code": 1,
    }


def test_a_version_moved_under_no_auto_upgrade_was_changed_outside(arm: ArmEmulator, tmp_path: Path):
    exported(arm, tmp_path)
    legacy = arm.deployments[f"{GROUP}/oai-prod"][1]
    legacy["properties"]["model"]["version"] = "2026-05-01"
    done = drift(arm, tmp_path, "--format", "json")
    (found,) = json.loads(done.stdout)["stacks"][0]["drift"]
    assert (found["class"], found["name"]) == ("changed_outside", "oai-prod/legacy")


def test_an_account_no_stack_declares_is_undeclared_and_markdown_says_so(arm: ArmEmulator, tmp_path: Path):
    exported(arm, tmp_path)
    stranger = json.loads(json.dumps(arm.accounts[0]).replace("oai-prod", "oai-stranger"))
    stranger["properties"].pop("privateEndpointConnections")
    arm.accounts.append(stranger)
    arm.deployments[f"{GROUP}/oai-stranger"] = []
    done = drift(arm, tmp_path, "--format", "markdown")
    assert done.returncode == 1
    assert done.stdout.startswith("<!-- aoai-infra drift -->\n### aoai-infra drift: 1 stacks: ")
    assert "| undeclared | account | `oai-stranger` |  |" in done.stdout


def test_what_cannot_be_read_makes_the_run_incomplete(arm: ArmEmulator, tmp_path: Path):
    exported(arm, tmp_path)
    arm.fail(f"deployments:{GROUP}/oai-prod".lower(), forbidden(), always=True)
    done = drift(arm, tmp_path)
    assert done.returncode == 2
    assert "could not read: oai-prod (eastus): its deployments:" in done.stdout


def test_names_from_azure_cannot_format_or_mention_in_the_markdown(arm: ArmEmulator, tmp_path: Path):
    exported(arm, tmp_path)
    arm.deployments[f"{GROUP}/oai-keys"].append(deployment("oai-keys", "x|@team`**", 30))
    done = drift(arm, tmp_path, "--format", "markdown")
    assert done.returncode == 1
    assert "| undeclared | deployment | `oai-keys/x\\|@team'**` |  |" in done.stdout
