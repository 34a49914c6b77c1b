"""The `aoai-infra` application: every command registered in the order `--help` lists them, and the
console script around it (no traceback for any input; a broken pipe ends quietly).

Imports: aoai_infra, aoai_infra.cli, aoai_infra.exit_codes; typer.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from aoai_infra import __version__
from aoai_infra.cli import (
    catalog,
    catalog_prices,
    catalog_sync,
    check_policies,
    drift,
    export,
    plan,
    schema,
    size,
    validate,
)
from aoai_infra.exit_codes import EXIT_INTERNAL_ERROR

app = typer.Typer(
    name="aoai-infra",
    help="Validate, provision and review Azure OpenAI estates declared in stacks/*.yaml.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(
    name="catalog", help="Ask the catalog what can be deployed where.", no_args_is_help=True
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"aoai-infra {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Validate, provision and review Azure OpenAI estates declared in stacks/*.yaml."""


app.command()(validate.validate)
app.command("check-policies")(check_policies.check_policies)
app.command()(plan.plan)
app.command()(size.size)
app.command()(export.export)
app.command()(drift.drift)
catalog_app.command("where")(catalog.where)
catalog_app.command("models")(catalog.models)
catalog_app.command("show")(catalog.show)
catalog_app.command("sync")(catalog_sync.sync)
catalog_app.command("prices")(catalog_prices.prices)
app.add_typer(catalog_app)
app.command()(schema.schema)


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`| head`); stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:
        if os.environ.get("AOAI_INFRA_DEBUG"):
            raise
        sys.stderr.write(
            f"aoai-infra: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in aoai-infra; please report it with the input that caused it "
            "(set AOAI_INFRA_DEBUG=1 to see the traceback).\n"
        )
        sys.exit(EXIT_INTERNAL_ERROR)


def entry() -> None:
    """The console script: `main()`, then leave without tearing the heap down.

    A validation of a large repository keeps every file's YAML node tree for positions; freeing those
    millions of objects one by one at interpreter exit took as long as validating them
    (bench/validate.py). Output is flushed and the process ends with `os._exit`, as mypy does.
    """
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = code or 1
    os._exit(code)
