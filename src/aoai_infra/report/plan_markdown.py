"""`aoai-infra plan --format markdown`: the plan as a pull-request comment.

Risks come first: a headline with the counts, the destructive changes, quota over its limit, the cost
change and the validator's verdict. Then one table per changed stack, destructive rows first, and the
details (what each change loses, every field old → new, quota, cost, findings) in collapsed sections.

GitHub refuses comments over 65,536 characters, so the comment is kept under `LIMIT`: when too long, the
details are left out first, then table rows, each time saying how many and where to see them all.
Values from stack files are shown in code spans, so that they cannot format the comment or mention anyone.

Imports: aoai_infra, aoai_infra.findings, aoai_infra.plan, aoai_infra.report, aoai_infra.words.
"""

from __future__ import annotations

from aoai_infra import __version__
from aoai_infra.findings import Severity
from aoai_infra.plan.build import Plan, StackPlan
from aoai_infra.plan.changes import Change, FieldChange
from aoai_infra.plan.quota import QuotaImpact
from aoai_infra.report import plan_words as words
from aoai_infra.report.markdown import code, plain
from aoai_infra.report.text import line as finding_line
from aoai_infra.words import plural

LIMIT = 60_000
MARKER = "<!-- aoai-infra plan -->"  # finds the comment to update instead of adding another
ICON = {"create": "🟢", "update": "🟡", "replace": "🔴", "delete": "🔴"}
RISKS_SHOWN = 10
ORDER = {"delete": 0, "replace": 1, "update": 2, "create": 3}


def render(plan: Plan, limit: int = LIMIT) -> str:
    head, footer = _head(plan), _footer(plan)
    tables = [_table(stack, len(stack.changes)) for stack in _changed(plan)]
    details = _details(plan)
    full = _join(head, *tables, *details, footer)
    if len(full) <= limit:
        return full
    omitted = (
        "_Details left out to keep this comment under GitHub's size limit; "
        "run `aoai-infra plan --format text` or `--format json` to see them all._"
    )
    shorter = _join(head, *tables, omitted, footer)
    if len(shorter) <= limit:
        return shorter
    budget = limit - len(_join(head, omitted, footer)) - 2
    return _join(head, *_fitting_tables(plan, budget), omitted, footer)


def _join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part) + "\n"


def _changed(plan: Plan) -> list[StackPlan]:
    return [stack for stack in plan.stacks if stack.changes or not stack.planned]


# The headline and the risks


def _head(plan: Plan) -> str:
    before, after = plan.cost.totals("before"), plan.cost.totals("after")
    money = "" if before.monthly == after.monthly else f" · {words.delta(before, after).split(' (')[0]}"
    lines = [MARKER, f"### aoai-infra plan: {words.counts(plan)}{money}"]
    unchanged = sum(1 for stack in plan.stacks if stack.planned and not stack.changes)
    if unchanged:
        lines.append(f"{unchanged} other stack{'s' if unchanged != 1 else ''} unchanged.")
    lines += _blocked(plan)
    lines += _destructive(plan)
    over = [line for line in plan.quota if line.status == "over"]
    if over:
        lines += ["", "> [!WARNING]", f"> **Quota over its limit** in {len(over)} pool(s):"]
        lines += [f"> - {code(words.quota_line(line))}" for line in over[:RISKS_SHOWN]]
    lines += ["", *_cost_headline(plan), "", _verdict(plan)]
    return "\n".join(lines)


def _blocked(plan: Plan) -> list[str]:
    blocked = [stack.name for stack in plan.stacks if not stack.planned]
    if not blocked and plan.complete:
        return []
    names = ", ".join(code(name) for name in blocked[:RISKS_SHOWN]) or "some input"
    if len(blocked) > RISKS_SHOWN:
        names += f" and {len(blocked) - RISKS_SHOWN} more"
    return ["", "> [!CAUTION]", f"> **Incomplete plan:** {names} could not be read; see the findings below."]


def _destructive(plan: Plan) -> list[str]:
    destructive = plan.destructive
    if not destructive:
        return []
    lines = [
        "",
        "> [!CAUTION]",
        f"> **{len(destructive)} destructive change{'s' if len(destructive) != 1 else ''}:**",
    ]
    for change in destructive[:RISKS_SHOWN]:
        protected = (
            " (protected: `pulumi up` refuses it until `protect: false` is applied)"
            if change.protected
            else ""
        )
        lines.append(f"> - {change.action} {change.kind} {code(change.name)}{_why(change)}{protected}")
    if len(destructive) > RISKS_SHOWN:
        lines.append(f"> - and {len(destructive) - RISKS_SHOWN} more, listed below")
    return lines


def _why(change: Change) -> str:
    reason = words.reason(change)
    return f": {reason}" if reason else ""


def _cost_headline(plan: Plan) -> list[str]:
    before, after = plan.cost.totals("before"), plan.cost.totals("after")
    if before == after:
        return ["**Monthly cost:** unchanged."]
    headline = f"**Monthly cost: {words.delta(before, after)}** (catalog prices, USD)"
    return [headline, *(f"- {line}" for line in words.totals(before, after))]


