"""check-policies on a stack that uses every key of the stack format: each must reach the policies as the
SDK's outputs look (a user-assigned identity once ended in "internal error"), and none may be forgotten."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from aoai_infra.stack.model import StackSpec
from tests.conftest import REPO, run_cli

STACK = REPO / "tests" / "policies" / "stacks" / "every-field.yaml"


def format_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every key of the format below `model`, as dotted paths (`accounts.network.ip_rules`)."""
    keys = set()
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        keys.add(path)
        for inner in _models(field.annotation):
            keys |= format_keys(inner, f"{path}.")
    return keys


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin in (list, Union, types.UnionType) or str(origin).endswith("Annotated"):
        return [model for arg in args for model in _models(arg)]
    if origin is dict:
        return _models(args[1])
    return []


def used_keys(data: Any, prefix: str = "", in_mapping_of_values: bool = False) -> set[str]:
    keys = set()
    if isinstance(data, dict):
        for key, value in data.items():
            # content_filters, tags and quota are keyed by the user's own names, not by the format's.
            step = prefix.rstrip(".") if in_mapping_of_values else f"{prefix}{key}"
            keys.add(step)
            by_name = key in ("content_filters", "quota") and not in_mapping_of_values
            keys |= used_keys(value, f"{step}.", by_name)
    elif isinstance(data, list):
        for item in data:
            keys |= used_keys(item, prefix)
    return keys


def test_the_stack_uses_every_key_of_the_format():
    data = yaml.safe_load(STACK.read_text(encoding="utf-8"))
    missing = format_keys(StackSpec) - used_keys(data)
    assert not missing, f"add these keys to {STACK.name}: {sorted(missing)}"


def test_check_policies_runs_on_every_key_of_the_format():
    result = run_cli("check-policies", str(STACK), "--today", "2026-11-21")
    assert "internal error" not in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("checked 1 stack against 16 policies: no violations\n")
