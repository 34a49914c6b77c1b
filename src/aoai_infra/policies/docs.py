"""docs/policies.md from the pack: each policy module's docstring, declaration and settings.

`python -m aoai_infra.docs` writes it, with the rule pages.

A test fails when the committed page differs from what this writes, so the page cannot go stale.

Imports: aoai_infra.policies; pulumi_policy.
"""

from __future__ import annotations

import inspect
import json
from types import ModuleType
from typing import Any

from pulumi_policy import StackValidationPolicy

from aoai_infra.policies.pack import MODULES

HEADER = """\
# Policies

aoai-infra's CrossGuard policy pack (`policies/`). Run it on a real preview with
`pulumi preview --policy-pack policies/ --policy-pack-config policies/config.json`, or offline, before
merge, with `aoai-infra check-policies stacks/ --policy-config policies/config.json`. The policies read
pulumi-azure-native properties, so they guard any Pulumi program that creates Azure OpenAI resources.

This page is generated from `src/aoai_infra/policies/` by `python -m aoai_infra.docs`.
"""


def render() -> str:
    parts = [HEADER, "| Policy | Checks | Enforcement | Severity |", "| --- | --- | --- | --- |"]
    parts += [_row(module) for module in MODULES]
    parts += [_section(module) for module in MODULES]
    return "\n".join(parts).rstrip() + "\n"


def _row(module: ModuleType) -> str:
    policy = module.POLICY
    kind = "the stack" if isinstance(policy, StackValidationPolicy) else "each resource"
    return f"| [`{policy.name}`](#{policy.name}) | {kind} | {_level(policy)} | {policy.severity.value} |"


def _section(module: ModuleType) -> str:
    policy = module.POLICY
    lines = [
        "",
        f"## {policy.name}",
        "",
        f"{policy.description} *{_level(policy).capitalize()}, severity {policy.severity.value}.*",
        "",
        _documentation(module),
        "",
        f"**Remediation.** {policy.remediation_steps}",
    ]
    if module.SPEC_FIX is not None:
        # What a violation of a stack file's resource adds to its message (policy.in_stack_file_terms).
        fix = module.SPEC_FIX.format(name="<name>").removeprefix("in the stack file, ")
        lines += ["", f"**In a stack file**, a violation also says: {fix}."]
    if policy.config_schema is not None:
        lines += ["", "| Setting | Type | Default | Meaning |", "| --- | --- | --- | --- |"]
        lines += [_setting(key, spec) for key, spec in policy.config_schema.properties.items()]
    module_file = module.__name__.replace(".", "/")
    lines += ["", f"Source: [`src/{module_file}.py`](../src/{module_file}.py)"]
    return "\n".join(lines)


def _documentation(module: ModuleType) -> str:
    """The module's docstring, without its `Imports:` paragraph (which is for the code's readers)."""
    paragraphs = inspect.cleandoc(module.__doc__ or "").split("\n\n")
    return "\n\n".join(part for part in paragraphs if not part.startswith("Imports:"))


def _setting(key: str, spec: dict[str, Any]) -> str:
    kind = spec.get("type") or " or ".join(option.get("type", "?") for option in spec.get("anyOf", []))
    if kind == "array":
        kind = f"array of {spec['items']['type']}"
    default = json.dumps(spec["default"]) if "default" in spec else "—"
    return f"| `{key}` | {kind} | `{default}` | {spec.get('description', '')} |"


def _level(policy: Any) -> str:
    return policy.enforcement_level.value if policy.enforcement_level else "advisory"
