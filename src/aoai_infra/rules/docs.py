"""Each rule's documentation, from the code: the docstring under its `Rule(...)` in its family module.

A rule is documented where it is declared, as an attribute docstring (the string right after the
assignment), in the same way as a policy is documented by its module's docstring (aoai_infra.policies.docs).
`docs/rules/<CODE>.md` and the index `docs/rules/README.md` are generated from here by
`python -m aoai_infra.docs` (a test fails when a committed page differs); the first paragraph is the
rule's full description in SARIF output, and the page its help.

Imports: aoai_infra.findings, aoai_infra.rules.
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools

from aoai_infra.findings import Rule, Severity
from aoai_infra.rules.registry import ALL_RULES, FAMILIES

# The project's home (pyproject.toml's project.urls); every page is published under it.
HOME = "https://github.com/aoai-infra/aoai-infra"
DOCS_URL = f"{HOME}/blob/main/docs/rules/"

GROUPS = (
    ("AOAI0", "Input: YAML, the stack format, the catalog file"),
    ("AOAI10", "Availability: what is offered where"),
    ("AOAI11", "Data residency"),
    ("AOAI12", "Lifecycle: retired, retiring, deprecated and preview versions"),
    ("AOAI20", "Capacity: deployment and account limits"),
    ("AOAI21", "Quota"),
    ("AOAI3", "Network and security"),
    ("AOAI4", "Names and references"),
)


@functools.cache
def documentation() -> dict[str, str]:
    """Each rule's docstring, by code, read from the source of its family module."""
    found: dict[str, str] = {}
    for family in FAMILIES:
        try:
            body = ast.parse(inspect.getsource(family)).body
        except (OSError, TypeError):  # installed without sources: the summaries stand in
            continue
        for statement, following in itertools.pairwise(body):
            code = _declared_code(statement)
            if code is not None and _is_text(following):
                found[code] = following.value.value  # type: ignore[attr-defined]
    return found


def _declared_code(statement: ast.stmt) -> str | None:
    """The code of `NAME = Rule("AOAI…", …)`, else None."""
    if not isinstance(statement, ast.Assign) or not isinstance(statement.value, ast.Call):
        return None
    call = statement.value
    if not (isinstance(call.func, ast.Name) and call.func.id == "Rule" and call.args):
        return None
    first = call.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _is_text(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def url(rule: Rule) -> str:
    return f"{DOCS_URL}{rule.code}.md"


def page(rule: Rule) -> str:
    """The rule's page: its code and name, severity and exit code, and its documentation."""
    exit_line = "2 (the file could not be read)" if rule.unreadable else exit_code(rule)
    head = f"# {rule.code} {rule.name}\n\n**Severity:** {rule.severity} · **Exit code:** {exit_line}\n\n"
    return head + documentation().get(rule.code, rule.summary + "\n")


def description(rule: Rule) -> str:
    """The first paragraph of the rule's documentation (its summary when it has none)."""
    paragraphs = [part.strip() for part in documentation().get(rule.code, "").split("\n\n")]
    body = [part for part in paragraphs if part]
    if not body:
        return rule.summary
    first = body[:2] if body[0].endswith(":") and len(body) > 1 else body[:1]  # "... a bound:" and its list
    return " ".join(" ".join(first).split())


def exit_code(rule: Rule) -> str:
    if rule.unreadable:
        return "2"
    return {Severity.ERROR: "1", Severity.WARNING: "0 (1 with `--strict`)", Severity.INFO: "0"}[rule.severity]


def render_index() -> str:
    lines = [
        "# Rules",
        "",
        "Every finding of `aoai-infra validate` names one of these rules by its code. The code is stable: it",
        "never changes meaning, and a removed rule's code is not reused. Each page says when the rule fires,",
        "why it matters and how to fix it.",
        "",
        "This index and the pages are generated from the rules' declarations (`src/aoai_infra/rules/`) by",
        "`python -m aoai_infra.docs`.",
    ]
    for prefix, title in GROUPS:
        rules = [rule for rule in ALL_RULES if rule.code.startswith(prefix)]
        if not rules:
            continue
        lines += ["", f"## {title}", "", "| Code | Name | Severity | Exit code | Summary |"]
        lines += ["| --- | --- | --- | --- | --- |"]
        lines += [
            f"| [{r.code}]({r.code}.md) | `{r.name}` | {r.severity} | {exit_code(r)} | {r.summary} |"
            for r in rules
        ]
    return "\n".join(lines) + "\n"
