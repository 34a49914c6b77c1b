"""`aoai-infra export`: a live estate as stack files and `pulumi import --file` files.

Imports: aoai_infra.cli, aoai_infra.exit_codes; typer.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aoai_infra.cli.live import connect, require_live
from aoai_infra.cli.options import ArmEndpointOption, CloudOption, RetriesOption, TimeoutOption
from aoai_infra.cli.output import fail

if TYPE_CHECKING:
    from aoai_infra.live.estate import Estate
from aoai_infra.exit_codes import EXIT_CLEAN, EXIT_FINDINGS


def export(
    subscription: Annotated[
        str | None, typer.Option(help="Subscription to read.", show_default="$AZURE_SUBSCRIPTION_ID")
    ] = None,
    resource_group: Annotated[
        list[str] | None,
        typer.Option("--resource-group", "-g", help="Only this resource group (repeatable)."),
    ] = None,
    account: Annotated[list[str] | None, typer.Option(help="Only this account (repeatable).")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="The stack file to write (one resource group).")
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(help="Write one stack file per resource group here, with its <name>.import.json."),
    ] = None,
    import_file: Annotated[
        Path | None, typer.Option(help="With --out: the `pulumi import --file` file to write.")
    ] = None,
    cloud: CloudOption = None,
    arm_endpoint: ArmEndpointOption = None,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 4,
) -> None:
    """Read a live estate (a subscription, resource groups or accounts) and write it as stack files that
    `validate` reads and `pulumi import --file` files, then validate them.

    Settings the stack format cannot express are written as comments at their place and printed, never
    dropped. Needs Reader on what it reads. Exit code 0: written, no errors; 1: written, the validator
    found errors in the estate; 2: nothing read or written.
    """
    require_live()
    from aoai_infra.live.client import Limits
    from aoai_infra.live.endpoint import LiveUsageError
    from aoai_infra.live.endpoint import subscription as pick_subscription
    from aoai_infra.live.estate import read_estate

    if (out is None) == (output_dir is None):
        fail("name one place to write: --out FILE for one resource group, or --output-dir DIR, not both")
    if import_file is not None and out is None:
        fail(
            "--import-file goes with --out; with --output-dir each stack's import file is <name>.import.json"
        )
    try:
        target = pick_subscription(subscription, os.environ)
    except LiveUsageError as error:
        fail(str(error))
    connection = connect(cloud, arm_endpoint, Limits(timeout=timeout, retries=retries))
    try:
        estate = read_estate(connection, target, resource_group or (), account or ())
    finally:
        connection.close()
    if estate.problem is not None:
        fail(f"the accounts of subscription {target} could not be listed: {estate.problem.message}")
    _write(estate, out, output_dir, import_file)


def _write(estate: Estate, out: Path | None, output_dir: Path | None, import_file: Path | None) -> None:
    from aoai_infra.estate.export import export as run_export
    from aoai_infra.report import estate as renderer
    from aoai_infra.source.files import WriteError, write_atomically
    from aoai_infra.validate import validate_files

    stacks = run_export([estate], out.stem if out is not None else None)
    if not stacks:
        fail("no Azure OpenAI or AI Services account found where export looked; nothing was written")
    if out is not None and len(stacks) > 1:
        groups = ", ".join(stack.resource_group for stack in stacks)
        fail(f"the accounts are in {len(stacks)} resource groups ({groups}); use --output-dir")
    written: list[tuple[Path, str]] = []
    try:
        for stack in stacks:
            path = out if out is not None else (output_dir or Path()) / f"{stack.name}.yaml"
            imports = import_file if out is not None else path.with_suffix(".import.json")
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, stack.text)
            if imports is not None:
                write_atomically(imports, json.dumps(stack.imports, indent=2) + "\n")
            written.append((path, str(path)))
    except (WriteError, OSError) as error:
        fail(str(error))
    report = validate_files(written)
    sys.stdout.write(renderer.render_export(stacks, [str(path) for path, _ in written], report))
    raise typer.Exit(EXIT_FINDINGS if report.exit_code == EXIT_FINDINGS else EXIT_CLEAN)
