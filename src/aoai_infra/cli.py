"""The `aoai-infra` command line.

Start-up stays fast: this module imports only typer; each command imports what it needs when it runs, and
nothing on the `validate` path imports pulumi or an Azure SDK.
"""

from __future__ import annotations

import enum
import os
import sys
from typing import Annotated

import typer

from aoai_infra import __version__

app = typer.Typer(
    name="aoai-infra",
    help="Validate, provision and review Azure OpenAI estates declared in stacks/*.yaml.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

EXIT_INTERNAL_ERROR = 3


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"


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


@app.command()
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Stack files, or directories to search for *.yaml and *.yml.", show_default=False
        ),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
) -> None:
    """Check stack files and report every problem with file:line:col and a fix.

    Exit code 0: no errors (warnings allowed); 1: errors found; 2: some input could not be read.
    """
    from aoai_infra.validate import validate_paths

    report = validate_paths(paths)
    if output_format is OutputFormat.json:
        from aoai_infra.report import json as renderer
    else:
        from aoai_infra.report import text as renderer  # type: ignore[no-redef]
    sys.stdout.write(renderer.render(report))
    raise typer.Exit(report.exit_code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a stack file (committed as schema/stack.schema.json)."""
    import json

    from aoai_infra.spec import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


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
