"""`aoai-infra plan OLD.yaml NEW.yaml` as a user runs it: formats, exit codes, --fail-on, --output."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli
from tests.plan.helpers import mini, ptu, stack

TODAY = "--today=2026-11-21"


@pytest.fixture
def pair(tmp_path: Path):
    def write(old: str, new: str) -> tuple[str, str]:
        (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
        (tmp_path / "prod.yaml").write_text(new, encoding="utf-8")
        return str(tmp_path / "old.yaml"), str(tmp_path / "prod.yaml")

    return write


def test_text_lists_each_change_with_its_fields_and_losses(pair) -> None:
    old, new = pair(stack(mini(100), ptu(15)), stack(mini(300), ptu(15, sku="DataZoneProvisionedManaged")))
    done = run_cli("plan", old, new, TODAY)
    assert done.returncode == 0, done.stderr
    assert f"prod ({old} → {new}):" in done.stdout
    assert "  ~   update  deployment oai-test/chat\n        capacity: 100 → 300\n" in done.stdout
    assert "  -/+ replace deployment oai-test/ptu (sku forces replacement)\n" in done.stdout
    assert "        sku: GlobalProvisionedManaged → DataZoneProvisionedManaged\n" in done.stdout
    assert "        ! its 15 PTU of gpt-5.4 GlobalProvisionedManaged quota are released" in done.stdout
    pool = "OpenAI.GlobalStandard.gpt-4o-mini in eastus (subscription 6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7)"
    assert f"{pool}: 100 → 300 of 2000 (tier1 limit)" in done.stdout
    assert (
        "oai-test/ptu: $10,950.00 → $13,140.00; $1.00 per PTU-hour (RETAIL_API_FULL_2024_11, dated "
        "2025-08-25, effective 2024-11-01; recorded 2025-08-25, over a year ago: refresh with `aoai-infra "
        "catalog prices`) → $1.20 per PTU-hour (RETAIL_API_PARTIAL_2026_09, dated 2026-09-01, effective "
        "2026-09-01)"
    ) in done.stdout
    assert done.stdout.endswith("Plan: 0 to create, 1 to update, 1 to replace, 0 to delete; 1 destructive.\n")


def test_reordered_deployments_plan_nothing(pair) -> None:
    old, new = pair(stack(ptu(15), ptu(20, name="ptu-2")), stack(ptu(20, name="ptu-2"), ptu(15)))
    done = run_cli("plan", old, new, TODAY)
    assert (done.returncode, done.stdout) == (0, f"prod ({old} → {new}): no changes\n\nPlan: no changes.\n")


def test_json_has_the_documented_shape(pair) -> None:
    old, new = pair(stack(mini(100), ptu(15)), stack(mini(100, name="chat-2"), ptu(30)))
    done = run_cli("plan", old, new, "--format", "json", TODAY)
    document = json.loads(done.stdout)
    assert set(document) >= {"version", "changes", "quota", "cost", "findings", "summary", "stacks"}
    assert document["changes"][0] == {
        "stack": "prod",
        "kind": "deployment",
        "name": "oai-test/chat",
        "action": "delete",
        "fields": {
            "model": {"old": "gpt-4o-mini", "new": None},
            "format": {"old": "OpenAI", "new": None},
            "version": {"old": "2024-07-18", "new": None},
            "sku": {"old": "GlobalStandard", "new": None},
            "capacity": {"old": 100, "new": None},
            "upgrade": {"old": "OnceCurrentVersionExpired", "new": None},
        },
        "destructive": True,
        "replaced_by": [],
        "losses": [
            "requests to deployment 'chat' fail and traffic in flight is cut",
            "its 100 units (1,000 tokens per minute each) of gpt-4o-mini GlobalStandard quota are released",
        ],
        "protected": False,
    }
    assert [(c["name"], c["action"]) for c in document["changes"]] == [
        ("oai-test/chat", "delete"),
        ("oai-test/chat-2", "create"),
        ("oai-test/ptu", "update"),
    ]
    assert document["quota"] == [
        {
            "subscription": "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7",
            "region": "eastus",
            "usage_name": "OpenAI.GlobalProvisionedManaged.PTU",
            "before": 15,
            "after": 30,
            "limit": 500,
            "limit_origin": f"approved override in {new}",
            "status": "ok",
        }
    ]
    assert document["cost"]["before"]["provisioned_monthly"] == 10950.0
    assert document["cost"]["after"]["provisioned_monthly"] == 21900.0
    assert document["summary"] == {
        "create": 1, "update": 1, "replace": 0, "delete": 1, "destructive": 1, "errors": 0, "warnings": 1,
        "exit_code": 0,
    }  # fmt: skip


def test_fail_on_destructive_exits_1_only_when_something_is_destroyed(pair) -> None:
    old, new = pair(stack(mini(100)), stack(mini(200)))
    assert run_cli("plan", old, new, "--fail-on", "destructive", TODAY).returncode == 0
    old, new = pair(stack(mini(100)), stack(mini(100, sku="DataZoneStandard")))
    done = run_cli("plan", old, new, "--fail-on", "destructive", TODAY)
    assert done.returncode == 1
    assert "1 destructive" in done.stdout


def test_fail_on_error_exits_1_when_the_new_version_has_validator_errors(pair) -> None:
    old, new = pair(stack(mini(100)), stack(mini(2100)))
    assert run_cli("plan", old, new, TODAY).returncode == 0
    done = run_cli("plan", old, new, "--fail-on", "error", TODAY)
    assert done.returncode == 1
    assert "AOAI210 error quota OpenAI.GlobalStandard.gpt-4o-mini in eastus" in done.stdout


def test_a_new_version_that_does_not_load_cannot_be_planned(pair) -> None:
    old, new = pair(stack(mini(100)), stack(mini(100)).replace("capacity: 100", "capacity: lots"))
    done = run_cli("plan", old, new, TODAY)
    assert done.returncode == 2
    assert "prod (" in done.stdout
    assert "cannot be compared; see the findings below" in done.stdout
    assert f"{new}:8:" in done.stdout
    assert "AOAI012" in done.stdout
    assert "INCOMPLETE" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_missing_old_file_is_unreadable_input(pair, tmp_path: Path) -> None:
    _, new = pair(stack(mini(100)), stack(mini(100)))
    done = run_cli("plan", str(tmp_path / "nope.yaml"), new, TODAY)
    assert done.returncode == 2
    assert f"{tmp_path / 'nope.yaml'}:1:1: AOAI001 error no such file; check the path" in done.stdout


def test_one_path_without_base_is_a_usage_error(pair) -> None:
    _, new = pair(stack(mini(100)), stack(mini(100)))
    done = run_cli("plan", new)
    assert done.returncode == 2
    assert "plan compares two files, plan OLD.yaml NEW.yaml" in done.stderr


def test_output_writes_the_file_whole(pair, tmp_path: Path) -> None:
    old, new = pair(stack(mini(100)), stack(mini(200)))
    target = tmp_path / "plan.md"
    done = run_cli("plan", old, new, "--format", "markdown", "--output", str(target), TODAY)
    assert (done.returncode, done.stdout) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("<!-- aoai-infra plan -->\n### aoai-infra plan: ")
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_output_into_a_missing_directory_fails_cleanly(pair, tmp_path: Path) -> None:
    old, new = pair(stack(mini(100)), stack(mini(200)))
    done = run_cli("plan", old, new, "--output", str(tmp_path / "missing" / "plan.md"), TODAY)
    assert done.returncode == 2
    assert f"aoai-infra: cannot write {tmp_path / 'missing' / 'plan.md'}" in done.stderr
    assert not (tmp_path / "missing").exists()


def test_planning_again_and_again_keeps_nothing_it_made():
    # plan runs with the cyclic collector paused and freezes what it made (aoai_infra.plan.run): anything
    # left in a reference cycle would never be freed.
    import gc

    from aoai_infra.plan.run import make_plan

    paths = [str(REPO / "docs/examples/prod-eastus-before.yaml"), str(REPO / "stacks/prod-eastus.yaml")]
    make_plan(paths, None, today=datetime.date(2026, 10, 5))
    before = gc.get_freeze_count()
    for _ in range(3):
        make_plan(paths, None, today=datetime.date(2026, 10, 5))
    assert gc.get_freeze_count() == before
