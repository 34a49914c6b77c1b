"""How `aoai-infra check-policies` prints: violations like `validate` prints findings, and the pack list.

Text: `file:line:col: POLICY enforcement message`, grouped by file, then one summary line. JSON: the
shape documented in the README (`version` changes when it does).

Imports: aoai_infra.quoting, aoai_infra.report, aoai_infra.words.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aoai_infra.quoting import escape, safe_message
from aoai_infra.report import text
from aoai_infra.words import plural

if TYPE_CHECKING:
    from pulumi_policy import Policy

    from aoai_infra.policies.offline import PolicyReport, Violation

FORMAT_VERSION = 1


def render_text(report: PolicyReport, policies: int) -> str:
    lines = [text.line(finding) for finding in report.findings]
    previous = None
    for violation in report.violations:
        if previous is not None and violation.file != previous:
            lines.append("")
        previous = violation.file
        lines.append(line(violation))
    if lines:
        lines.append("")
    lines.append(summary(report, policies))
    return "\n".join(lines) + "\n"


def line(violation: Violation) -> str:
    where = f"{escape(violation.file)}:{violation.position.line}:{violation.position.column}"
    return f"{where}: {violation.policy} {violation.enforcement} {safe_message(violation.message)}"


def summary(report: PolicyReport, policies: int) -> str:
    checked = [stack for stack in report.stacks if stack.resources is not None]
    head = f"checked {plural(len(checked), 'stack')} against {plural(policies, 'policy')}"
    skipped = len(report.stacks) - len(checked)
    tail = f"; {skipped} not checked: fix it with aoai-infra validate first" if skipped else ""
    if not report.violations:
        return f"{head}: no violations{tail}"
    counts = f"{report.count('mandatory')} mandatory, {report.count('advisory')} advisory"
    return f"{head}: {plural(len(report.violations), 'violation')} ({counts}){tail}"


def render_json(report: PolicyReport, policies: int) -> str:
    document = {
        "version": FORMAT_VERSION,
        "stacks": [
            {"file": s.file, "stack": s.stack, "checked": s.resources is not None, "resources": s.resources}
            for s in report.stacks
        ],
        "violations": [_violation(violation) for violation in report.violations],
        "findings": [
            {
                "file": f.file,
                "line": f.position.line,
                "column": f.position.column,
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
            }
            for f in report.findings
        ],
        "summary": {
            "stacks": len(report.stacks),
            "policies": policies,
            "mandatory": report.count("mandatory"),
            "advisory": report.count("advisory"),
            "exit_code": report.exit_code,
        },
    }
    return json.dumps(document, indent=2) + "\n"


def _violation(violation: Violation) -> dict[str, Any]:
    return {
        "file": violation.file,
        "line": violation.position.line,
        "column": violation.position.column,
        "policy": violation.policy,
        "enforcement": violation.enforcement,
        "severity": violation.severity,
        "resource": violation.resource,
        "message": violation.message,
    }


def render_list(policies: tuple[Policy, ...]) -> str:
    """One line per policy: name, default enforcement level, description."""
    width = max(len(policy.name) for policy in policies)
    return "".join(
        f"{policy.name:<{width}}  {_level(policy):<9}  {policy.description}\n" for policy in policies
    )


def render_list_json(policies: tuple[Policy, ...]) -> str:
    from pulumi_policy import StackValidationPolicy

    entries = [
        {
            "name": policy.name,
            "enforcement": _level(policy),
            "severity": policy.severity.value if policy.severity else None,
            "kind": "stack" if isinstance(policy, StackValidationPolicy) else "resource",
            "description": policy.description,
            "remediation": policy.remediation_steps,
            "config": policy.config_schema.properties if policy.config_schema else {},
        }
        for policy in policies
    ]
    return json.dumps(entries, indent=2) + "\n"


def _level(policy: Policy) -> str:
    return policy.enforcement_level.value if policy.enforcement_level else "advisory"
