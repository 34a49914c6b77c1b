"""The bundled catalog's prices: from Retail Prices API records, each dated, none from a test fixture."""

from __future__ import annotations

import datetime
import json
import sys
from typing import Any

import pytest
import yaml

from aoai_infra.catalog.loader import load_catalog
from aoai_infra.catalog.retail import price_rows
from tests.conftest import CATALOG_DATE, REPO

FACTS = REPO / "tools" / "catalog-prices" / "retail-prices-facts.yaml"
ITEMS = FACTS.with_name("retail-api-items.json")
SHARED = REPO.parent / "shared" / "facts" / "prices" / "retail-prices-facts.yaml"

sys.path.insert(0, str(REPO / "tools"))
from catalog_build.prices import prices  # noqa: E402  # the build's own module, as build_catalog.py runs it


def facts() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.skipif(not SHARED.is_file(), reason="the researched copy is not beside this checkout")
def test_the_kept_prices_are_the_researched_copy():
    assert FACTS.read_bytes() == SHARED.read_bytes()


def test_every_price_names_a_dated_source_and_none_is_a_test_fixture():
    catalog = load_catalog()
    assert len(catalog.data.prices) == 162
    for row in catalog.data.prices:
        source = catalog.data.sources[row.source]
        assert source.date != "unknown", row
        assert "testdata" not in source.location, row
        assert row.effective is not None, row
    assert not any("INFRACOST" in name or name == "S_SEED" for name in catalog.data.sources)


def test_every_deployment_type_price_of_the_records_reaches_the_catalog():
    catalog = load_catalog()
    for entry in facts():
        amounts = [entry.get(column) for column in ("input", "hourly")]
        if entry.get("tier") or any(isinstance(a, list) for a in amounts) or not any(amounts):
            continue  # processing tiers and unnamed regions are left out (next test); reservations below
        if "testdata" in str(entry["source"].get("path")):
            continue
        model = "gpt-5.4" if entry["model"] == "*" else entry["model"]  # any model: ask for one
        version = entry.get("version") or "1"
        column = "hourly" if entry.get("hourly") is not None else "input"
        region = entry.get("region") or "eastus"
        row = catalog.price(model, version, entry["deployment_type"], region, column)
        assert row is not None, entry


def test_what_is_left_out_is_reported_never_guessed():
    rows, sources, report = prices(facts())
    assert report == [
        "prices: 148 rows from 172 researched entries",
        "prices: left out 9: a processing tier (priority, flex), not a deployment type",
        "prices: left out 1: from a test fixture",
        "prices: left out 5: region-specific prices whose regions the record does not name",
    ]
    assert {row["source"] for row in rows} == set(sources)


def test_a_primary_record_wins_over_a_newer_secondary_one_and_the_newest_primary_wins():
    entry = {"model": "m", "version": "1", "deployment_type": "GlobalStandard", "unit": "USD per 1M tokens"}
    older = {**entry, "input": 1.0, "as_of": "2025-01-01", "authority": "primary", "source": _mm("2025-01")}
    newer = {**entry, "input": 2.0, "as_of": "2026-01-01", "authority": "primary", "source": _mm("2026-01")}
    secondary = {
        **entry,
        "input": 3.0,
        "as_of": "2026-06-01",
        "authority": "secondary",
        "source": {"repo": "x"},
    }
    (row,), _, _ = prices([older, secondary, newer])
    assert (row["input"], row["source"], row["effective"]) == (2.0, "RETAIL_API_FULL_2026_01", "2026-01-01")
    (row,), _, _ = prices([secondary])
    assert (row["input"], row["secondary"]) == (3.0, True)


def test_a_global_price_holds_in_every_region_and_a_regional_one_keeps_its_region():
    entry = {"model": "m", "version": "1", "unit": "USD per 1M tokens", "input": 1.0, "as_of": "2025-08-25"}
    common = {**entry, "authority": "primary", "source": _mm("2025-08"), "region": "eastus2"}
    rows, _, _ = prices(
        [{**common, "deployment_type": "GlobalStandard"}, {**common, "deployment_type": "Standard"}]
    )
    assert [(row["sku"], row.get("region")) for row in rows] == [
        ("GlobalStandard", None),
        ("Standard", "eastus2"),
    ]


def test_the_meters_and_the_end_of_a_price_come_from_its_record():
    note = (
        "meters: input='gpt 4o 0513 Input regional Tokens'; output='o''brien Tokens'. "
        "effectiveEndDate 2025-08-31T23:59"
    )
    entry = {
        "model": "gpt-4o",
        "version": "2024-05-13",
        "deployment_type": "Standard",
        "unit": "USD per 1M tokens",
        "input": 5.5,
        "output": 16.5,
        "as_of": "2025-08-25",
        "authority": "primary",
        "source": _mm("2024-05"),
        "region": "eastus2",
        "note": note,
    }
    (row,), _, _ = prices([entry])
    assert row["meters"] == {"input": "gpt 4o 0513 Input regional Tokens", "output": "o'brien Tokens"}
    assert row["ends"] == "2025-08-31"


def _mm(month: str) -> dict[str, str]:
    return {
        "repo": "guygregory/modelmeters.com",
        "path": f"monthly/full/{month}-01.ndjson",
        "commit": "0" * 40,
    }


def test_no_hand_kept_prices_are_left():
    hand_kept = yaml.safe_load((REPO / "tools" / "catalog-hand-kept.yaml").read_text(encoding="utf-8"))
    assert "prices" not in hand_kept


def test_every_current_price_of_the_api_items_is_in_the_bundled_catalog():
    catalog = load_catalog()
    known = {name: catalog.versions(name) for name in catalog.data.models}
    items = [item for group in json.loads(ITEMS.read_text())["groups"] for item in group["Items"]]
    found = price_rows(items, known, "USD", datetime.date(2025, 8, 25), "RETAIL_API")
    checked = 0
    for row in found.rows:
        model = row.get("model") or "gpt-5.4"  # a PTU price holds for any model: ask for one
        versions = [row["version"]] if row.get("version") else known[model]
        for version in versions:
            lifecycle = catalog.lifecycle(model, version)
            if lifecycle is not None and lifecycle.is_retired(CATALOG_DATE):
                continue
            for column in ("input", "cached_input", "output", "hourly", "reservation_1_year"):
                if column in row:
                    priced = catalog.price(model, version, row["sku"], row.get("region") or "eastus", column)
                    assert priced is not None, (model, version, row["sku"], column)
                    checked += 1
    assert checked > 200
