"""Retail Prices API items to catalog price rows, and a report of every item that is not a deployment's price.

- Each item is read by `meters.read_meter`; an item in another currency, a tiered price above its first
  tier, or a price that had not started or had ended on the day asked is left out and counted.
- Of several items for one model x version x deployment type x region x column, the one that took effect
  last wins (the API lists a price that is about to change next to its successor).
- Global and data-zone prices that are the same in every region read become one row for any region; where
  regions differ, and for the regional types (Standard, ProvisionedManaged), each region keeps its row.
- Token prices are per 1M tokens (a price per 1K tokens is multiplied by 1,000), PTU prices per PTU-hour,
  reservations per PTU for the term. Each row keeps its meters, the day it took effect and, where the item
  says so, the day it ends.

Imports: aoai_infra.catalog.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aoai_infra.catalog.meters import Meter, NotMapped, read_meter

REGIONAL = ("Standard", "ProvisionedManaged")
SOVEREIGN = ("usgov", "china")  # regions of sovereign clouds, priced apart from the commercial ones
RESERVATION_COLUMNS = ("reservation_1_month", "reservation_1_year")
MAX_REPORTED_METERS = 500  # the report names at most this many meters; the counts cover all


@dataclass(frozen=True, slots=True)
class _Price:
    meter: Meter
    region: str
    amount: float
    name: str  # the meter's name
    effective: str
    ends: str | None


@dataclass
class PriceReport:
    rows: list[dict[str, Any]]
    items: int = 0
    not_mapped: Counter[str] = field(default_factory=Counter)  # reason: items
    meters: dict[str, str] = field(default_factory=dict)  # meter name: why it is not a deployment's price


def price_rows(
    items: Iterable[Mapping[str, Any]],
    models: Mapping[str, Collection[str]],
    currency: str,
    today: datetime.date,
    source: str,
) -> PriceReport:
    """The catalog's price rows from the API's items, citing `source`."""
    report = PriceReport([])
    latest: dict[tuple[Any, ...], _Price] = {}
    for item in items:
        report.items += 1
        found = _price(item, models, currency, today)
        if isinstance(found, NotMapped):
            report.not_mapped[found.reason] += 1
            name = str(item.get("meterName", ""))
            if name not in report.meters and len(report.meters) < MAX_REPORTED_METERS:
                report.meters[name] = found.reason
            continue
        key = (found.meter.model, found.meter.version, found.meter.sku, found.region, found.meter.column)
        if key not in latest or found.effective > latest[key].effective:
            latest[key] = found
    report.rows = _rows(latest.values(), currency, source)
    return report


def _price(
    item: Mapping[str, Any], models: Mapping[str, Collection[str]], currency: str, today: datetime.date
) -> _Price | NotMapped:
    if item.get("currencyCode") != currency:
        return NotMapped(f"a price in {item.get('currencyCode')!r}, not {currency}")
    if item.get("tierMinimumUnits") not in (0, 0.0, None):
        return NotMapped("a tiered price above its first tier")
    meter = read_meter(item, models)
    if isinstance(meter, NotMapped):
        return meter
    amount, region = item.get("retailPrice"), item.get("armRegionName")
    if not isinstance(amount, int | float) or isinstance(amount, bool) or amount < 0 or not region:
        return NotMapped("an item without a price or a region")
    effective, ends = _day(item.get("effectiveStartDate")), _day(item.get("effectiveEndDate"))
    if effective is None or effective > today.isoformat():
        return NotMapped("a price that has not taken effect yet")
    if ends is not None and ends < today.isoformat():
        return NotMapped("a price that has ended")
    name = str(item.get("meterName"))
    return _Price(meter, str(region).lower(), float(amount) * meter.scale, name, effective, ends)


def _day(value: object) -> str | None:
    """`2024-12-01` of `2024-12-01T00:00:00Z`; None for anything that is not such a date."""
    text = str(value)[:10] if isinstance(value, str) else ""
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _rows(prices: Iterable[_Price], currency: str, source: str) -> list[dict[str, Any]]:
    # A reservation is priced apart from pay-as-you-go: its own row, with its own dates.
    by_row: dict[tuple[Any, ...], list[_Price]] = defaultdict(list)
    for price in _collapse_regions(prices):
        meter = price.meter
        reserved = meter.column in RESERVATION_COLUMNS
        by_row[(meter.model, meter.version, meter.sku, price.region or None, reserved)].append(price)
    rows = []
    for (model, version, sku, region, _), columns in sorted(by_row.items(), key=lambda pair: str(pair[0])):
        row: dict[str, Any] = {"model": model, "version": version, "sku": sku, "region": region}
        row = {name: value for name, value in row.items() if value is not None}
        tokens = any(price.meter.column in ("input", "cached_input", "output") for price in columns)
        reserved = any(price.meter.column in RESERVATION_COLUMNS for price in columns)
        row["unit"] = (
            f"{currency} per 1M tokens"
            if tokens
            else f"{currency} per PTU for the term"
            if reserved
            else f"{currency} per PTU-hour"
        )
        for price in sorted(columns, key=lambda price: price.meter.column):
            row[price.meter.column] = round(price.amount, 10)
        row["source"] = source
        row["effective"] = max(price.effective for price in columns)
        ends = [price.ends for price in columns if price.ends]
        if ends:
            row["ends"] = min(ends)
        row["meters"] = {
            price.meter.column: price.name for price in sorted(columns, key=lambda p: p.meter.column)
        }
        rows.append(row)
    return rows


def _collapse_regions(prices: Iterable[_Price]) -> list[_Price]:
    """A global or data-zone price that every commercial region read agrees on holds for any region
    (region ''); sovereign regions keep their own rows."""
    groups: dict[tuple[Any, ...], list[_Price]] = defaultdict(list)
    kept = []
    for price in prices:
        meter = price.meter
        if price.region.startswith(SOVEREIGN):
            kept.append(price)
        else:
            groups[(meter.model, meter.version, meter.sku, meter.column)].append(price)
    for (_model, _version, sku, _column), group in groups.items():
        same = len({price.amount for price in group}) == 1
        if sku not in REGIONAL and same:
            newest = max(group, key=lambda price: (price.effective, price.region))
            kept.append(_Price(newest.meter, "", newest.amount, newest.name, newest.effective, newest.ends))
        else:
            kept.extend(group)
    return kept
