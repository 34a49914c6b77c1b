"""Every argument provisioning sends is one the installed pulumi-azure-native takes, at every depth.

A top-level argument the SDK does not know fails at construction, but a key inside a nested mapping
(`properties.spillover_deployment_name`) would be sent to Azure unchecked. This walks each resource of the
stacks' resource list against the SDK's own `*ArgsDict` types, found from its annotations.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from aoai_infra.provision.component import CLASSES
from aoai_infra.stack.load import load_stack
from aoai_infra.stack.resources import known, stack_resources
from tests.conftest import REPO

STACKS = [REPO / "tests/policies/stacks/every-field.yaml", *sorted((REPO / "stacks").glob("*.yaml"))]
_ARGS_DICT = re.compile(r"(\w+ArgsDict)")


def _dict_type(annotation: Any, namespace: dict[str, Any]) -> Any:
    """The `*ArgsDict` TypedDict an annotation names (directly, or as the items of a list), if any."""
    found = _ARGS_DICT.search(str(annotation))
    return namespace.get(found.group(1)) if found else None


def _check(value: Any, typed: Any, namespace: dict[str, Any], where: str) -> int:
    """The number of keys checked below `where`; fails on a key the SDK's type does not have."""
    if typed is None:
        return 0
    items = value if isinstance(value, list) else [value]
    checked = 0
    for item in items:
        if not isinstance(item, Mapping):
            continue
        fields = typed.__annotations__
        for key, inner in item.items():
            assert key in fields, f"{where}.{key} is not an argument of {typed.__name__}"
            checked += 1 + _check(inner, _dict_type(fields[key], namespace), namespace, f"{where}.{key}")
    return checked


@pytest.mark.parametrize("path", STACKS, ids=[path.name for path in STACKS])
def test_every_argument_is_one_the_installed_sdk_takes(path: Path):
    loaded = load_stack(path, path.name)
    assert loaded.spec is not None
    checked = 0
    for resource in stack_resources(loaded.spec, production=True):
        cls = CLASSES[resource.kind]
        parameters = inspect.signature(cls._internal_init).parameters
        namespace = vars(sys.modules[cls.__module__])
        for name, value in known(resource.args).items():
            assert name in parameters, f"{resource.kind} {resource.name}: {name} is not an argument of {cls}"
            typed = _dict_type(parameters[name].annotation, namespace)
            checked += 1 + _check(value, typed, namespace, f"{resource.kind} {resource.name}: {name}")
    assert checked > 40
