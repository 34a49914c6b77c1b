"""AOAI125: an automatic version upgrade asked of a deployment type that Azure does not upgrade.

Microsoft Learn, "Working with Azure OpenAI models" (how-to/working-with-models.md, in
../shared/facts/docs): "Automatic model updates are only supported for Standard deployment types";
provisioned deployments change version by in-place or multi-deployment migration, and Azure reports their
`versionUpgradeOption` as `OnceCurrentVersionExpired` (the page's GlobalProvisionedManaged example), which
is also what `null` means. So on a provisioned or batch type, `OnceNewDefaultVersionAvailable` would never
happen, and Pulumi would show it as a change on every preview against what Azure reports. The stack
format's default, `OnceCurrentVersionExpired`, is what Azure reports for every type.

Imports: aoai_infra.findings, aoai_infra.rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import DeploymentRef, StackContext

UPGRADE_NOT_APPLIED = Rule(
    "AOAI125",
    "upgrade-not-applied",
    Severity.ERROR,
    "Automatic version upgrades on a deployment type Azure does not upgrade.",
)
"""A deployment of a provisioned, batch or developer type asks for `upgrade: OnceNewDefaultVersionAvailable`.
Azure upgrades model versions automatically on Standard types only (Standard, GlobalStandard,
DataZoneStandard): "Automatic model updates are only supported for Standard deployment types"
(Microsoft Learn, [Working with Azure OpenAI models](https://learn.microsoft.com/azure/ai-foundry/openai/how-to/working-with-models)).
Provisioned deployments change version by an in-place or a multi-deployment migration, and Azure reports
their upgrade option as `OnceCurrentVersionExpired` (the page's `GlobalProvisionedManaged` example). So the
upgrade would never happen, and every `pulumi preview` would show the difference as a change.

`OnceCurrentVersionExpired`, the stack format's default, is what Azure reports for every type, so leaving
`upgrade` out is right for all of them.

```yaml
- {name: ptu, model: gpt-5.4, version: "2026-03-05", sku: GlobalProvisionedManaged, capacity: 15,
   upgrade: OnceNewDefaultVersionAvailable}   # AOAI125
```

**Fix:** remove `upgrade` (or set `OnceCurrentVersionExpired`), and move to a new version by migration:
change `version` in the stack, and `aoai-infra plan` shows the in-place update.
"""
RULES = (UPGRADE_NOT_APPLIED,)
AUTOMATIC = "OnceNewDefaultVersionAvailable"
UPGRADED_FAMILIES = frozenset({"standard"})  # the catalog's family of Standard, GlobalStandard, ...


def check(ctx: StackContext) -> Iterator[Finding]:
    for ref in ctx.deployments:
        finding = upgrade_not_applied(ref)
        if finding is not None:
            yield finding


def upgrade_not_applied(ref: DeploymentRef) -> Finding | None:
    found = ref.deployment_type
    if ref.deployment.upgrade != AUTOMATIC or found is None or found[1].family in UPGRADED_FAMILIES:
        return None
    message = (
        f"upgrade: {AUTOMATIC} does nothing on a {found[0]} deployment: Azure upgrades only Standard types "
        "automatically, and reports OnceCurrentVersionExpired for this one, so every preview would show "
        "a change; remove upgrade (or set OnceCurrentVersionExpired) and move versions by migration"
    )
    return UPGRADE_NOT_APPLIED.finding(ref.stack.file, ref.at("upgrade"), message)
