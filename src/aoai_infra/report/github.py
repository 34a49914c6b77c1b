"""GitHub Actions workflow commands: each finding becomes an annotation on its file, line and column.

`::error file=F,line=L,col=C,title=CODE::message` (`::warning` for warnings, `::notice` for info), then
the summary line as plain log text. Values are escaped as the Actions runner expects: `%`, CR and LF in
the message; also `:` and `,` in properties. Paths below `GITHUB_WORKSPACE` (the checkout; else the
working directory) are made relative to it, since GitHub places annotations by repository path.

Imports: aoai_infra.findings, aoai_infra.report, aoai_infra.validate.
"""

from __future__ import annotations

import os
from pathlib import Path

from aoai_infra.findings import Finding, Severity
from aoai_infra.report.paths import below
from aoai_infra.report.text import summary
from aoai_infra.validate import Report

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, quiet: bool = False) -> str:
    root = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    lines = [annotation(finding, root) for finding in report.findings]
    if not quiet:
        lines.append(summary(report))
    return "".join(f"{line}\n" for line in lines)


def annotation(finding: Finding, root: Path) -> str:
    """The workflow command for one finding; `root` is the resolved workspace."""
    properties = {
        "file": below(finding.file, root) or Path(finding.file).as_posix(),
        "line": str(finding.position.line),
        "col": str(finding.position.column),
        "title": finding.code,
    }
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMAND[finding.severity]} {listed}::{escape_data(finding.message)}"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
