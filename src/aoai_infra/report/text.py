"""The terminal format: `file:line:col: CODE severity message`, grouped by file, then a summary line."""

from __future__ import annotations

from aoai_infra.findings import Finding, Severity
from aoai_infra.validate import Report


def render(report: Report) -> str:
    lines: list[str] = []
    previous_file = None
    for finding in report.findings:
        if previous_file is not None and finding.file != previous_file:
            lines.append("")
        previous_file = finding.file
        lines.append(line(finding))
    if lines:
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def line(finding: Finding) -> str:
    """`file:line:col: CODE severity message`, as compilers and editors expect."""
    where = f"{finding.file}:{finding.position.line}:{finding.position.column}"
    return f"{where}: {finding.code} {finding.severity} {finding.message}"


def summary(report: Report) -> str:
    files = len(report.stacks)
    checked = f"checked {files} file{'s' if files != 1 else ''}"
    if not report.findings:
        return f"{checked}: no problems found"
    counts = [
        _plural(report.count(severity), severity.value)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if report.count(severity) or severity is not Severity.INFO
    ]
    unreadable = f"; {report.unreadable} could not be read" if report.unreadable else ""
    return f"{checked}: {', '.join(counts)}{unreadable}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
