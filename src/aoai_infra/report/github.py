"""GitHub Actions workflow commands: each finding becomes an annotation on its file, line and column.

`::error file=F,line=L,col=C,title=CODE::message` (`::warning` for warnings, `::notice` for info), then
the summary line as plain log text. Values are escaped as the Actions runner expects: `%`, CR and LF in
the message; also `:` and `,` in properties. Paths below `GITHUB_WORKSPACE` (the checkout; else the
working directory) are made relative to it, since GitHub places annotations by repository path.
"""

from __future__ import annotations

import os
from pathlib import Path

from aoai_infra.findings import Finding, Severity
from aoai_infra.report.text import summary
from aoai_infra.validate import Report

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, quiet: bool = False) -> str:
    root = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
    lines = [annotation(finding, root) for finding in report.findings]
    if not quiet:
        lines.append(summary(report))
    return "".join(f"{line}\n" for line in lines)


def annotation(finding: Finding, root: Path) -> str:
    properties = {
        "file": repository_path(finding.file, root),
        "line": str(finding.position.line),
        "col": str(finding.position.column),
        "title": finding.code,
    }
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMAND[finding.severity]} {listed}::{escape_data(finding.message)}"


def repository_path(file: str, root: Path) -> str:
    path = Path(file)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
