"""`aoai-infra validate`; validation is imported when it runs.

Imports: aoai_infra.cli; typer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aoai_infra.cli.live import connect, require_live
from aoai_infra.cli.options import (
    ArmEndpointOption,
    CloudOption,
    NoColorOption,
    RetriesOption,
    StackPaths,
    TimeoutOption,
    TodayOption,
)
from aoai_infra.cli.output import check_output, write_output

if TYPE_CHECKING:
    from aoai_infra.validate import Report


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


def validate(
    paths: StackPaths,
    output_format: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, json for scripts, sarif (2.1.0) for code scanning, github for workflow "
            "annotations.",
        ),
    ] = ValidateFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of standard output."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (exit code 1).", show_default=False)
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Report only the findings that fail the run (errors; warnings too with --strict), with "
            "no summary line.",
            show_default=False,
        ),
    ] = False,
    no_color: NoColorOption = False,
    catalog: Annotated[
        Path | None,
        typer.Option(
            help="Catalog file to check against instead of the bundled one (a stack's catalog: wins)."
        ),
    ] = None,
    today: TodayOption = None,
    retiring_within: Annotated[
        int, typer.Option(min=0, help="Warn about versions that retire within this many days.")
    ] = 90,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Check quota against what each subscription has left in Azure, and whether it may still "
            "create versions closed to new customers (needs credentials and the live extra).",
        ),
    ] = False,
    cloud: CloudOption = None,
    arm_endpoint: ArmEndpointOption = None,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 4,
) -> None:
    """Check stack files and report every problem with file:line:col and a fix.

    Exit code 0: no errors (warnings allowed, unless --strict); 1: errors found (or warnings, with
    --strict); 2: some input could not be read.
    """
    from aoai_infra.validate import Settings, validate_paths

    check_output(output, paths, catalog)
    settings = Settings(catalog, today.date() if today else None, retiring_within, strict)
    with contextlib.ExitStack() as cleanup:
        if live:
            require_live()
            from aoai_infra.live.client import Limits
            from aoai_infra.live.reader import LiveReader

            connection = connect(cloud, arm_endpoint, Limits(timeout=timeout, retries=retries))
            cleanup.callback(connection.close)
            settings = dataclasses.replace(settings, live=LiveReader(connection))
        report = validate_paths(paths, settings)
    shown = report.quieted() if quiet else report
    color = output is None and output_format is ValidateFormat.text and _color(no_color)
    write_output(render(shown, output_format, quiet, color), output)
    raise typer.Exit(report.exit_code)


def _color(no_color: bool) -> bool:
    from aoai_infra.report.color import wanted

    return wanted(sys.stdout, no_color)


def render(report: Report, output_format: ValidateFormat, quiet: bool, color: bool) -> str:
    """The report in `output_format` (text coloured when `color`)."""
    if output_format is ValidateFormat.json:
        from aoai_infra.report import json_report

        return json_report.render(report)
    if output_format is ValidateFormat.sarif:
        from aoai_infra.report import sarif

        return sarif.render(report)
    if output_format is ValidateFormat.github:
        from aoai_infra.report import github

        return github.render(report, quiet)
    from aoai_infra.report import text
    from aoai_infra.report.color import painter

    return text.render(report, painter(color), quiet)
