"""AOAI210-AOAI213: the capacity a subscription asks for in a region, against its quota.

Quota is per subscription, per region, per usage name (Azure's name for a model family and deployment
type). Capacity is summed over every account of every stack file given in one call, so dev and prod in
one subscription share their quota as they do in Azure. The limit is, first found:

1. with `validate --live`, what Azure says is left: limit - current usage + what these stacks' own
   deployments already hold (so that re-applying an unchanged stack never counts twice);
2. the stack's approved override (`quota: {region: {usage name: units}}`, recorded in any stack of the
   subscription);
3. the subscription's own limit, when the catalog was written by `catalog sync` from that subscription;
4. the catalog's limit for the stack's `quota_tier` (tier1..tier6; `default` is tier1, the lowest), or,
   for pools the pages give by offer (batch), for its `offer_type`.

Where stacks of one subscription disagree, the lowest applies. A pool none of these gives a limit for
(provisioned pools, models the tier tables leave out) is not silently passed: AOAI213 says that its limit
is not known and how to record the approved one. When live quota cannot be read (a missing role, a region
that does not answer), AOAI212 says so and the offline limits apply.

Imports: aoai_infra.findings, aoai_infra.rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import DeploymentRef, StackContext

EXCEEDED = Rule(
    "AOAI210", "quota-exceeded", Severity.ERROR, "Capacity summed over the stacks exceeds the quota."
)
"""Quota is per subscription, per region, per usage name (a model and deployment type, e.g.
`OpenAI.GlobalStandard.gpt-5.4`; provisioned types share one pool per type, e.g.
`OpenAI.GlobalProvisionedManaged.PTU`). The capacity of every deployment that consumes the usage name is
summed over every account of every stack file given in one call that shares the subscription, so dev and
prod in one subscription count together, as they do in Azure.

The limit is, first found:

1. with `validate --live`, what the subscription has left in Azure: the limit minus current usage from
   `usages.list`, plus the capacity the stacks' own deployments already hold (a deployment of the same
   name in the same account, from `deployments.list`), so that re-applying an unchanged stack never
   counts twice; the message then reads `live: limit L, U in use, H of it by these stacks' deployments`;
2. an approved increase recorded as `quota: {region: {usage name: units}}` in any stack of the
   subscription;
3. the subscription's own limit, when the catalog was written by `aoai-infra catalog sync` from that
   subscription (`subscription limit synced <date>`);
4. the catalog's default for the stack's `quota_tier` (`default` and `enterprise`: the last Default and
   Enterprise/MCA-E tables; `tier1` .. `tier6`: the 2026 quota tiers).

Where the stacks disagree, the lowest applies. Usage names without a published default (gpt-4o
GlobalStandard, provisioned pools, batch) are checked only against the others.

The finding points at the deployment that takes the sum over the limit and lists every contributing
deployment with its file and line.

**Fix:** lower capacity, move a deployment to another region, or request a quota increase and record it under `quota:`.
"""  # noqa: E501
NEAR_LIMIT = Rule(
    "AOAI211", "quota-near-limit", Severity.WARNING, "Capacity summed over the stacks is near the quota."
)
"""As AOAI210, when the summed capacity is above 90 % of the limit but not over it: the next change, or
another team's deployment in the same subscription, will fail with `InsufficientQuota`.

