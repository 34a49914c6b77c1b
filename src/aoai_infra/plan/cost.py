"""Monthly cost of each deployment, before and after a change, from the catalog's prices.

- Provisioned types are billed per PTU-hour: capacity x hourly price x 730 hours is the monthly cost.
- Pay-per-token types (Standard, GlobalStandard, DataZoneStandard, DeveloperTier) cost what is used: the
  estimate gives the price per 1M tokens, and as an upper bound the cost of using the full capacity all
  month (capacity x 1,000 tokens per minute x 60 x 730, every token at the higher of the input and output
  prices).
- Batch types are pay-per-token too, but their capacity counts tokens queued, not tokens per minute, so
  they have no upper bound; and since batch costs less than the standard price (S_DEPLOY_TYPES), a price
  row that does not name the deployment type is not applied to them.

Every estimate names its price row's source and that source's date, as the catalog records them.

Imports: aoai_infra.catalog, aoai_infra.plan, aoai_infra.stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from aoai_infra.catalog.catalog import Catalog
from aoai_infra.catalog.model import Price
from aoai_infra.plan.stack import StackVersion
from aoai_infra.stack.model import Deployment

HOURS_PER_MONTH = 730
TOKENS_PER_UNIT_PER_MONTH = 1_000 * 60 * HOURS_PER_MONTH  # one capacity unit is 1,000 tokens per minute
PER_TOKEN_COLUMNS = ("input", "output", "cached_input")

Pricing = Literal["provisioned", "per_token", "unpriced"]


@dataclass(frozen=True, slots=True)
class Estimate:
    model: str
    version: str
    sku: str
    region: str
    capacity: int
    pricing: Pricing
    monthly: float | None = None  # provisioned: the fixed monthly cost
    upper_bound: float | None = None  # pay-per-token: the cost at full capacity all month
    prices: dict[str, float] = field(default_factory=dict)  # hourly, or input/output/... per 1M tokens
    unit: str | None = None  # the price row's unit, e.g. "USD per PTU-hour"
    source: str | None = None
    source_date: str | None = None


@dataclass(frozen=True, slots=True)
class DeploymentCost:
    stack: str
    name: str  # <account>/<deployment>
    before: Estimate | None
    after: Estimate | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class Totals:
    provisioned: float = 0.0  # fixed monthly cost of provisioned deployments
    upper_bound: float = 0.0  # pay-per-token deployments at full capacity
    unpriced: int = 0  # deployments the catalog has no price for


@dataclass(frozen=True, slots=True)
class CostImpact:
    deployments: list[DeploymentCost]

    @property
    def changed(self) -> list[DeploymentCost]:
        return [cost for cost in self.deployments if cost.changed]

    def totals(self, side: Literal["before", "after"]) -> Totals:
        estimates = [getattr(cost, side) for cost in self.deployments]
        present = [estimate for estimate in estimates if estimate is not None]
        return Totals(
            provisioned=sum(estimate.monthly or 0.0 for estimate in present),
            upper_bound=sum(estimate.upper_bound or 0.0 for estimate in present),
            unpriced=sum(estimate.pricing == "unpriced" for estimate in present),
        )


def impact(stacks: list[tuple[StackVersion | None, StackVersion | None]]) -> CostImpact:
    """The cost of every deployment of each (old, new) pair of a stack's versions."""
    costs = []
    for old, new in stacks:
        before = dict(_estimates(old))
        after = before if new is old else dict(_estimates(new))  # a stack the change leaves as it was
        stack = new.name if new else old.name if old else ""
        for name in sorted(before.keys() | after.keys()):
            costs.append(DeploymentCost(stack, name, before.get(name), after.get(name)))
    return CostImpact(costs)


def _estimates(version: StackVersion | None) -> Iterator[tuple[str, Estimate]]:
    if version is None:
        return
    for account in version.spec.accounts:
        region = version.spec.location_of(account)
        for deployment in account.deployments:
            yield f"{account.name}/{deployment.name}", estimate(version.catalog, region, deployment)


def estimate(catalog: Catalog, region: str, deployment: Deployment) -> Estimate:
    found = catalog.deployment_type(deployment.sku)
    family = found[1].family if found else None
    sku = found[0] if found else deployment.sku
    base = Estimate(deployment.model, deployment.version, sku, region, deployment.capacity, "unpriced")
    if family == "provisioned":
        row = catalog.price(deployment.model, deployment.version, sku, region, "hourly")
        hourly = row.amount("hourly") if row else None
        if row is None or hourly is None:
            return base
        monthly = deployment.capacity * hourly * HOURS_PER_MONTH
        return _priced(base, "provisioned", row, catalog, monthly=monthly)
    if family is None:
        return base
    row = catalog.price(deployment.model, deployment.version, sku, region, "input")
    if row is None or (family == "batch" and row.sku is None):
        return base
    upper = None
    if family != "batch":
        highest = max(row.amount(column) or 0.0 for column in PER_TOKEN_COLUMNS)
        upper = deployment.capacity * TOKENS_PER_UNIT_PER_MONTH / 1_000_000 * highest
    return _priced(base, "per_token", row, catalog, upper_bound=upper)


def _priced(
    base: Estimate,
    pricing: Pricing,
    row: Price,
    catalog: Catalog,
    monthly: float | None = None,
    upper_bound: float | None = None,
) -> Estimate:
    columns = ("hourly",) if pricing == "provisioned" else PER_TOKEN_COLUMNS
    prices = {column: amount for column in columns if (amount := row.amount(column)) is not None}
    return replace(
        base,
        pricing=pricing,
        monthly=monthly,
        upper_bound=upper_bound,
        prices=prices,
        unit=row.unit,
        source=row.source,
        source_date=catalog.source_date(row.source),
    )
