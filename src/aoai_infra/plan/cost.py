"""Monthly cost of each deployment, before and after a change, from the catalog's prices.

- Provisioned types are billed per PTU-hour: capacity x hourly price x 730 hours is the monthly cost.
- Pay-per-token types (Standard, GlobalStandard, DataZoneStandard, DeveloperTier, and the batch types at
  their own price) cost what is used. A deployment that declares its expected use (`usage:` in the stack
  file) costs input x (1 - cached fraction) x input price + input x cached fraction x cached input price
  + output x output price; one that does not is shown with its price per 1M tokens and counted as "usage
  not declared", never as unpriced. Non-batch types also get an upper bound: the full capacity all month
  (capacity x 1,000 tokens per minute x 60 x 730, every token at the highest of its prices). Batch
  capacity counts tokens queued, not tokens per minute, so batch has no such bound; and since batch costs
  less than the standard price, a price row that does not name the deployment type is not applied to it.
- A regional type's price is recorded per region. Where the catalog has none for the deployment's region,
  the row of another region is used and the estimate says so: regional prices differ by region.

Every estimate names its price row's source and that source's date, as the catalog records them, and what
makes the price doubtful: a secondary source, a price whose record says it has ended, or a record more
than a year old.

Imports: aoai_infra.catalog, aoai_infra.plan, aoai_infra.stack.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from aoai_infra.catalog.catalog import Catalog, released
from aoai_infra.catalog.model import HOURS_PER_MONTH, Price
from aoai_infra.plan.stack import StackVersion
from aoai_infra.stack.model import Deployment

STALE_AFTER_DAYS = 365  # prices change a few times a year; older records say so
TOKENS_PER_UNIT_PER_MONTH = 1_000 * 60 * HOURS_PER_MONTH  # one capacity unit is 1,000 tokens per minute
PER_TOKEN_COLUMNS = ("input", "output", "cached_input")

Pricing = Literal["provisioned", "per_token", "unpriced"]
Usage = Literal["declared", "undeclared", "fixed"]  # fixed: provisioned, the cost does not depend on use


@dataclass(frozen=True, slots=True)
class Estimate:
    model: str
    version: str
    sku: str
    region: str
    capacity: int
    pricing: Pricing
    monthly: float | None = None  # provisioned: the fixed cost; pay-per-token: the declared use's cost
    upper_bound: float | None = None  # pay-per-token: the cost at full capacity all month
    usage: Usage | None = None  # None when unpriced
    prices: dict[str, float] = field(default_factory=dict)  # hourly, or input/output/... per 1M tokens
    unit: str | None = None  # the price row's unit, e.g. "USD per PTU-hour"
    source: str | None = None
    source_date: str | None = None
    effective: str | None = None  # the day the price took effect, where the catalog knows it
    caveats: tuple[str, ...] = ()  # why the price may not be what Azure bills


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
    declared: float = 0.0  # pay-per-token deployments at their declared use
    upper_bound: float = 0.0  # pay-per-token deployments without declared use, at full capacity
    undeclared: int = 0  # pay-per-token deployments without declared use
    unpriced: int = 0  # deployments the catalog has no price for

    @property
    def monthly(self) -> float:
        """What is known to be spent a month: provisioned, and pay-per-token at its declared use."""
        return self.provisioned + self.declared


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
            provisioned=sum((e.monthly or 0.0 for e in present if e.usage == "fixed"), 0.0),
            declared=sum((e.monthly or 0.0 for e in present if e.usage == "declared"), 0.0),
            upper_bound=sum((e.upper_bound or 0.0 for e in present if e.usage == "undeclared"), 0.0),
            undeclared=sum(e.usage == "undeclared" for e in present),
            unpriced=sum(e.pricing == "unpriced" for e in present),
        )


def impact(stacks: list[tuple[StackVersion | None, StackVersion | None]], today: datetime.date) -> CostImpact:
    """The cost of every deployment of each (old, new) pair of a stack's versions, as of `today`."""
    costs = []
    for old, new in stacks:
        before = dict(_estimates(old, today))
        after = before if new is old else dict(_estimates(new, today))  # a stack the change leaves as it was
        stack = new.name if new else old.name if old else ""
        for name in sorted(before.keys() | after.keys()):
            costs.append(DeploymentCost(stack, name, before.get(name), after.get(name)))
    return CostImpact(costs)


def _estimates(version: StackVersion | None, today: datetime.date) -> Iterator[tuple[str, Estimate]]:
    if version is None:
        return
    for account in version.spec.accounts:
        region = version.spec.location_of(account)
        for deployment in account.deployments:
            yield f"{account.name}/{deployment.name}", estimate(version.catalog, region, deployment, today)


def estimate(catalog: Catalog, region: str, deployment: Deployment, today: datetime.date) -> Estimate:
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
        return _priced(base, "provisioned", row, catalog, today, monthly=monthly)
    if family is None:
        return base
    row = catalog.price(deployment.model, deployment.version, sku, region, "input")
    if row is None or (family == "batch" and row.sku is None):
        return base
    if deployment.usage is not None:
        usage = deployment.usage
        monthly = row.tokens_cost(
            usage.input_tokens_per_month, usage.output_tokens_per_month, usage.cached_fraction
        )
        return _priced(base, "per_token", row, catalog, today, monthly=monthly)
    upper = None
    if family != "batch":
        highest = max(row.amount(column) or 0.0 for column in PER_TOKEN_COLUMNS)
        upper = deployment.capacity * TOKENS_PER_UNIT_PER_MONTH / 1_000_000 * highest
    return _priced(base, "per_token", row, catalog, today, upper_bound=upper)


def _priced(
    base: Estimate,
    pricing: Pricing,
    row: Price,
    catalog: Catalog,
    today: datetime.date,
    monthly: float | None = None,
    upper_bound: float | None = None,
) -> Estimate:
    columns = ("hourly",) if pricing == "provisioned" else PER_TOKEN_COLUMNS
    prices = {column: amount for column in columns if (amount := row.amount(column)) is not None}
    usage: Usage = (
        "fixed" if pricing == "provisioned" else "declared" if monthly is not None else "undeclared"
    )
    return replace(
        base,
        pricing=pricing,
        monthly=monthly,
        upper_bound=upper_bound,
        usage=usage,
        prices=prices,
        unit=row.unit,
        source=row.source,
        source_date=catalog.source_date(row.source),
        effective=row.effective,
        caveats=_caveats(row, base.region, catalog.source_date(row.source), today),
    )


def _caveats(row: Price, region: str, recorded: str, today: datetime.date) -> tuple[str, ...]:
    found = []
    day = released(recorded[:10])
    if day is not None and (today - day).days > STALE_AFTER_DAYS:
        found.append(f"recorded {day}, over a year ago: refresh with `aoai-infra catalog prices`")
    if row.region is not None and row.region.lower() != region.lower():
        found.append(f"price recorded in {row.region}; regional prices differ by region")
    if row.ends is not None:
        found.append(f"the record says this price ended on {row.ends}")
    if row.secondary:
        found.append("from a secondary source, not a Retail Prices API record")
    return tuple(found)
