"""What commands write: reports to standard output or a file (whole), errors and findings to standard
error, escaped.

Imports: aoai_infra.exit_codes; typer.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from aoai_infra.exit_codes import EXIT_UNREADABLE

if TYPE_CHECKING:
    from aoai_infra.findings import Finding


def check_output(output: Path | None, paths: list[str], catalog: Path | None) -> None:
    """Exit 2 before any work when --output names one of the files the command would read."""
    if output is None:
        return
    from aoai_infra.source.files import WriteError, check_not_an_input
    from aoai_infra.validate import stack_files

    inputs = [catalog] if catalog else []
    for name in paths:
        path = Path(name)
        inputs.extend(stack_files(path)[0] if path.is_dir() else [path])
    try:
        check_not_an_input(output, inputs)
    except WriteError as error:
        fail(str(error))


def write_output(text: str, output: Path | None) -> None:
    """To standard output, or whole to `output` (a temporary file renamed over it); exit 2 if it cannot."""
    if output is None:
        sys.stdout.write(text)
        return
    from aoai_infra.source.files import WriteError, write_atomically

    try:
        write_atomically(output, text)
    except WriteError as error:
        fail(str(error))


def write_findings(findings: Iterable[Finding]) -> None:
    from aoai_infra.report.text import line

    sys.stderr.write("".join(line(finding) + "\n" for finding in findings))


def fail(message: str) -> NoReturn:
    """`message` on standard error, and exit 2."""
    say(message)
    raise typer.Exit(EXIT_UNREADABLE)


def say(message: str) -> None:
    """An error on standard error, escaped: it may quote a path or an answer from Azure."""
    from aoai_infra.quoting import escape

    sys.stderr.write(f"aoai-infra: {escape(message)}\n")
