"""The bundled catalog's prices, from the researched Retail Prices API facts in tools/catalog-prices/.

`retail-prices-facts.yaml` (a byte copy of ../shared/facts/prices/) holds one entry per model x version x
deployment type (x processing tier), each with its source, date (`as_of`) and authority. Each usable entry
becomes one price row of the catalog; the rules, each visible in what the build prints:

- A processing tier (priority, flex) is not a deployment type: left out. A PTU reservation (per PTU for a
  month or a year) is a row of its own, with columns `reservation_1_month` and `reservation_1_year`.
- A price given as a list holds region-specific prices whose regions the record does not name: left out
  (the row of a region it does name stays).
- A test fixture is never a source: entries whose source path has a `testdata` folder are left out.
- Global and data-zone prices were the same in every commercial region sampled, so their rows name no
  region; a regional type (Standard, ProvisionedManaged), and any row of a US Government region, keeps
  the region it was recorded in. A plan that uses a regional row elsewhere says so.
- Of several entries for one row, a primary source (a Retail Prices API record) wins over a secondary one,
  then the newest wins. A secondary row is marked `secondary`.
- Then the Retail Prices API items themselves (`retail-api-items.json`), read by the same meter mapping as
  `aoai-infra catalog prices`, price what no researched entry does (a researched row for a model and type
  covers the items' rows of the same, whatever their version and region).
- The row keeps the meters it came from (parsed from the entry's note), the day its price took effect
  (`effective`: the `effectiveStartDate` of the file that holds it), and the day it ends where the record
  states one (`ends`: `effectiveEndDate`). A source's date is the day the prices were read.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Mapping
from typing import Any

from aoai_infra.catalog.retail import price_rows

COLUMNS = ("input", "cached_input", "output", "hourly")
RESERVATIONS = ("reservation_1_month", "reservation_1_year")
# retail-api-items.json: the items as the API served them on the day modelmeters.com recorded them.
ITEMS_DAY = datetime.date(2025, 8, 25)
ITEMS_SOURCE = "RETAIL_API_ITEMS_2025_08"
ITEMS_LOCATION = (
    "guygregory/modelmeters.com: monthly/full/*.ndjson@d4a64106f74f1a47d324c7d0f3aa45aa0e9fc5a8 "
    "(591 Retail Prices API items for Azure OpenAI, tools/catalog-prices/retail-api-items.json)"
)
REGIONAL = ("Standard", "ProvisionedManaged")
MODELMETERS = "guygregory/modelmeters.com"
_METER = re.compile(r"\b(input|cached_input|output|hourly)='((?:[^']|'')+)'")
_MODELMETERS_FILE = re.compile(r"monthly/(full|partial)/(\d{4})-(\d{2})-01\.ndjson")
_ENDS = re.compile(r"effectiveEndDate (\d{4}-\d{2}-\d{2})")


def prices(
    entries: list[dict[str, Any]],
    items: list[dict[str, Any]] | None = None,
    models: Mapping[str, Collection[str]] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    """The catalog's price rows, the sources they cite, and the build's report on what was left out: the
    researched `entries`, then what the API's `items` price that no entry does (`models`: the catalog's
    models and their versions, for the meter mapping)."""
    rows, sources, report = _researched(entries)
    if items is not None and models is not None:
        found = price_rows(items, models, "USD", ITEMS_DAY, ITEMS_SOURCE)
        covered = {_coverage(row) for row in rows}
        added = [row for row in found.rows if _coverage(row) not in covered]
        rows = sorted([*rows, *added], key=_order)
        sources = {**sources, ITEMS_SOURCE: {"location": ITEMS_LOCATION, "date": ITEMS_DAY.isoformat()}}
        report.append(
            f"prices: {len(added)} rows from the {found.items} Retail Prices API items no entry prices"
        )
    return rows, dict(sorted(sources.items())), report


def _coverage(row: dict[str, Any]) -> tuple[Any, ...]:
    """What a row prices, whatever its version and region: a researched row for a model and type covers the
    items' rows of that model and type (it is newer: regional prices have differed since 2025-09-01)."""
    columns = tuple(sorted(column for column in (*COLUMNS, *RESERVATIONS) if column in row))
    return (row.get("model"), row["sku"], columns)


def _order(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(row.get(key) or "") for key in ("model", "version", "sku", "region", "unit"))


