"""AOAI110: the deployment type processes data outside what the stack's `data_residency` allows.

`data_residency: datazone` keeps prompts and completions inside the data zone of the region, so Global
types are refused; `region` keeps them in the region's geography, so Global and DataZone types are refused
(Microsoft's deployment types page, S_DEPLOY_TYPES in the catalog).
"""

from __future__ import annotations

from collections.abc import Iterator

from aoai_infra.findings import Finding, Severity
from aoai_infra.rules.context import DeploymentRef, StackContext
from aoai_infra.rules.rule import Rule

RESIDENCY = Rule(
    "AOAI110",
    "data-residency",
    Severity.ERROR,
    "The deployment type processes data outside the allowed area.",
)
RULES = (RESIDENCY,)

# For each data_residency setting, the deployment type scopes it forbids and the types that fit instead.
_FORBIDDEN = {"datazone": {"global"}, "region": {"global", "datazone"}}
_INSTEAD = {"datazone": "a DataZone type or a regional one", "region": "Standard or ProvisionedManaged"}


def check(ctx: StackContext) -> Iterator[Finding]:
    forbidden = _FORBIDDEN.get(ctx.spec.data_residency)
    if not forbidden:
        return
    for ref in ctx.deployments:
        finding = residency(ref, forbidden)
        if finding is not None:
            yield finding


def residency(ref: DeploymentRef, forbidden: set[str]) -> Finding | None:
    found = ref.deployment_type
    if found is None or found[1].scope not in forbidden or found[1].family == "developer":
        return None
    setting = ref.stack.spec.data_residency
    name, kind = found
    message = (
        f"data_residency: {setting} forbids {name}, which may process data {_area(kind.scope)}; "
        f"use {_INSTEAD[setting]} instead"
    )
    return RESIDENCY.finding(ref.stack.file, ref.at("sku"), message)


def _area(scope: str) -> str:
    return "in any Azure region" if scope == "global" else "anywhere in the data zone"
