"""The rule pages, `docs/rules/<CODE>.md`: where they are, what they say, and their generated index.

Each page starts `# CODE name`, then a `**Severity:**` line, then the description; its first paragraph is
the rule's full description in SARIF output. A wheel carries the pages as `aoai_infra/rule_docs/`
(pyproject.toml); a source checkout reads `docs/rules/` itself.

`python -m aoai_infra.rules.docs > docs/rules/README.md` writes the index from the registry; a test fails
when the committed index differs, when a rule has no page, or a page no rule.
"""

from __future__ import annotations

import functools
from pathlib import Path

from aoai_infra.findings import Rule, Severity
from aoai_infra.rules.registry import ALL_RULES

# The project's home (pyproject.toml's project.urls); every page is published under it.
HOME = "https://github.com/aoai-infra/aoai-infra"
DOCS_URL = f"{HOME}/blob/main/docs/rules/"

FAMILIES = (
    ("AOAI0", "Input: YAML, the stack format, the catalog file"),
    ("AOAI10", "Availability: what is offered where"),
    ("AOAI11", "Data residency"),
    ("AOAI12", "Lifecycle: retired, retiring, deprecated and preview versions"),
    ("AOAI20", "Capacity: deployment and account limits"),
    ("AOAI21", "Quota"),
    ("AOAI3", "Network and security"),
    ("AOAI4", "Names and references"),
)


def pages_dir() -> Path:
    bundled = Path(__file__).parent.parent / "rule_docs"
    return bundled if bundled.is_dir() else Path(__file__).resolve().parents[3] / "docs" / "rules"


def url(rule: Rule) -> str:
    return f"{DOCS_URL}{rule.code}.md"


@functools.cache
def page(code: str) -> str | None:
    """The page's markdown, or None when this installation carries no pages."""
    path = pages_dir() / f"{code}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def description(rule: Rule) -> str:
    """The first paragraph of the rule's page (its summary when there is no page)."""
    text = page(rule.code)
    if text is None:
        return rule.summary
    paragraphs = [part.strip() for part in text.split("\n\n")]
    body = [part for part in paragraphs if part and not part.startswith(("#", "**Severity:**"))]
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
        "This index is generated from the rule registry (`src/aoai_infra/rules/`) by",
        "`python -m aoai_infra.rules.docs > docs/rules/README.md`.",
    ]
    for prefix, title in FAMILIES:
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


if __name__ == "__main__":
    print(render_index(), end="")