def _researched(entries: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any], list[str]]:
    chosen: dict[tuple[Any, ...], tuple[tuple[Any, ...], dict[str, Any]]] = {}
    left_out: dict[str, int] = {}
    for entry in entries:
        why = _left_out(entry)
        if why:
            left_out[why] = left_out.get(why, 0) + 1
            continue
        key = _key(entry)
        rank = (entry["authority"] == "primary", str(entry.get("as_of") or ""))
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, entry)
    rows, sources = [], {}
    for key in sorted(chosen, key=lambda k: tuple(str(part) for part in k)):
        entry = chosen[key][1]
        source_id, source = _source(entry)
        sources[source_id] = source
        rows.append(_row(entry, key, source_id))
    report = [f"prices: {len(rows)} rows from {len(entries)} researched entries"]
    report += [f"prices: left out {count}: {why}" for why, count in sorted(left_out.items())]
    return rows, sources, report


def _left_out(entry: dict[str, Any]) -> str | None:
    if entry.get("tier"):
        return "a processing tier (priority, flex), not a deployment type"
    if "testdata" in str(entry["source"].get("path")).split("/"):
        return "from a test fixture"
    amounts = [entry.get(column) for column in COLUMNS]
    if any(isinstance(amount, list) for amount in amounts):
        return "region-specific prices whose regions the record does not name"
    if all(amount is None for amount in amounts) and not entry.get("reservation_per_ptu"):
        return "no price of a deployment type"
    return None


def _key(entry: dict[str, Any]) -> tuple[Any, ...]:
    sku, region = entry["deployment_type"], entry.get("region")
    kept = region if region and (sku in REGIONAL or region.startswith("usgov")) else None
    model = None if entry["model"] == "*" else entry["model"]
    reserved = bool(entry.get("reservation_per_ptu"))  # a reservation is a row of its own
    return (model, entry.get("version"), sku, kept, reserved)


def _row(entry: dict[str, Any], key: tuple[Any, ...], source_id: str) -> dict[str, Any]:
    model, version, sku, region, reserved = key
    row: dict[str, Any] = {"model": model, "version": version, "sku": sku, "region": region}
    row = {name: value for name, value in row.items() if value is not None}
    row["unit"] = "USD per PTU for the term" if reserved else entry["unit"]
    row.update({column: entry[column] for column in COLUMNS if entry.get(column) is not None})
    for term, amount in (entry.get("reservation_per_ptu") or {}).items():
        row[f"reservation_{term}"] = amount  # per PTU for the whole term: 1_month, 1_year
    row["source"] = source_id
    effective = _effective(entry)
    if effective:
        row["effective"] = effective
    meters = {column: name.replace("''", "'") for column, name in _METER.findall(entry.get("note", ""))}
    if meters:
        row["meters"] = meters
    ends = _ENDS.search(entry.get("note", ""))
    if ends:
        row["ends"] = ends.group(1)
    if entry["authority"] != "primary":
        row["secondary"] = True
    return row


def _source(entry: dict[str, Any]) -> tuple[str, dict[str, str]]:
    source = entry["source"]
    if source.get("repo") == MODELMETERS:
        # Prices read from two monthly files (meters that took effect in different months) cite the newer.
        path = max(source["path"]) if isinstance(source["path"], list) else source["path"]
        found = _MODELMETERS_FILE.fullmatch(path)
        if found is None:
            raise ValueError(f"a {MODELMETERS} source that is not a monthly file: {path}")
        kind, year, month = found.groups()
        location = f"{MODELMETERS}: {path}@{source['commit']} (Retail Prices API items, recorded daily)"
        return f"RETAIL_API_{kind.upper()}_{year}_{month}", {"location": location, "date": _date(entry)}
    label = source.get("read_file_id") or source.get("repo") or "unknown"
    return f"SECONDARY_{label}", {"location": str(source.get("description") or label), "date": _date(entry)}


def _effective(entry: dict[str, Any]) -> str | None:
    """The day the price took effect: modelmeters files each hold the items of one `effectiveStartDate`;
    other sources give only the day they were read."""
    path = entry["source"].get("path")
    newest = max(path) if isinstance(path, list) else path
    found = _MODELMETERS_FILE.fullmatch(str(newest)) if entry["source"].get("repo") == MODELMETERS else None
    if found:
        return f"{found.group(2)}-{found.group(3)}-01"
    return str(entry["as_of"]) if entry.get("as_of") else None


def _date(entry: dict[str, Any]) -> str:
    return str(entry.get("as_of") or "unknown")
