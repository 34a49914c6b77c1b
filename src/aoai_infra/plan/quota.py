"""How a change moves quota use: capacity per (subscription, region, usage name), before and after.

Use is summed over every stack of the plan, as the validator sums it (AOAI210), because stacks that
share a subscription share its quota. The limit is the validator's: an approved override recorded in a
stack of the subscription, else the catalog's default for the stack's quota tier. Deployments the catalog
does not offer have no usage name and count nowhere; the validator reports them.

Imports: aoai_infra.plan, aoai_infra.rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from aoai_infra.plan.stack import StackVersion
from aoai_infra.rules.quota import NEAR, Limit, QuotaKey, pool, quota_limit

Status = Literal["over", "near", "ok", "unknown"]


@dataclass(frozen=True, slots=True)
class QuotaImpact:
    subscription: str
    region: str
    usage_name: str
    before: int
    after: int
    limit: Limit | None  # None: the catalog knows no default for this usage name

    @property
    def status(self) -> Status:
        if self.limit is None:
            return "unknown"
        if self.after > self.limit.units:
            return "over"
        return "near" if self.after > NEAR * self.limit.units else "ok"


def impact(before: Sequence[StackVersion], after: Sequence[StackVersion]) -> list[QuotaImpact]:
    """Every pool whose use changes, sorted by subscription, region and usage name."""
    used_before, used_after = _use(before), _use(after)
    found = []
    for key in sorted(set(used_before) | set(used_after)):
        if used_before[key] == used_after[key]:
            continue
        subscription, region, usage = key
        # The new versions record the limit; a subscription the change leaves entirely keeps the old one.
        holders = _of(after, subscription) or _of(before, subscription)
        limit = quota_limit(holders, region, usage)
        found.append(QuotaImpact(subscription, region, usage, used_before[key], used_after[key], limit))
    return found


def _use(versions: Sequence[StackVersion]) -> Counter[QuotaKey]:
    used: Counter[QuotaKey] = Counter()
    for version in versions:
        spec = version.spec
        for account in spec.accounts:
            region = spec.location_of(account)
            for deployment in account.deployments:
                offer = version.catalog.sku(region, deployment.model, deployment.version, deployment.sku)
                key = pool(spec, region, offer)
                if key is not None:
                    used[key] += deployment.capacity
    return used


def _of(versions: Sequence[StackVersion], subscription: str) -> list[StackVersion]:
    return [version for version in versions if version.spec.subscription_id.lower() == subscription]
