"""`aoai-infra catalog sync`: a catalog file from Azure; live mode is imported when it runs.

Imports: aoai_infra.cli, aoai_infra.exit_codes; typer.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from aoai_infra.cli.live import connect, require_live
from aoai_infra.cli.options import ArmEndpointOption, CloudOption, RetriesOption, TimeoutOption
from aoai_infra.cli.output import fail, write_findings
from aoai_infra.exit_codes import EXIT_UNREADABLE


def sync(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Catalog file to write (JSON).", show_default=False)
    ],
    regions: Annotated[
        str | None,
        typer.Option(
            help="Regions to read, comma-separated (eastus,swedencentral), or all: every region where the "
            "subscription may create an Azure OpenAI account.",
            show_default="the regions of --stack",
        ),
    ] = None,
    subscription: Annotated[
        str | None,
        typer.Option(help="Subscription to read.", show_default="$AZURE_SUBSCRIPTION_ID, else --stack's"),
    ] = None,
    stack: Annotated[
        Path | None,
        typer.Option(
            help="A stack file: its subscription_id and regions are the defaults.", show_default=False
        ),
    ] = None,
    allow_partial: Annotated[
        bool,
        typer.Option(help="Write the regions that answered even when others failed (recorded in the file)."),
    ] = False,
    catalog: Annotated[
        Path | None,
        typer.Option(help="Base catalog for what Azure does not report (deployment types, prices, ...)."),
    ] = None,
    cloud: CloudOption = None,
    arm_endpoint: ArmEndpointOption = None,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 4,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Requests to Azure in flight at once.")
    ] = 32,
) -> None:
    """Read each region's models and the subscription's quota from Azure into a catalog file.

    The file has the bundled catalog's format, sorted, so two syncs diff cleanly; use it with
    --catalog or a stack's catalog: key. It is written whole, and only when every region answered
    (or with --allow-partial). Exit code 0: written; 1: regions failed, nothing written; 2: cannot start.
    """
    require_live()
    from aoai_infra.catalog.loader import CatalogError, load_catalog
    from aoai_infra.live.endpoint import LiveUsageError
    from aoai_infra.live.endpoint import subscription as pick_subscription
    from aoai_infra.live.sync import parse_regions
    from aoai_infra.live.sync import sync as run_sync
    from aoai_infra.report import sync as renderer
    from aoai_infra.source.files import WriteError

    try:
        stack_subscription, stack_regions = _stack_defaults(stack)
        if regions is None and stack_regions is None:
            raise LiveUsageError(
                "name the regions to read: --regions eastus,swedencentral, --regions all or --stack"
            )
        wanted = parse_regions(regions) if regions is not None else stack_regions
        target_subscription = pick_subscription(subscription, os.environ, stack_subscription)
        base = load_catalog(catalog).data
    except LiveUsageError as error:
        fail(str(error))
    except CatalogError as error:
        write_findings(error.findings)
        raise typer.Exit(EXIT_UNREADABLE) from None
    from aoai_infra.live.client import Limits

    connection = connect(
        cloud, arm_endpoint, Limits(concurrency=concurrency, timeout=timeout, retries=retries)
    )
    try:
        result = run_sync(
            connection,
            target_subscription,
            wanted,
            base,
            out,
            allow_partial=allow_partial,
            progress=_progress,
        )
    except WriteError as error:
        fail(str(error))
    finally:
        connection.close()
    sys.stdout.write(renderer.render(result))
    if result.problem is not None:
        raise typer.Exit(EXIT_UNREADABLE)
    raise typer.Exit(0 if result.written else 1)


def _stack_defaults(path: Path | None) -> tuple[str | None, list[str] | None]:
    """The subscription and sorted regions of a stack file (None, None without one)."""
    if path is None:
        return None, None
    from aoai_infra.live.endpoint import LiveUsageError
    from aoai_infra.stack.load import load_stack

    loaded = load_stack(path)
    if loaded.spec is None:
        write_findings(loaded.findings)
        raise LiveUsageError(f"--stack {path} does not load; fix it with aoai-infra validate {path}")
    spec = loaded.spec
    return spec.subscription_id, sorted({spec.location_of(account) for account in spec.accounts})


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None] | None]:
    """A progress bar on standard error when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Reading regions", total=total)
        yield lambda: bar.advance(task)
