"""The terminal format: `file:line:col: CODE severity message`, grouped by file, then a summary line.

With `quiet` (--quiet) only the findings are printed, and nothing at all when there are none; the caller
has already left out the findings that do not fail the run (`Report.quieted`).

Imports: aoai_infra.findings, aoai_infra.quoting, aoai_infra.report, aoai_infra.validate, aoai_infra.words.
"""

from __future__ import annotations

from aoai_infra.findings import Finding, Severity
from aoai_infra.quoting import escape
from aoai_infra.report.color import Painter, plain
from aoai_infra.validate import Report
from aoai_infra.words import plural


def render(report: Report, paint: Painter = plain, quiet: bool = False) -> str:
    lines: list[str] = []
    previous_file = None
    for finding in report.findings:
        if previous_file is not None and finding.file != previous_file:
            lines.append("")
        previous_file = finding.file
        lines.append(line(finding, paint))
    if quiet:
        return "".join(f"{text}\n" for text in lines)
    if lines:
        lines.append("")
    lines.append(summary(report, paint))
    return "\n".join(lines) + "\n"


def line(finding: Finding, paint: Painter = plain) -> str:
    """`file:line:col: CODE severity message`, as compilers and editors expect."""
    where = paint(f"{escape(finding.file)}:{finding.position.line}:{finding.position.column}:", "location")
    return (
        f"{where} {paint(finding.code, 'code')} {paint(finding.severity, finding.severity)} {finding.message}"
    )


def summary(report: Report, paint: Painter = plain) -> str:
    files = len(report.stacks)
    checked = f"checked {files} file{'s' if files != 1 else ''}"
    if not report.findings:
        return f"{checked}: {paint('no problems found', 'clean')}"
    counts = [
        plural(report.count(severity), severity.value)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if report.count(severity) or severity is not Severity.INFO
    ]
    unreadable = f"; {report.unreadable} could not be read" if report.unreadable else ""
    strict = "; warnings fail (--strict)" if report.strict and report.count(Severity.WARNING) else ""
    return f"{checked}: {', '.join(counts)}{unreadable}{strict}"
