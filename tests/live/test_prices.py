"""`aoai-infra catalog prices` against a Retail Prices API emulator on 127.0.0.1 serving Azure's real items,
and the meter mapping on every real meter name known (../shared/facts/prices/)."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from aoai_infra.catalog.loader import load_catalog
from aoai_infra.catalog.meters import Meter, NotMapped, read_meter
from aoai_infra.catalog.retail import price_rows
from tests.conftest import REPO, run_cli
from tests.live.conftest import leftovers
from tests.live.prices_emulator import ITEMS, PricesEmulator, real_items

PARTIAL = ITEMS.with_name("retail-api-partial-records.json")
SHARED = REPO.parent / "shared" / "facts" / "prices"
DAY = "2025-08-25"  # the day the items were recorded: every price in them is in effect


def models() -> dict[str, list[str]]:
    catalog = load_catalog()
    return {name: catalog.versions(name) for name in catalog.data.models}


def prices_cli(emulator: PricesEmulator, out: Path, *args: str) -> Any:
    return run_cli(
        "catalog", "prices", "--out", str(out), "--prices-endpoint", emulator.url, "--today", DAY,
        "--timeout", "2", *args,
    )  # fmt: skip


@pytest.mark.skipif(not SHARED.is_dir(), reason="the researched copies are not beside this checkout")
@pytest.mark.parametrize("name", ["retail-api-items.json", "retail-api-partial-records.json"])
def test_the_kept_items_are_the_researched_copies(name: str) -> None:
    assert (ITEMS.parent / name).read_bytes() == (SHARED / name).read_bytes()


def test_every_real_item_is_mapped_or_reported_with_its_reason() -> None:
    known = models()
    results = [read_meter(item, known) for item in real_items()]
    assert len(results) == 591
    mapped = [result for result in results if isinstance(result, Meter)]
    reasons = Counter(result.reason for result in results if isinstance(result, NotMapped))
    assert len(mapped) == 287
    assert sum(reasons.values()) == 591 - 287
    assert reasons["the price of fine-tuning"] == 80
    assert reasons["the price of realtime audio or text"] == 72
    assert reasons["a legacy PTU meter, not a deployment type's"] == 14


@pytest.mark.parametrize(
    ("product", "meter", "unit", "kind", "expected"),
    [
        ("Azure OpenAI", "gpt 4o 1120 Inp glbl Tokens", "1K", "Consumption",
         Meter("gpt-4o", "2024-11-20", "GlobalStandard", "input", 1000.0)),
        ("Azure OpenAI", "gpt-4o-mini-0718-Outp-regnl Tokens", "1K", "Consumption",
         Meter("gpt-4o-mini", "2024-07-18", "Standard", "output", 1000.0)),
        ("Azure OpenAI", "gpt 4o mini0718 BatchOutp DataZone Tokens", "1K", "Consumption",
         Meter("gpt-4o-mini", "2024-07-18", "DataZoneBatch", "output", 1000.0)),
        ("Azure OpenAI GPT5", "GPT 5 Rsng cchd Inpt DZone 1M Tokens", "1M", "Consumption",
         Meter("gpt-5", None, "DataZoneStandard", "cached_input")),
        ("Azure OpenAI GPT5", "5.4 cd inp Dz 1M Tokens", "1M", "Consumption",
         Meter("gpt-5.4", None, "DataZoneStandard", "cached_input")),
        ("Azure OpenAI GPT5", "5.6 sol ShortCo Inp Std Gl 1M Tokens", "1M", "Consumption",
         Meter("gpt-5.6-sol", None, "GlobalStandard", "input")),
        ("Azure OpenAI", "embedding-ada-glbl Tokens", "1K", "Consumption",
         Meter("text-embedding-ada-002", None, "GlobalStandard", "input", 1000.0)),
        ("Azure OpenAI", "Provisioned Managed Data Zone Unit", "1/Hour", "Consumption",
         Meter(None, None, "DataZoneProvisionedManaged", "hourly")),
        ("Azure OpenAI", "gpt-4.1-ft input global Tokens", "1K", "Consumption",
         NotMapped("the price of fine-tuning")),
        ("Azure OpenAI GPT5", "5.4 pp inp Gl 1M Tokens", "1M", "Consumption",
         NotMapped("the price of priority processing, a tier rather than a deployment type")),
        ("Azure OpenAI GPT5", "5.5 LongCo inp Gl 1M Tokens", "1M", "Consumption",
         NotMapped("the price of long-context use (prompts past the short-context threshold)")),
        ("Deepseek model family", "Provisioned Managed Global Unit", "1/Hour", "Consumption",
         NotMapped("product 'Deepseek model family' is not Azure OpenAI")),
        ("Azure OpenAI", "Image-Dall-E-3 HD HighRes-regnl EP Images", "100", "Consumption",
         NotMapped("priced per '100', not per 1K or 1M tokens")),
    ],
)  # fmt: skip
def test_meter_names_of_every_style(product: str, meter: str, unit: str, kind: str, expected: object) -> None:
    item = {"productName": product, "meterName": meter, "unitOfMeasure": unit, "type": kind}
    assert read_meter(item, models()) == expected


def test_every_2026_record_is_mapped_or_reported() -> None:
    records = [record for group in json.loads(PARTIAL.read_text())["groups"] for record in group["records"]]
    known = models()
    results = [read_meter({**record, "type": "Consumption"}, known) for record in records]
    assert len(results) == 165
    unknown = [
        result.reason for result in results if isinstance(result, NotMapped) and "catalog" in result.reason
    ]
    assert unknown == []  # every 2026 model and version the meters name is one the catalog knows


def test_a_catalog_priced_from_the_api_with_every_page_read(tmp_path: Path) -> None:
    with PricesEmulator(real_items(), page_size=100) as emulator:
        done = prices_cli(emulator, tmp_path / "priced.json")
        pages = len(emulator.requests)
    assert done.returncode == 0, done.stderr
    assert pages == 6  # 591 items, 100 a page, each page's NextPageLink followed
    assert done.stdout.startswith(f"read 591 items from {emulator.url} in USD\n")
    assert "  gpt-4.1 FT Training global Tokens: the price of fine-tuning\n" in done.stdout
    catalog = load_catalog(tmp_path / "priced.json")
    row = catalog.price("gpt-4o", "2024-11-20", "GlobalStandard", "eastus", "input")
    assert row is not None
    assert (row.amount("input"), row.amount("cached_input"), row.amount("output")) == (2.5, 1.25, 10.0)
    assert (row.source, row.effective, row.meters) == (
        "RETAIL_API",
        "2024-12-01",
        {
            "cached_input": "gpt 4o 1120 cached Inp glbl Tokens",
            "input": "gpt 4o 1120 Inp glbl Tokens",
            "output": "gpt 4o 1120 Outp glbl Tokens",
        },
    )
    assert catalog.data.sources["RETAIL_API"].date == DAY
    ptu = catalog.price("gpt-5.4", "2026-03-05", "GlobalProvisionedManaged", "eastus", "reservation_1_year")
    assert ptu is not None
    assert ptu.amount("reservation_1_year") == 2652.0
    shown = run_cli(
        "catalog", "show", "gpt-4o", "--catalog", str(tmp_path / "priced.json"), "--format", "json"
    )
    assert any(price.get("meters") for price in json.loads(shown.stdout)["prices"])


def test_the_rows_are_the_newest_price_and_collapse_regions_that_agree() -> None:
    report = price_rows(real_items(), models(), "USD", datetime.date.fromisoformat(DAY), "RETAIL_API")
    hourly = {(row["sku"], row.get("region")): row["hourly"] for row in report.rows if "hourly" in row}
    assert hourly[("GlobalProvisionedManaged", None)] == 1.0  # the same in every region read
    assert hourly[("DataZoneProvisionedManaged", None)] == 1.1
    assert hourly[("DataZoneProvisionedManaged", "usgovvirginia")] == 2.5  # sovereign regions apart
    assert hourly[("ProvisionedManaged", "eastus2")] == 2.0  # regional types keep their region


def test_a_next_page_on_another_host_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    with PricesEmulator(real_items(), page_size=100) as emulator:
        emulator.next_link = "https://evil.example.com/api/retail/prices?$skip=100"
        done = prices_cli(emulator, tmp_path / "priced.json")
        requests = list(emulator.requests)
    assert done.returncode == 2
    assert "https://evil.example.com:443, which is not the Retail Prices API endpoint" in done.stderr
    assert len(requests) == 1
    assert not (tmp_path / "priced.json").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>maintenance</html>", "the Retail Prices API's answer is not JSON"),
        (b'{"Items": {"a": 1}, "NextPageLink": null}', "has no list of items (Items)"),
        (b'{"Items": [], "NextPageLink": 7}', "NextPageLink is not a URL"),
        (b"[" * 100_000 + b"]" * 100_000, "the Retail Prices API's answer is not JSON"),
        (b'{"Items": [' + b'{"x": 1},' * 4_000_000 + b'{"x": 1}]}', "larger than 32 MiB"),
    ],
    ids=["html", "items-not-a-list", "link-not-a-url", "deep", "huge"],
)
def test_hostile_answers_stop_the_read_with_what_was_wrong(tmp_path: Path, body: bytes, message: str) -> None:
    with PricesEmulator([]) as emulator:
        emulator.body = body
        done = prices_cli(emulator, tmp_path / "priced.json")
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "priced.json").exists()


def test_a_slow_answer_ends_at_the_timeout(tmp_path: Path) -> None:
    with PricesEmulator(real_items()) as emulator:
        emulator.delay = 3.0
        done = run_cli(
            "catalog", "prices", "--out", str(tmp_path / "p.json"), "--prices-endpoint", emulator.url,
            "--timeout", "0.5",
        )  # fmt: skip
    assert done.returncode == 2
    assert "within --timeout" in done.stderr


def test_an_error_status_and_plain_http_elsewhere_are_refused(tmp_path: Path) -> None:
    with PricesEmulator(real_items()) as emulator:
        emulator.status = 503
        done = prices_cli(emulator, tmp_path / "p.json")
    assert done.returncode == 2
    assert "the Retail Prices API answered HTTP 503; run again later" in done.stderr
    remote = run_cli("catalog", "prices", "--out", str(tmp_path / "p.json"), "--prices-endpoint",
                     "http://prices.example.com/api/retail/prices")  # fmt: skip
    assert remote.returncode == 2
    assert "uses plain http" in remote.stderr


def test_items_in_another_currency_price_nothing(tmp_path: Path) -> None:
    with PricesEmulator(real_items()) as emulator:
        done = prices_cli(emulator, tmp_path / "p.json", "--currency", "EUR")
    assert done.returncode == 2
    assert "priced no Azure OpenAI deployment in EUR; nothing was written" in done.stderr


def test_a_hostile_meter_name_is_escaped_and_clipped_in_the_report(tmp_path: Path) -> None:
    forged = "\x1b[2J\nwrote everything: 0 problems " + "x" * 10_000 + " Inp glbl Tokens"
    hostile = {**real_items()[0], "productName": "Azure OpenAI", "meterName": forged, "type": "Consumption"}
    with PricesEmulator([hostile, *real_items()]) as emulator:
        done = prices_cli(emulator, tmp_path / "priced.json")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "\nwrote everything" not in done.stdout
    assert "\\x1b[2J\\nwrote everything: 0 problems" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) < 1_000
