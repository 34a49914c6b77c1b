"""Plan shows every argument provisioning sends: both read the one list of a stack's resources."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from aoai_infra.plan.resources import IMPLIED_ARGS, compared
from aoai_infra.stack.load import load_stack
from aoai_infra.stack.resources import Ref, Resource, stack_resources
from tests.conftest import REPO

STACKS = [
    REPO / "tests/policies/stacks/every-field.yaml",  # sets every key of the stack format
    *sorted((REPO / "stacks").glob("*.yaml")),
]

Access = tuple[str | int, ...]
SWITCHED = {"Enabled": "Disabled", "Disabled": "Enabled"}  # Azure's two values of a switch


def leaves(value: Any, shown: str = "", at: Access = ()) -> Iterator[tuple[str, Access]]:
    """Each leaf argument: its path as IMPLIED_ARGS writes it (lists as []), and how to reach it."""
    if isinstance(value, Ref):
        return  # another resource's output: it changes with that resource, and shows there
    if isinstance(value, Mapping):
        for name, item in value.items():
            yield from leaves(item, f"{shown}.{name}" if shown else name, (*at, name))
    elif isinstance(value, list):  # an empty list has no leaf to change
        for index, item in enumerate(value):
            yield from leaves(item, f"{shown}[]", (*at, index))
    else:
        yield shown, at


def changed(value: Any, at: Access) -> Any:
    """`value` with the leaf at `at` changed (a copy)."""
    if not at:
        if isinstance(value, bool):
            return not value
        if isinstance(value, int):
            return value + 1
        return SWITCHED.get(value, f"{value}-changed")
    head, rest = at[0], at[1:]
    if isinstance(value, Mapping):
        return {name: changed(item, rest) if name == head else item for name, item in value.items()}
    return [changed(item, rest) if index == head else item for index, item in enumerate(value)]


def listed(path: Path) -> list[Resource]:
    stack = load_stack(path, path.name)
    assert stack.spec is not None, stack.findings
    return stack_resources(stack.spec, production=True)


@pytest.mark.parametrize("path", STACKS, ids=[path.name for path in STACKS])
def test_every_argument_provisioning_sends_shows_in_the_plan(path: Path):
    resources = listed(path)
    before = compared(resources)
    checked = 0
    for index, resource in enumerate(resources):
        for shown, at in leaves(resource.args):
            if shown in IMPLIED_ARGS[resource.kind]:
                continue
            edited = dataclasses.replace(resource, args=changed(resource.args, at))
            after = compared([*resources[:index], edited, *resources[index + 1 :]])
            assert after != before, f"{resource.kind} {resource.name}: {shown} is not in the plan's fields"
            checked += 1
    assert checked > 20


def test_the_stacks_checked_send_every_kind_of_resource():
    kinds = {resource.kind for path in STACKS for resource in listed(path)}
    assert kinds == set(IMPLIED_ARGS)


def test_identity_arguments_are_arguments_provisioning_sends():
    sent = {
        (resource.kind, shown)
        for path in STACKS
        for resource in listed(path)
        for shown, _ in leaves(resource.args)
    }
    refs = {
        "scope",
        "resource_uri",
        "private_endpoint_name",
        "private_link_service_connections[].private_link_service_id",
    }
    for kind, names in IMPLIED_ARGS.items():
        for name in names - refs:
            assert (kind, name) in sent, (kind, name)


def test_each_resource_waits_only_for_resources_listed_before_it():
    for path in STACKS:
        seen: set[tuple[str, str]] = set()
        for resource in listed(path):
            assert set(resource.depends_on) <= seen, resource.name
            seen.add(resource.key)


def test_an_argument_no_view_names_yet_shows_by_its_own_path():
    resources = listed(STACKS[0])
    index, deployment = next((i, r) for i, r in enumerate(resources) if r.kind == "deployment")
    properties = {
        **deployment.args["properties"],
        "dynamic_throttling_enabled": True,
        "rules": [{"tier": "b"}, {"tier": "a"}],
    }
    edited = dataclasses.replace(deployment, args={**deployment.args, "properties": properties})
    after = compared([*resources[:index], edited, *resources[index + 1 :]])
    fields = after[("deployment", deployment.name)].fields
    assert fields["properties.dynamic_throttling_enabled"] is True
    assert fields["properties.rules.tier"] == ["a", "b"]  # every item, in an order that is no change
    assert (
        "properties.dynamic_throttling_enabled"
        not in compared(resources)[("deployment", deployment.name)].fields
    )
