"""AOAI110: the deployment type processes data outside what the stack's `data_residency` allows.

`data_residency: datazone` keeps prompts and completions inside the data zone of the region, so Global
types are refused; `region` keeps them in the region's geography, so Global and DataZone types are refused
(Microsoft's deployment types page, S_DEPLOY_TYPES in the catalog).

Imports: aoai_infra.findings, aoai_infra.rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import DeploymentRef, StackContext

if TYPE_CHECKING:
    from aoai_infra.catalog.model import DeploymentType

RESIDENCY = Rule(
    "AOAI110",
    "data-residency",
    Severity.ERROR,
    "The deployment type processes data outside the allowed area.",
)
"""The stack's `data_residency` limits where prompts and completions may be processed:

| data_residency | forbids | because |
| --- | --- | --- |
| `none` | nothing | |
| `datazone` | Global types | they may process data in any Azure region |
| `region` | Global and DataZone types | DataZone types may process data anywhere in the data zone |

Source: Microsoft's deployment types page (`S_DEPLOY_TYPES`). Data at rest stays in the geography for
every type.

**Fix:** use a type the setting allows (DataZone or regional types for `datazone`; Standard or ProvisionedManaged for `region`), or change `data_residency` if the requirement changed.
"""  # noqa: E501
RULES = (RESIDENCY,)

# For each data_residency setting, the deployment type scopes it forbids and the types that fit instead.
FORBIDDEN_SCOPES = {"datazone": {"global"}, "region": {"global", "datazone"}}
INSTEAD = {"datazone": "a DataZone type or a regional one", "region": "Standard or ProvisionedManaged"}


def forbids(setting: str, kind: DeploymentType) -> bool:
    """Whether `data_residency: setting` refuses deployment type `kind` (the policy pack asks too)."""
    return kind.scope in FORBIDDEN_SCOPES.get(setting, set()) and kind.family != "developer"


def check(ctx: StackContext) -> Iterator[Finding]:
    if ctx.spec.data_residency not in FORBIDDEN_SCOPES:
        return
    for ref in ctx.deployments:
        finding = residency(ref)
        if finding is not None:
            yield finding


def residency(ref: DeploymentRef) -> Finding | None:
    found = ref.deployment_type
    if found is None or not forbids(ref.stack.spec.data_residency, found[1]):
        return None
    setting = ref.stack.spec.data_residency
    name, kind = found
    message = (
        f"data_residency: {setting} forbids {name}, which may process data {_area(kind.scope)}; "
        f"use {INSTEAD[setting]} instead"
    )
    return RESIDENCY.finding(ref.stack.file, ref.at("sku"), message)


def _area(scope: str) -> str:
    return "in any Azure region" if scope == "global" else "anywhere in the data zone"
