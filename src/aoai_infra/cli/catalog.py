"""`aoai-infra catalog where|models|show`: questions to the catalog, imported when a command runs.
`catalog sync` is in catalog_sync.

Imports: aoai_infra.cli, aoai_infra.exit_codes; typer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from aoai_infra.cli.options import CatalogOption, FormatOption, OutputFormat, TodayOption, day
from aoai_infra.cli.output import say, write_findings
from aoai_infra.exit_codes import EXIT_UNREADABLE

if TYPE_CHECKING:
    from aoai_infra.catalog.catalog import Catalog

T = TypeVar("T")

ModelArgument = Annotated[str, typer.Argument(help="Model name, e.g. gpt-4.1.", show_default=False)]


def where(
    model: ModelArgument,
    version: Annotated[str | None, typer.Option(help="Only this version.")] = None,
    sku: Annotated[str | None, typer.Option(help="Only this deployment type, e.g. DataZoneStandard.")] = None,
    catalog: CatalogOption = None,
    output_format: FormatOption = OutputFormat.text,
    today: TodayOption = None,
) -> None:
    """Regions where a model can be deployed, with the deployment types offered in each; what has retired
    by --today is left out."""
    from aoai_infra.catalog import queries
    from aoai_infra.report import catalog as renderer

    on = day(today)
    rows = query(lambda found: queries.where(found, model, on, version, sku), catalog)
    question = " ".join(part for part in (model, version, f"as {sku}" if sku else None) if part)
    emit(rows, output_format, lambda: renderer.render_where(rows, question))


def models(
    region: Annotated[str | None, typer.Option(help="Only what this region offers.")] = None,
    catalog: CatalogOption = None,
    output_format: FormatOption = OutputFormat.text,
    today: TodayOption = None,
) -> None:
    """Every model version in the catalog, with its status on --today and its deployment types."""
    from aoai_infra.catalog import queries
    from aoai_infra.report import catalog as renderer

    on = day(today)
    rows = query(lambda found: queries.models(found, on, region), catalog)
    emit(rows, output_format, lambda: renderer.render_models(rows))


def show(
    model: ModelArgument,
    catalog: CatalogOption = None,
    output_format: FormatOption = OutputFormat.text,
    today: TodayOption = None,
) -> None:
    """One model: versions, lifecycle dates, deployment types and regions, quota, PTU rules, prices; the
    catalog's date and age."""
    from aoai_infra.catalog import queries
    from aoai_infra.report import catalog as renderer

    on = day(today)
    data = query(lambda found: queries.show(found, model, on), catalog)
    emit(data, output_format, lambda: renderer.render_show(data))


def query(ask: Callable[[Catalog], T], path: Path | None) -> T:
    """Load the catalog and ask it; unreadable catalogs and unknown names exit with code 2 and a fix."""
    from aoai_infra.catalog.loader import CatalogError, load_catalog
    from aoai_infra.catalog.queries import QueryError

    try:
        return ask(load_catalog(path))
    except CatalogError as error:
        write_findings(error.findings)
    except QueryError as error:
        say(str(error))
    raise typer.Exit(EXIT_UNREADABLE)


def emit(data: object, output_format: OutputFormat, text: Callable[[], str]) -> None:
    if output_format is OutputFormat.json:
        import json

        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        sys.stdout.write(text())
