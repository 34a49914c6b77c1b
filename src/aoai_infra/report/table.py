"""Plain text tables for the terminal: a header, aligned columns, lists joined with commas.

Imports: aoai_infra.quoting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aoai_infra.quoting import escape


def render(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    header = [column.replace("_", " ") for column in columns]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(columns))]
    lines = ["  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip()
             for line in [header, *cells]]  # fmt: skip
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(escape(str(item)) for item in value) or "-"
    return escape(str(value))
