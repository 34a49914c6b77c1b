"""`aoai-infra plan`; the plan is imported when it runs.

Imports: aoai_infra.cli, aoai_infra.exit_codes; typer.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aoai_infra.cli.options import TodayOption
from aoai_infra.cli.output import check_output, say, write_output
from aoai_infra.exit_codes import EXIT_UNREADABLE

if TYPE_CHECKING:
    from aoai_infra.plan.build import Plan


class PlanFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class FailOn(enum.StrEnum):
    destructive = "destructive"
    error = "error"


def plan(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="OLD.yaml NEW.yaml; or, with --base, stack files or directories in a git work tree.",
            show_default=False,
        ),
    ],
    base: Annotated[
        str | None,
        typer.Option(
            help="Git revision to compare the work tree with, e.g. origin/main.", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.text,
    fail_on: Annotated[
        list[FailOn] | None,
        typer.Option(
            help="Exit 1 when the plan has a destructive change (destructive), or when the validator finds "
            "errors in the new version (error). Repeatable.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the plan to this file instead of standard output."),
    ] = None,
    catalog: Annotated[
        Path | None,
        typer.Option(
            help="Catalog file for quota and prices instead of the bundled one (a stack's catalog: wins)."
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Show what a change to stack files does in Azure: creates, updates, replacements and deletes,
    quota and monthly cost before → after, and the validator's findings.

    Exit code 0: planned; 1: --fail-on matched; 2: some input could not be read or compared.
    """
    from aoai_infra.plan.git import GitError
    from aoai_infra.plan.run import PlanUsageError, make_plan

    check_output(output, paths, catalog)
    try:
        made = make_plan(paths, base, catalog, today.date() if today else None)
    except (GitError, PlanUsageError) as error:
        say(str(error))
        raise typer.Exit(EXIT_UNREADABLE) from None
    failing = [str(reason) for reason in fail_on or []]
    write_output(render(made, output_format, failing), output)
    raise typer.Exit(made.exit_code(failing))


def render(made: Plan, output_format: PlanFormat, fail_on: Sequence[str] = ()) -> str:
    """The plan in `output_format`."""
    if output_format is PlanFormat.json:
        from aoai_infra.report import plan_json

        return plan_json.render(made, fail_on)
    if output_format is PlanFormat.markdown:
        from aoai_infra.report import plan_markdown

        return plan_markdown.render(made)
    from aoai_infra.report import plan_text

    return plan_text.render(made)