**Fix:** request a quota increase before it is needed, and record it under `quota:`.
"""
UNVERIFIED = Rule(
    "AOAI212", "quota-unverified", Severity.WARNING, "Live quota could not be read; offline limits were used."
)
"""Only with `aoai-infra validate --live`. The quota a deployment draws on could not be read from Azure,
so AOAI210 and AOAI211 checked it against the offline limits instead (a recorded `quota:` override, a
synced subscription limit, or the catalog's tier default). The message says why:

- the signed-in identity may not read usage (`AuthorizationFailed`): it needs **Cognitive Services Usages
  Reader** (or Reader) on the subscription, since a resource-level assignment does not cover
  subscription-wide usage;
- it may not list the account's deployments: it needs **Reader** on the resource group;
- the region did not answer (5xx, a timeout, throttling) through every retry;
- Azure reports no usage of that name in the region.

**Fix:** grant the role named in the message to the identity that runs the check, or run again when
the region answers.
"""
UNKNOWN_LIMIT = Rule(
    "AOAI213",
    "quota-limit-unknown",
    Severity.WARNING,
    "No limit is known for the quota pool: it is not checked.",
)
"""The deployments of a quota pool (a subscription, region and usage name) ask for capacity, and no limit
is known for the pool, so AOAI210 and AOAI211 cannot check it. No pool is passed silently. Limits come,
first found, from `validate --live`, from an approved limit recorded in a stack (`quota:`), from a catalog
synced from the subscription, and from the bundled catalog's quota tables:

- the quota tier tables (tier 1 to 6) give pools of Global Standard, Data Zone Standard and Standard
  deployments, but not every model: gpt-4o Global Standard and Standard, gpt-4o-mini Standard and
  text-embedding-ada-002 have no row;
- provisioned pools (PTU) have no published default: every subscription has its own;
- batch pools are given by offer type (`offer_type`: enterprise, pay-as-you-go, credit-card, msdn,
  free-trial) rather than by tier;
- `quota_tier: enterprise` names no tier: Microsoft publishes no mapping from an Enterprise Agreement to
  a tier number.

**Fix:** record the limit Azure approved for the subscription, in capacity units, in any stack of that
subscription: `quota: {eastus: {OpenAI.GlobalStandard.gpt-4o: 450}}`; or set `quota_tier` to the
subscription's tier; or check against live quota with `aoai-infra validate --live`.
"""
RULES = (EXCEEDED, NEAR_LIMIT, UNVERIFIED, UNKNOWN_LIMIT)

QuotaKey = tuple[str, str, str]  # (subscription id in lower case, region, usage name)

if TYPE_CHECKING:
    from aoai_infra.catalog.catalog import Catalog
    from aoai_infra.catalog.model import ModelSku
    from aoai_infra.stack.model import StackSpec

NEAR = 0.9  # warn above 90 % of the limit


@dataclass(frozen=True, slots=True)
class Limit:
    units: int
    origin: str  # "tier2 default" or "override in stacks/prod.yaml"


class QuotaHolder(Protocol):
    """A stack whose recorded overrides and quota tier say what its subscription may use."""

    @property
    def file(self) -> str: ...
    @property
    def spec(self) -> StackSpec: ...
    @property
    def catalog(self) -> Catalog: ...


def check_all(stacks: Sequence[StackContext]) -> Iterator[Finding]:
    for (subscription, region, usage), refs in pools(stacks).items():
        finding = _check_group(subscription, region, usage, refs)
        if finding is not None:
            yield finding


def pools(stacks: Sequence[StackContext]) -> dict[QuotaKey, list[DeploymentRef]]:
    """The deployments that draw on each quota pool."""
    groups: dict[QuotaKey, list[DeploymentRef]] = defaultdict(list)
    for ctx in stacks:
        for ref in ctx.deployments:
            key = pool(ctx.spec, ref.region, ref.offer)
            if key is not None:
                groups[key].append(ref)
    return groups


def pool(spec: StackSpec, region: str, offer: ModelSku | None) -> QuotaKey | None:
    """The quota pool a deployment of `offer` in `region` draws on; None when the catalog does not offer
    it (the availability rules report that)."""
    if offer is None or not offer.usage_name:
        return None
    return (spec.subscription_id.lower(), region, offer.usage_name)


def _check_group(subscription: str, region: str, usage: str, refs: list[DeploymentRef]) -> Finding | None:
    facts = refs[0].stack.options.live
    live = facts.limits.get((subscription, region, usage)) if facts is not None else None
    limit = live or quota_limit(list({id(ref.stack): ref.stack for ref in refs}.values()), region, usage)
    if limit is None:
        return _unknown(subscription, region, usage, refs)
    total = sum(ref.deployment.capacity for ref in refs)
    if total > limit.units:
        rule, verdict = EXCEEDED, f"{total} units requested, over the limit of {limit.units}"
    elif total > NEAR * limit.units:
        rule, verdict = (
            NEAR_LIMIT,
            f"{total} units requested, {100 * total // max(limit.units, 1)}% of the limit of {limit.units}",
        )
    else:
        return None
    culprit = _crossing(refs, NEAR * limit.units if rule is NEAR_LIMIT else limit.units)
    parts = ", ".join(
        f"{ref.where('capacity')} {ref.deployment.name} ({ref.deployment.capacity})" for ref in refs
    )
    message = (
        f"quota {usage} in {region} for subscription {subscription}: {verdict} ({limit.origin}); "
        f"from {parts}; lower capacity, use another region, or record an approved increase as "
        f"quota: {{{region}: {{{usage}: <units>}}}}"
    )
    return rule.finding(culprit.stack.file, culprit.at("capacity"), message)


def _unknown(subscription: str, region: str, usage: str, refs: list[DeploymentRef]) -> Finding:
    first = refs[0]
    spec, catalog = first.stack.spec, first.stack.catalog
    total = sum(ref.deployment.capacity for ref in refs)
    offer = offer_column(spec)
    message = (
        f"quota {usage} in {region} for subscription {subscription}: {total} units requested, and the "
        f"{catalog.label} has no limit for it at quota_tier {spec.quota_tier} (offer {offer}), so it is not "
        f"checked; record the limit approved for the subscription as "
        f"quota: {{{region}: {{{usage}: <units>}}}}, "
        "or check it live with `aoai-infra validate --live`"
    )
    return UNKNOWN_LIMIT.finding(first.stack.file, first.at("capacity"), message)


def tier_column(spec: StackSpec) -> str | None:
    """The quota-tier column of the catalog for a stack: `default` is the lowest tier, which every
    subscription has at least; `enterprise` names no tier (no public mapping), only an offer."""
    return {"default": "tier1", "enterprise": None}.get(spec.quota_tier, spec.quota_tier)


def offer_column(spec: StackSpec) -> str:
    return spec.offer_type or ("enterprise" if spec.quota_tier == "enterprise" else "pay-as-you-go")


def quota_limit(stacks: Sequence[QuotaHolder], region: str, usage: str) -> Limit | None:
    """An approved override recorded in any stack of the subscription, else the subscription's synced limit,
    else the catalog's tier default.

    All are facts about the subscription, so any stack may record them; where stacks disagree, the
    lowest value applies.
    """
    overrides = [
        Limit(units, f"approved override in {ctx.file}")
        for ctx in stacks
        if (units := ctx.spec.quota.get(region, {}).get(usage)) is not None
    ]
    synced = [
        Limit(units, f"subscription limit synced {ctx.catalog.data.as_of.isoformat()}")
        for ctx in stacks
        if (units := ctx.catalog.subscription_limit(ctx.spec.subscription_id, region, usage)) is not None
    ]
    defaults = [limit for ctx in stacks if (limit := _catalog_limit(ctx, usage)) is not None]
    found = overrides or synced or defaults
    return min(found, key=lambda limit: limit.units) if found else None


def _catalog_limit(ctx: QuotaHolder, usage: str) -> Limit | None:
    """The catalog's limit for the stack's tier, else for its offer type (pools the pages give by offer)."""
    tier = tier_column(ctx.spec)
    if tier is not None and (units := ctx.catalog.quota_limit(usage, tier)) is not None:
        return Limit(
            units, f"{tier} limit" if tier == ctx.spec.quota_tier else f"{tier} limit, the lowest tier"
        )
    offer = offer_column(ctx.spec)
    if (units := ctx.catalog.quota_limit(usage, offer)) is not None:
        return Limit(units, f"{offer} offer limit")
    return None


def _crossing(refs: list[DeploymentRef], threshold: float) -> DeploymentRef:
    """The deployment whose capacity takes the running sum over the threshold: the finding points at it."""
    running = 0
    for ref in refs:
        running += ref.deployment.capacity
        if running > threshold:
            return ref
    return refs[-1]
