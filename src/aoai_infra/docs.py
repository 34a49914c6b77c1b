"""The generated documentation of rules and policies, from the code, in one command.

Rules and policies are documented where they are declared: a rule by the docstring under its `Rule(...)`
(aoai_infra.rules.docs), a policy by its module's docstring (aoai_infra.policies.docs). This writes the
pages from them:

    python -m aoai_infra.docs            # docs/rules/<CODE>.md, docs/rules/README.md, docs/policies.md
    python -m aoai_infra.docs --check    # exit 1 and name every page that is not what the code says

A test runs the check, so a page cannot go stale. The rules registry and the policy pack (pulumi-policy)
are imported when the pages are made.

Imports: the standard library only.
"""

from __future__ import annotations

import sys
from pathlib import Path


def pages() -> dict[str, str]:
    """Every generated page by its path under docs/."""
    from aoai_infra.policies import docs as policy_docs
    from aoai_infra.rules import docs as rule_docs
    from aoai_infra.rules.registry import ALL_RULES

    found = {f"rules/{rule.code}.md": rule_docs.page(rule) for rule in ALL_RULES}
    found["rules/README.md"] = rule_docs.render_index()
    found["policies.md"] = policy_docs.render()
    return found


def stale(docs: Path) -> list[str]:
    """The pages under `docs` that differ from the code, or that no rule has any more."""
    wanted = pages()
    found = [name for name, text in wanted.items() if _read(docs / name) != text]
    orphans = {f"rules/{path.name}" for path in (docs / "rules").glob("AOAI*.md")} - set(wanted)
    return sorted([*found, *orphans])


def write(docs: Path) -> None:
    for name, text in pages().items():
        (docs / name).write_text(text, encoding="utf-8")
    for name in stale(docs):  # what is left: pages of rules that no longer exist
        (docs / name).unlink()


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def main(arguments: list[str]) -> int:
    docs = Path("docs")
    if arguments == ["--check"]:
        names = stale(docs)
        for name in names:
            print(f"docs/{name} is not what the code says; run: python -m aoai_infra.docs")
        return 1 if names else 0
    if arguments:
        print("usage: python -m aoai_infra.docs [--check]", file=sys.stderr)
        return 2
    write(docs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
