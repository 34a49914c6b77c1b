"""How a plan reads, shared by its text and markdown formats: counts, values, one-line summaries, money.

Imports: aoai_infra.plan, aoai_infra.words.
"""

from __future__ import annotations

from aoai_infra.plan.build import Plan
from aoai_infra.plan.changes import BECAUSE_ACCOUNT, Change
from aoai_infra.plan.cost import DeploymentCost, Estimate, Totals
from aoai_infra.plan.quota import QuotaImpact
from aoai_infra.plan.resources import Value
from aoai_infra.words import plural

NONE = "(none)"
VERB = {"create": "created", "update": "updated in place", "replace": "replaced", "delete": "deleted"}


def counts(plan: Plan) -> str:
    """`1 to create, 2 to update, 0 to replace, 1 to delete`, or `no changes`."""
    if not plan.changes:
        return "no changes"
    return ", ".join(
        f"{plan.count(action)} to {action}" for action in ("create", "update", "replace", "delete")
    )


def value(found: Value) -> str:
    if found is None or found == []:
        return NONE
    if isinstance(found, bool):
        return "true" if found else "false"
    if isinstance(found, list):
        return ", ".join(found)
    return str(found)


def short(found: Value, limit: int = 48) -> str:
    text = value(found)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary(change: Change) -> str:
    """What is created or deleted, in one line, from its fields."""
    side = {
        name: (field.new if change.action == "create" else field.old) for name, field in change.fields.items()
    }
    if change.kind == "resource_group":
        return f"in {value(side.get('location'))}"
    if change.kind == "account":
        where = f"in {value(side.get('location'))}, endpoint {value(side.get('custom_subdomain'))}"
        return f"{value(side.get('kind'))} account {where}"
    if change.kind == "deployment":
        return (
            f"{value(side.get('model'))} {value(side.get('version'))} {value(side.get('sku'))}, "
            f"capacity {value(side.get('capacity'))}"
        )
    if change.kind == "content_filter":
        settings = sum(name.startswith("filters.") for name in side)
        return f"based on {value(side.get('base'))}, {plural(settings, 'setting')}"
    if change.kind == "private_endpoint":
        return f"in subnet {value(side.get('subnet')).rsplit('/', 1)[-1]}"
    return f"{value(side.get('role'))} for {value(side.get('type'))} {value(side.get('principal'))}"


def reason(change: Change) -> str:
    """Why a change is a replacement: `sku forces replacement`, `its account is replaced`."""
    fields = [name for name in change.replaced_by if name != BECAUSE_ACCOUNT]
    parts = []
    if fields:
        parts.append(f"{', '.join(fields)} {'forces' if len(fields) == 1 else 'force'} replacement")
    if BECAUSE_ACCOUNT in change.replaced_by:
        parts.append("its account is replaced")
    return "; ".join(parts)


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def price(estimate: Estimate) -> str:
    """`$1.00 per PTU-hour` or `$0.15 input / $0.60 output per 1M tokens`, with the source and its date."""
    if estimate.pricing == "unpriced":
        return "no price in the catalog"
    return f"{_amounts(estimate)} ({_provenance(estimate)})"


def price_change(cost: DeploymentCost) -> str:
    """The price that applies after the change, and the one before when it differs."""
    before, after = cost.before, cost.after
    priced = before and after and "unpriced" not in (before.pricing, after.pricing)
    if priced and before and after and _amounts(before) != _amounts(after):
        if _provenance(before) == _provenance(after):
            return f"{_amounts(before)} → {_amounts(after)} ({_provenance(after)})"
        return f"{price(before)} → {price(after)}"
    shown = after or before
    return price(shown) if shown else ""


def unit_price(amount: float) -> str:
    """A price as the meter states it, to a ten-thousandth of a cent: `$0.075`, `$2.50`, `$0.0825`."""
    exact = f"{amount:,.6f}".rstrip("0")
    return f"${exact}" if len(exact.rsplit(".", 1)[1]) > 2 else money(amount)


def _amounts(estimate: Estimate) -> str:
    if estimate.pricing == "provisioned":
        return f"{unit_price(estimate.prices['hourly'])} per PTU-hour"
    parts = [f"{unit_price(amount)} {column.replace('_', ' ')}" for column, amount in estimate.prices.items()]
    return " / ".join(parts) + " per 1M tokens"


def _provenance(estimate: Estimate) -> str:
    effective = f", effective {estimate.effective}" if estimate.effective else ""
    caveats = "".join(f"; {caveat}" for caveat in estimate.caveats)
    return f"{estimate.source}, dated {estimate.source_date}{effective}{caveats}"


def monthly(estimate: Estimate | None) -> str:
    """What one deployment costs a month: provisioned, or pay-per-token at its declared use; without
    declared use, the upper bound of its full capacity."""
    if estimate is None:
        return "-"
    if estimate.monthly is not None:
        return money(estimate.monthly)
    if estimate.upper_bound is not None:
        return f"usage not declared (≤ {money(estimate.upper_bound)})"
    return "usage not declared" if estimate.pricing == "per_token" else "unknown"


def delta(before: Totals, after: Totals) -> str:
    """`+$1,234.00 a month ($100.00 → $1,334.00)`: the change in what is known to be spent."""
    change = after.monthly - before.monthly
    sign = "+" if change > 0 else "-" if change < 0 else "±"
    return f"{sign}{money(abs(change))} a month ({money(before.monthly)} → {money(after.monthly)})"


def totals(before: Totals, after: Totals) -> list[str]:
    lines = [f"provisioned: {money(before.provisioned)} → {money(after.provisioned)} a month"]
    if before.declared or after.declared:
        lines.append(
            f"pay-per-token at declared usage: {money(before.declared)} → {money(after.declared)} a month"
        )
    if before.undeclared or after.undeclared:
        bound = f"{money(before.upper_bound)} → {money(after.upper_bound)}"
        lines.append(
            f"pay-per-token deployments without declared usage: {before.undeclared} → {after.undeclared} "
            f"(at full capacity at most {bound} a month; declare their usage to count them)"
        )
    if after.unpriced or before.unpriced:
        lines.append(
            f"deployments without a catalog price (not counted): {before.unpriced} → {after.unpriced}"
        )
    return lines


def quota_line(line: QuotaImpact) -> str:
    limit = f"of {line.limit.units} ({line.limit.origin})" if line.limit else "(no known limit)"
    flag = {"over": " — OVER THE LIMIT", "near": " — above 90% of the limit"}.get(line.status, "")
    where = f"{line.usage_name} in {line.region} (subscription {line.subscription})"
    return f"{where}: {line.before} → {line.after} {limit}{flag}"