def _verdict(plan: Plan) -> str:
    errors, warnings = plan.findings_of(Severity.ERROR), plan.findings_of(Severity.WARNING)
    if not plan.findings:
        return "**Validator:** no problems in the new version."
    counted = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    return f"**Validator:** {counted} in the new version (details below)."


# One table per stack


def _table(stack: StackPlan, rows: int) -> str:
    old = code(stack.old) if stack.old else "_new stack_"
    new = code(stack.new) if stack.new else "_removed_"
    lines = [f"#### {code(stack.name)}", f"{old} → {new}", ""]
    if not stack.planned:
        return "\n".join([*lines, "Cannot be compared: the findings below say why."])
    lines += ["| Action | Kind | Name | Change |", "| --- | --- | --- | --- |"]
    ordered = sorted(stack.changes, key=lambda change: ORDER[change.action])
    lines += [_row(change) for change in ordered[:rows]]
    if rows < len(ordered):
        left = ordered[rows:]
        destructive = sum(change.destructive for change in left)
        lines.append(f"\n_… and {len(left)} more change(s) here ({destructive} destructive), not shown._")
    return "\n".join(lines)


def _fitting_tables(plan: Plan, budget: int) -> list[str]:
    """Tables cut to fit `budget` characters, rows in their order, destructive ones first."""
    tables = []
    for stack in _changed(plan):
        rows = len(stack.changes)
        table = _table(stack, rows)
        while rows > 0 and len(table) + 2 > budget:
            rows = rows // 2 if len(table) > 2 * budget else rows - 1
            table = _table(stack, rows)
        if len(table) + 2 > budget:
            break
        tables.append(table)
        budget -= len(table) + 2
    return tables


def _row(change: Change) -> str:
    action = (
        f"{ICON[change.action]} **{change.action}**"
        if change.destructive
        else f"{ICON[change.action]} {change.action}"
    )
    if change.action in ("create", "delete"):
        what = code(words.summary(change))
    else:
        fields = "; ".join(
            f"{name} {code(words.short(field.old))} → {code(words.short(field.new))}"
            for name, field in change.fields.items()
        )
        reason = words.reason(change)
        what = " ".join(part for part in (fields, f"({reason})" if reason else "") if part)
    return f"| {action} | {change.kind} | {code(change.name)} | {what} |"


# Collapsed details


def _details(plan: Plan) -> list[str]:
    sections = []
    if plan.changes:
        sections.append(_section("Every change, field by field", _field_details(plan)))
    if plan.quota:
        rows = [
            "| Subscription | Region | Usage name | Before | After | Limit |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        rows += [_quota_row(line) for line in plan.quota]
        sections.append(_section(f"Quota: {len(plan.quota)} pool(s) change", "\n".join(rows)))
    if plan.cost.changed:
        sections.append(_section("Cost by deployment", _cost_details(plan)))
    if plan.findings:
        body = "\n".join(f"- {code(finding_line(finding))}" for finding in plan.findings)
        sections.append(_section(f"Validator findings ({len(plan.findings)})", body))
    return sections


def _quota_row(line: QuotaImpact) -> str:
    limit = f"{line.limit.units} ({line.limit.origin})" if line.limit else "unknown"
    pool = f"{code(line.subscription)} | {code(line.region)} | {code(line.usage_name)}"
    return f"| {pool} | {line.before} | {line.after} | {limit} |"


def _field_details(plan: Plan) -> str:
    lines = []
    for change in plan.changes:
        lines.append(
            f"- **{change.action}** {change.kind} {code(change.name)} in {code(change.stack)}{_why(change)}"
        )
        lines += [f"  - {_field(change, name, field)}" for name, field in change.fields.items()]
        lines += [f"  - ⚠️ {plain(loss)}" for loss in change.losses]
    return "\n".join(lines)


def _field(change: Change, name: str, field: FieldChange) -> str:
    if change.action == "create":
        return f"{name}: {code(words.value(field.new))}"
    if change.action == "delete":
        return f"{name}: {code(words.value(field.old))}"
    return f"{name}: {code(words.value(field.old))} → {code(words.value(field.new))}"


def _cost_details(plan: Plan) -> str:
    rows = ["| Deployment | Before | After | Price |", "| --- | --- | --- | --- |"]
    for item in plan.cost.changed:
        rows.append(
            f"| {code(item.name)} | {words.monthly(item.before)} | {words.monthly(item.after)} | "
            f"{plain(words.price_change(item))} |"
        )
    rows.append("")
    rows.append(
        "Provisioned: PTU x hourly price x 730 hours. Pay-per-token: the declared usage (`usage:` of the "
        "deployment) at its prices; without it, at most the full capacity (1,000 tokens per minute per "
        "unit) all month at the highest of its prices."
    )
    return "\n".join(rows)


def _section(summary: str, body: str) -> str:
    return f"<details><summary>{summary}</summary>\n\n{body}\n\n</details>"


def _footer(plan: Plan) -> str:
    catalogs = "; ".join(plan.catalogs) or "none"
    return f"<sub>aoai-infra {__version__} · catalog: {plain(catalogs)}</sub>"
