"""SARIF 2.1.0, for GitHub code scanning, Azure DevOps' Scans tab and other SARIF viewers.

One run of the `aoai-infra` driver. Its `rules` are every rule of the registry, in registry order, with
the page `docs/rules/<CODE>.md` as help; each result points at its rule by id and index and at the file,
line and column of the finding. Paths below the working directory are relative to `%SRCROOT%` (the
working directory, given in `originalUriBaseIds`), which is how code scanning expects them when
`aoai-infra validate` runs at the root of the checkout; other paths are absolute `file:` URIs. Columns
count Unicode code points, as the text output does (`columnKind`).

Imports: aoai_infra, aoai_infra.findings, aoai_infra.report, aoai_infra.rules, aoai_infra.validate.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

from aoai_infra import __version__
from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.report.paths import below
from aoai_infra.rules import docs
from aoai_infra.rules.registry import ALL_RULES
from aoai_infra.validate import Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
VERSION = "2.1.0"
ROOT = "%SRCROOT%"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report) -> str:
    return json.dumps(document(report, Path.cwd()), indent=2) + "\n"


def document(report: Report, root: Path) -> dict[str, Any]:
    index = {rule.code: position for position, rule in enumerate(ALL_RULES)}
    root = root.resolve()
    run = {
        "tool": {"driver": _driver()},
        "originalUriBaseIds": {ROOT: {"uri": root.as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index[finding.code], root) for finding in report.findings],
        "invocations": [{"executionSuccessful": True, "exitCode": report.exit_code}],
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def _driver() -> dict[str, Any]:
    return {
        "name": "aoai-infra",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": docs.HOME,
        "rules": [_rule(rule) for rule in ALL_RULES],
    }


def _rule(rule: Rule) -> dict[str, Any]:
    described = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": docs.description(rule)},
        "helpUri": docs.url(rule),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
    }
    help_text = f"{rule.summary} See {docs.url(rule)}"
    described["help"] = {"text": help_text, "markdown": docs.page(rule)}
    return described


def _result(finding: Finding, rule_index: int, root: Path) -> dict[str, Any]:
    region = {"startLine": finding.position.line, "startColumn": finding.position.column}
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact(finding.file, root), "region": region}}
        ],
    }


def _artifact(file: str, root: Path) -> dict[str, str]:
    """Relative to %SRCROOT% when the file is below the root; an absolute file: URI otherwise."""
    relative = below(file, root)
    if relative is None:
        return {"uri": Path(file).resolve().as_uri()}
    return {"uri": urllib.parse.quote(relative), "uriBaseId": ROOT}
