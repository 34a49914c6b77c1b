"""`aoai-infra export` and `aoai-infra drift` for people: what was written or found, and what Azure holds
that the stack format cannot say.

Imports: aoai_infra.estate, aoai_infra.plan, aoai_infra.quoting, aoai_infra.report, aoai_infra.validate.
"""

from __future__ import annotations

from aoai_infra.estate.drift import CLASSES, DriftReport
from aoai_infra.estate.export import ExportedStack
from aoai_infra.plan.resources import Value
from aoai_infra.quoting import escape, safe_message
from aoai_infra.report import text
from aoai_infra.report.markdown import code, plain
from aoai_infra.report.plan_words import value
from aoai_infra.validate import Report


def render_export(stacks: list[ExportedStack], paths: list[str], report: Report) -> str:
    lines = []
    for stack, path in zip(stacks, paths, strict=True):
        # The component is not an Azure resource; an import file without entries has none either.
        resources = max(0, len(stack.imports.get("resources", [])) - 1)
        lines.append(
            f"wrote {safe_message(path)}: subscription {stack.subscription}, resource group "
            f"{safe_message(stack.resource_group)}, {resources} resources to import"
        )
        lines += [
            f"  not expressed: {safe_message(note.where)}: {safe_message(note.message)}"
            for note in stack.notes
        ]
    lines += ["", "validate of the written files:", text.render(report).rstrip("\n")]
    return "\n".join(lines) + "\n"


WHAT = {
    "changed_by_azure": "changed by Azure (a version auto-upgraded): update the stack to match, or pin the "
    "version with upgrade: NoAutoUpgrade",
    "changed_outside": "changed outside the stack: pulumi up would set it back; put the change in the stack "
    "if it should stay",
    "undeclared": "in Azure and in no stack: it uses quota no stack knows of; export it, or delete it",
    "missing": "declared and not in Azure: pulumi up would create it again",
}


def render_drift_text(report: DriftReport) -> str:
    lines = []
    for stack in report.stacks:
        lines.append(
            f"{safe_message(stack.file)} (subscription {stack.subscription}, resource group "
            f"{safe_message(stack.resource_group)}):"
        )
        if not stack.drifts and not stack.unreadable:
            lines.append("  no drift")
        for drift_class in CLASSES:
            found = [drift for drift in stack.drifts if drift.drift_class == drift_class]
            if found:
                lines.append(f"  {drift_class}: {WHAT[drift_class]}")
            for drift in found:
                lines.append(f"    {drift.kind} {safe_message(drift.name)}")
                lines += [
                    f"      {name}: {_value(change.old)} → {_value(change.new)}"
                    for name, change in drift.fields.items()
                    if drift_class not in ("undeclared", "missing")
                ]
        lines += [f"  not expressed: {safe_message(n.where)}: {safe_message(n.message)}" for n in stack.notes]
        lines += [f"  could not read: {safe_message(problem)}" for problem in stack.unreadable]
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def render_drift_markdown(report: DriftReport) -> str:
    lines = ["<!-- aoai-infra drift -->", f"### aoai-infra drift: {_summary(report)}", ""]
    for stack in report.stacks:
        lines.append(f"#### {code(stack.file)} ({code(stack.subscription)} / {code(stack.resource_group)})")
        if stack.drifts:
            lines += ["| Class | Kind | Name | Declared → live |", "| --- | --- | --- | --- |"]
            for drift in stack.drifts:
                shown = (
                    "; ".join(
                        f"{plain(name)}: {code(value(c.old))} → {code(value(c.new))}"
                        for name, c in drift.fields.items()
                    )
                    if drift.drift_class.startswith("changed")
                    else ""
                )
                lines.append(f"| {drift.drift_class} | {drift.kind} | {code(drift.name)} | {shown} |")
        else:
            lines.append("No drift.")
        lines += [f"- not expressed: {code(n.where)}: {plain(escape(n.message))}" for n in stack.notes]
        lines += [f"- could not read: {plain(escape(problem))}" for problem in stack.unreadable]
        lines.append("")
    return "\n".join(lines)


def drift_json(report: DriftReport) -> dict[str, object]:
    return {
        "format": 1,
        "stacks": [
            {
                "file": stack.file,
                "subscription": stack.subscription,
                "resource_group": stack.resource_group,
                "drift": [
                    {
                        "class": drift.drift_class,
                        "kind": drift.kind,
                        "name": drift.name,
                        "fields": {
                            name: {"declared": c.old, "live": c.new} for name, c in drift.fields.items()
                        },
                    }
                    for drift in stack.drifts
                ],
                "not_expressed": [{"where": n.where, "message": n.message} for n in stack.notes],
                "unreadable": stack.unreadable,
            }
            for stack in report.stacks
        ],
        "summary": _counts(report),
    }


def _counts(report: DriftReport) -> dict[str, int]:
    counts: dict[str, int] = {name: report.count(name) for name in CLASSES}
    counts["exit_code"] = report.exit_code
    return counts


def _summary(report: DriftReport) -> str:
    counts = ", ".join(f"{report.count(name)} {name.replace('_', ' ')}" for name in CLASSES)
    unreadable = sum(len(stack.unreadable) for stack in report.stacks)
    return f"{len(report.stacks)} stacks: {counts}" + (
        f"; {unreadable} could not be read" if unreadable else ""
    )


def _value(found: Value) -> str:
    return safe_message(value(found))
