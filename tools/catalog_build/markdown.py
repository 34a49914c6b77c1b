"""Markdown as Microsoft's documentation sources write it: front matter, headings, tabs and pipe tables.

Only what the catalog pages use is understood. Every table row keeps its line number, so that a problem
in a page is reported as `file:line: what is wrong`, never guessed around.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

FRONT_DATE = re.compile(r"^ms\.date:\s*(\d{2})/(\d{2})/(\d{4})\s*$")
TAB = re.compile(r"^#\s+\[(?P<name>[^\]]+)\]\(#tab/[^)]*\)\s*$")
HEADING = re.compile(r"^(?P<level>#{2,6})\s+(?P<text>.+?)\s*$")
SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
SUP = re.compile(r"<sup>\s*([^<]*?)\s*</sup>")


class PageError(Exception):
    """A page that cannot be read as the catalog expects it: file, line and what is wrong."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]
    notes: dict[str, list[str]]  # footnote marks (<sup>1</sup>) per column, removed from the cells


@dataclass(frozen=True)
class Table:
    file: str
    line: int
    headers: list[str]
    rows: list[Row]
    headings: dict[str, str]  # h2..h4 and tab in force where the table starts
    broken: PageError | None = None  # raised when the table is used: pages hold tables we never read

    def expect(self, *columns: str) -> None:
        """The table is well formed and has these columns (in any order), or the page changed under us."""
        if self.broken is not None:
            raise self.broken
        missing = [column for column in columns if column not in self.headers]
        if missing:
            raise PageError(
                self.file,
                self.line,
                f"table without column(s) {', '.join(missing)}; its columns are {', '.join(self.headers)}",
            )


@dataclass
class Page:
    file: str  # the repository path, as cited
    date: datetime.date  # ms.date
    lines: list[str]
    tables: list[Table] = field(default_factory=list)


def read_page(root: Path, file: str) -> Page:
    path = root / file
    if not path.is_file():
        raise PageError(file, 0, "file not found in the documentation copy")
    lines = path.read_text(encoding="utf-8").splitlines()
    page = Page(file, _front_date(file, lines), lines)
    page.tables = _tables(page)
    return page


def clean(cell: str) -> str:
    """A cell's text without Markdown decoration: bold, code marks, line breaks, surrounding space."""
    text = cell.replace("**", "").replace("`", "")
    text = re.sub(r"<br\s*/?>", " ", text)
    return " ".join(text.split())


def _front_date(file: str, lines: list[str]) -> datetime.date:
    if not lines or lines[0].strip() != "---":
        raise PageError(file, 1, "no front matter (--- ... ---) with ms.date")
    for _number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        match = FRONT_DATE.match(line.strip())
        if match:
            month, day, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    raise PageError(file, 1, "front matter has no ms.date: MM/DD/YYYY")


def _tables(page: Page) -> list[Table]:
    tables: list[Table] = []
    headings: dict[str, str] = {}
    index = 0
    lines = page.lines
    while index < len(lines):
        line = lines[index].strip()
        _follow_heading(line, headings)
        if line.startswith("|") and index + 1 < len(lines) and SEPARATOR.match(lines[index + 1].strip()):
            end = index + 2
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            tables.append(_table(page.file, index, lines[index:end], dict(headings)))
            index = end
            continue
        index += 1
    return tables


def _follow_heading(line: str, headings: dict[str, str]) -> None:
    tab = TAB.match(line)
    if tab:
        headings["tab"] = tab.group("name").strip()
        return
    if line == "---":
        headings.pop("tab", None)  # a tab group ends at a rule
        return
    match = HEADING.match(line)
    if not match:
        return
    level = len(match.group("level"))
    for deeper in range(level, 7):
        headings.pop(f"h{deeper}", None)
    headings.pop("tab", None)
    headings[f"h{level}"] = clean(match.group("text"))


def _table(file: str, start: int, lines: list[str], headings: dict[str, str]) -> Table:
    headers = [clean(SUP.sub("", cell)) for cell in _cells(lines[0])]
    rows: list[Row] = []
    for offset, raw in enumerate(lines[2:], start=3):
        number = start + offset
        cells = _cells(raw)
        if len(cells) != len(headers):
            problem = f"row has {len(cells)} cells where the table has {len(headers)} columns"
            return Table(file, start + 1, headers, rows, headings, PageError(file, number, problem))
        notes = {h: SUP.findall(cell) for h, cell in zip(headers, cells, strict=True) if SUP.search(cell)}
        values = {h: clean(SUP.sub("", cell)) for h, cell in zip(headers, cells, strict=True)}
        rows.append(Row(number, values, notes))
    return Table(file, start + 1, headers, rows, headings)


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return text.split("|")
