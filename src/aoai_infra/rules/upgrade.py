"""AOAI125: an automatic version upgrade asked of a deployment type that Azure does not upgrade.

Microsoft Learn, "Working with Azure OpenAI models" (how-to/working-with-models.md, in
../shared/facts/docs): "Automatic model updates are only supported for Standard deployment types";
provisioned deployments change version by in-place or multi-deployment migration, and Azure reports their
`versionUpgradeOption` as `OnceCurrentVersionExpired` (the page's GlobalProvisionedManaged example), which
is also what `null` means. So on a provisioned or batch type, `OnceNewDefaultVersionAvailable` would never
happen, and Pulumi would show it as a change on every preview against what Azure reports. The stack
format's default, `OnceCurrentVersionExpired`, is what Azure reports for every type.
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
