"""English for counts in messages and reports.

Imports: the standard library only.
"""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 day`, `2 days`, `3 policies`."""
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}s"
