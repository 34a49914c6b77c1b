"""`aoai-infra plan --format text`: the plan for a terminal, one block per stack, then its impact.

Imports: aoai_infra.plan, aoai_infra.quoting, aoai_infra.report.
"""

from __future__ import annotations

from aoai_infra.plan.build import Plan, StackPlan
from aoai_infra.plan.changes import Change
from aoai_infra.plan.cost import CostImpact
from aoai_infra.quoting import escape
from aoai_infra.report import plan_words as words
from aoai_infra.report.text import line as finding_line

SYMBOL = {"create": "+", "update": "~", "replace": "-/+", "delete": "-"}


def render(plan: Plan) -> str:
    lines: list[str] = []
    for stack in plan.stacks:
        lines.extend(_stack(stack))
    if plan.quota:
        lines += ["", "Quota (capacity units):", *(f"  {words.quota_line(line)}" for line in plan.quota)]
    if plan.cost.changed:
        lines += ["", *_cost(plan.cost)]
    if plan.findings:
        lines += [
            "",
            "Findings:",
            *(f"  {finding_line(finding)}" for finding in plan.findings),
        ]
    lines += ["", _summary(plan)]
    # Each line is one line: names and values from the stack files cannot break it or move the cursor.
    return "\n".join(escape(line) for line in lines).lstrip("\n") + "\n"


def _stack(stack: StackPlan) -> list[str]:
    versions = f"{stack.old or '(new stack)'} → {stack.new or '(removed)'}"
    if not stack.planned:
        return ["", f"{stack.name} ({versions}): cannot be compared; see the findings below"]
    if not stack.changes:
        return ["", f"{stack.name} ({versions}): no changes"]
    lines = ["", f"{stack.name} ({versions}):"]
    for change in stack.changes:
        lines.extend(_change(change))
    return lines


def _change(change: Change) -> list[str]:
    head = f"  {SYMBOL[change.action]:<3} {change.action:<7} {change.kind} {change.name}"
    if change.action in ("create", "delete"):
        lines = [f"{head}: {words.summary(change)}"]
    else:
        reason = words.reason(change)
        lines = [f"{head}{f' ({reason})' if reason else ''}"]
        lines += [
            f"        {name}: {words.value(field.old)} → {words.value(field.new)}"
            for name, field in change.fields.items()
        ]
    lines += [f"        ! {loss}" for loss in change.losses]
    if change.protected:
        lines.append("        ! protected: pulumi up refuses this until protect: false has been applied")
    return lines


def _cost(cost: CostImpact) -> list[str]:
    before, after = cost.totals("before"), cost.totals("after")
    lines = [f"Monthly cost (USD, catalog prices): {words.delta(before, after)}"]
    for item in cost.changed:
        change = f"{words.monthly(item.before)} → {words.monthly(item.after)}"
        lines.append(f"  {item.name}: {change}; {words.price_change(item)}")
    lines += [f"  total {line}" for line in words.totals(before, after)]
    return lines


def _summary(plan: Plan) -> str:
    text = f"Plan: {words.counts(plan)}"
    if plan.destructive:
        text += f"; {len(plan.destructive)} destructive"
    if not plan.complete:
        text += "; INCOMPLETE: some input could not be read"
    return text + "."
