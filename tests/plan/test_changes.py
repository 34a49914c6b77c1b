"""The plan between two versions of a stack, case by case from changes.cases.yaml."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from aoai_infra.plan.changes import Change, diff
from aoai_infra.plan.resources import account_kind_replaces, resources
from aoai_infra.stack.model import StackSpec

CASES = yaml.safe_load((Path(__file__).with_name("changes.cases.yaml")).read_text(encoding="utf-8"))


def edited(data: dict[str, Any], edits: list[dict[str, Any]]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for edit in edits:
        for path, value in edit.get("set", {}).items():
            parent, last = _walk(data, path)
            parent[last] = value
        for path in edit.get("remove", []):
            parent, last = _walk(data, path)
            del parent[last]
        for path, item in edit.get("append", {}).items():
            parent, last = _walk(data, path)
            parent[last].append(item)
        for path in edit.get("reverse", []):
            parent, last = _walk(data, path)
            parent[last].reverse()
    return data


def _walk(data: Any, path: str) -> tuple[Any, Any]:
    *steps, last = [int(step) if step.isdigit() else step for step in str(path).split(".")]
    for step in steps:
        data = data[step]
    return data, last


def plan_of(old: dict[str, Any], new: dict[str, Any], stack: str = "test") -> list[Change]:
    before = resources(StackSpec.model_validate(old), stack)
    after = resources(StackSpec.model_validate(new), stack)
    return diff(stack, before, after)


def _seen(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "name": change.name,
        "action": change.action,
        "fields": sorted(change.fields),
        "replaced_by": list(change.replaced_by),
        "destructive": change.destructive,
    }


def _expected(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": entry["kind"],
        "name": entry["name"],
        "action": entry["action"],
        "fields": sorted(entry["fields"]),
        "replaced_by": entry.get("replaced_by", []),
        "destructive": entry.get("destructive", False),
    }


@pytest.mark.parametrize("case", CASES["cases"], ids=[case["name"] for case in CASES["cases"]])
def test_case(case: dict[str, Any]) -> None:
    changes = plan_of(CASES["base"], edited(CASES["base"], case["edits"]))
    assert [_seen(change) for change in changes] == [_expected(entry) for entry in case["expect"]]


def test_every_destructive_change_says_what_is_lost() -> None:
    for case in CASES["cases"]:
        for change in plan_of(CASES["base"], edited(CASES["base"], case["edits"])):
            assert bool(change.losses) == change.destructive, (case["name"], change.name)


def test_an_account_replacement_names_its_endpoint_its_deployments_and_the_soft_delete() -> None:
    new = edited(CASES["base"], [{"set": {"accounts.0.location": "swedencentral"}}])
    account = plan_of(CASES["base"], new)[0]
    assert account.losses[0].startswith("the endpoint https://contoso-a.openai.azure.com/ goes away")
    assert "its 2 deployments (chat, embeddings) go with it" in account.losses[1]
    assert any("soft-deleted for 48 hours" in loss for loss in account.losses)
    assert any("managed identity is new" in loss for loss in account.losses)


def test_a_deployment_replacement_says_its_quota_is_released_while_it_is_recreated() -> None:
    new = edited(CASES["base"], [{"set": {"accounts.0.deployments.0.sku": "DataZoneStandard"}}])
    (change,) = plan_of(CASES["base"], new)
    assert change.losses == (
        "requests to deployment 'chat' fail until it is created again; traffic in flight is cut",
        "its 100 units (1,000 tokens per minute each) of gpt-5.4 GlobalStandard quota are released while "
        "it is recreated, and another deployment may take them",
    )


def test_a_protected_account_is_flagged_when_it_would_be_deleted() -> None:
    new = edited(CASES["base"], [{"remove": ["accounts.1"]}])
    before = resources(StackSpec.model_validate(CASES["base"]), "prod-test")
    after = resources(StackSpec.model_validate(new), "prod-test")
    account = diff("prod-test", before, after)[0]
    assert (account.name, account.action, account.protected) == ("oai-b", "delete", True)
    unprotected = plan_of(CASES["base"], new, stack="dev")[0]
    assert unprotected.protected is False


def test_turning_protect_off_is_an_update_not_a_delete() -> None:
    new = edited(CASES["base"], [{"set": {"accounts.1.protect": False}}])
    before = resources(StackSpec.model_validate(CASES["base"]), "prod-test")
    after = resources(StackSpec.model_validate(new), "prod-test")
    (change,) = diff("prod-test", before, after)
    assert (change.action, change.fields["protect"].old, change.fields["protect"].new) == (
        "update",
        True,
        False,
    )


@pytest.mark.parametrize(
    ("old", "new", "replaces"),
    [("OpenAI", "AIServices", False), ("AIServices", "OpenAI", False), ("OpenAI", "CognitiveServices", True)],
)
def test_only_openai_and_aiservices_convert_in_place(old: str, new: str, replaces: bool) -> None:
    assert account_kind_replaces(old, new) is replaces
