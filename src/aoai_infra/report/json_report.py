"""The JSON format, documented in the README (`version` changes when the shape does).

Imports: aoai_infra.findings, aoai_infra.validate.
"""

from __future__ import annotations

import json
from typing import Any

from aoai_infra.findings import Finding, Severity
from aoai_infra.validate import Report

FORMAT_VERSION = 1


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2) + "\n"


def document(report: Report) -> dict[str, Any]:
    per_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        per_file.setdefault(finding.file, []).append(finding)
    return {
        "version": FORMAT_VERSION,
        "files": [
            {
                "path": stack.file,
                "stack": stack.name,
                "readable": stack.readable,
                "valid": stack.spec is not None,
                "errors": sum(f.severity is Severity.ERROR for f in per_file.get(stack.file, [])),
                "warnings": sum(f.severity is Severity.WARNING for f in per_file.get(stack.file, [])),
            }
            for stack in report.stacks
        ],
        "findings": [finding_json(finding) for finding in report.findings],
        "summary": {
            "files": len(report.stacks),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "unreadable": report.unreadable,
            "exit_code": report.exit_code,
        },
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "file": finding.file,
        "line": finding.position.line,
        "column": finding.position.column,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
    }
