"""`aoai-infra catalog prices`: a catalog whose prices are read from Azure's Retail Prices API.

Imports: aoai_infra.cli, aoai_infra.exit_codes; typer.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aoai_infra.cli.live import require_live
from aoai_infra.cli.options import TimeoutOption, TodayOption, day
from aoai_infra.cli.output import fail, write_findings
from aoai_infra.exit_codes import EXIT_UNREADABLE

if TYPE_CHECKING:
    from aoai_infra.catalog.model import CatalogFile

SOURCE = "RETAIL_API"  # the source id the written prices cite


def prices(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Catalog file to write (JSON).", show_default=False)
    ],
    catalog: Annotated[
        Path | None,
        typer.Option(help="Base catalog whose prices are replaced.", show_default="the bundled catalog"),
    ] = None,
    currency: Annotated[
        str, typer.Option(help="Currency of the prices (USD is Microsoft's; others are for reference).")
    ] = "USD",
    prices_endpoint: Annotated[
        str,
        typer.Option(
            help="The Retail Prices API (https; plain http only on a loopback address, for an emulator)."
        ),
    ] = "https://prices.azure.com/api/retail/prices",
    timeout: TimeoutOption = 30.0,
    today: TodayOption = None,
) -> None:
    """Read Azure OpenAI's prices from Azure's public Retail Prices API (no credentials) into a catalog.

    Every model, version, deployment type and region the API prices gets its input, cached input and
    output prices per 1M tokens, or its hourly and reservation PTU prices, each with its meter and the day
    it took effect. Meters that are not a deployment's price (fine-tuning, training, hosting, tiers,
    realtime, ...) are listed in the report, never guessed. The file is written whole, or not at all.
    Exit code 0: written; 2: the API or the base catalog could not be read, or it priced nothing.
    """
    require_live()
    from aoai_infra.catalog.loader import BUNDLED, CatalogError, load_catalog
    from aoai_infra.catalog.retail import price_rows
    from aoai_infra.live.prices import PricesError, read_items
    from aoai_infra.live.snapshot import render
    from aoai_infra.report import prices as renderer
    from aoai_infra.source.files import WriteError, check_not_an_input, write_atomically

    if not (len(currency) == 3 and currency.isalpha() and currency.isupper()):
        fail(f"--currency {currency!r} is not a currency code such as USD or EUR")
    try:
        base = load_catalog(catalog)
    except CatalogError as error:
        write_findings(error.findings)
        raise typer.Exit(EXIT_UNREADABLE) from None
    models = {name: base.versions(name) for name in base.data.models}
    try:
        report = price_rows(
            read_items(prices_endpoint, currency, timeout), models, currency, day(today), SOURCE
        )
    except PricesError as error:
        fail(str(error))
    if not report.rows:
        fail(f"the Retail Prices API priced no Azure OpenAI deployment in {currency}; nothing was written")
    written = _with_prices(base.data, report.rows, prices_endpoint, currency, day(today).isoformat())
    try:
        check_not_an_input(out, [catalog or BUNDLED])
        write_atomically(out, render(written))
    except WriteError as error:
        fail(str(error))
    sys.stdout.write(renderer.render(report, prices_endpoint, currency, str(out)))


def _with_prices(
    base: CatalogFile, rows: list[dict[str, Any]], endpoint: str, currency: str, today: str
) -> CatalogFile:
    """The base catalog with its prices replaced, citing the API read today."""
    from aoai_infra.catalog.model import Price, Source

    location = f"Azure Retail Prices API {endpoint} ({currency}), read by aoai-infra catalog prices"
    sources = {**base.sources, SOURCE: Source(location=location, date=today)}
    return base.model_copy(update={"prices": [Price.model_validate(row) for row in rows], "sources": sources})
