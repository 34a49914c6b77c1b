"""One lifecycle per model version from the statements of several pages, by a stated precedence.

Precedence (docs/catalog.md, "When pages disagree", says the same):

1. The newest page wins for what it states. A page states a field when its cell has a value; an empty
   cell (—, n/a) states nothing, so an older page's value holds.
2. A more specific statement of an older page (a date for one deployment type) holds until a newer page
   contradicts it: a newer date for the same type, or a newer version-wide retirement that comes first
   (every type is gone by then).
3. A newer page that calls a version Preview, GA or Legacy on its date says it is open to new customers
   then: an older "closed to new customers" date on or before that day is contradicted and dropped.
4. Two rows of one page that disagree keep the earlier retirement: warned early loses nothing.

Every time an older value gives way, or a page disagrees with itself, a Conflict says so with both
places; the build prints them and writes them into the catalog's `uncertainties`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from catalog_build.pages import Cite, Statement

FIELDS = ("status", "retirement", "no_new_customers", "replacement", "remark")


@dataclass(frozen=True)
class Conflict:
    model: str
    version: str
    what: str
    kept: Cite
    dropped: Cite

    def __str__(self) -> str:
        return f"{self.model} {self.version}: {self.what} (kept {self.kept}; over {self.dropped})"


@dataclass
class Merged:
    """A version's lifecycle, each field with the place it came from."""

    values: dict[str, Any] = field(default_factory=dict)
    cites: dict[str, Cite] = field(default_factory=dict)
    per_type: dict[str, dict[str, Any]] = field(default_factory=dict)  # sku: {retirement, remark, cite}


def merge(statements: list[Statement], conflicts: list[Conflict]) -> dict[tuple[str, str], Merged]:
    by_version: dict[tuple[str, str], list[Statement]] = {}
    for statement in statements:
        by_version.setdefault((statement.model, statement.version), []).append(statement)
    return {key: _merge_one(found, conflicts) for key, found in sorted(by_version.items())}


def _merge_one(statements: list[Statement], conflicts: list[Conflict]) -> Merged:
    merged = Merged()
    ordered = sorted(statements, key=lambda s: s.cite.date)  # stable: one page keeps its row order
    for statement in ordered:
        if statement.sku is None:
            _apply(merged, statement, conflicts)
        else:
            _apply_type(merged, statement, conflicts)
    _drop_contradicted(merged, ordered[0], conflicts)
    return merged


def _apply(merged: Merged, statement: Statement, conflicts: list[Conflict]) -> None:
    stated = {
        "status": statement.status,
        "retirement": statement.retirement,
        "no_new_customers": statement.no_new_customers,
        "replacement": _replacement(statement),
        "remark": statement.remark,
    }
    for name, value in stated.items():
        if value is None:
            continue
        before, where = merged.values.get(name), merged.cites.get(name)
        if before is not None and before != value and where is not None:
            if where.date == statement.cite.date and name == "retirement":
                conflicts.append(_conflict(statement, f"page states two retirement dates, {before} and "
                                           f"{value}; the earlier holds", where, statement.cite))  # fmt: skip
                if before < value:
                    continue
            elif name not in ("status", "remark"):  # a status moves on with time: not a disagreement
                said = f"{name.replace('_', ' ')} {_text(value)} replaces {_text(before)}"
                conflicts.append(_conflict(statement, said, statement.cite, where))
        merged.values[name], merged.cites[name] = value, statement.cite
    if statement.status is not None and statement.status != "deprecated":
        _reopened(merged, statement, conflicts)


def _reopened(merged: Merged, statement: Statement, conflicts: list[Conflict]) -> None:
    """Rule 3: open to new customers on this page's date, so an earlier closing date no longer holds."""
    closed, where = merged.values.get("no_new_customers"), merged.cites.get("no_new_customers")
    if closed is None or where is None or statement.status == "retired" or where == statement.cite:
        return
    if closed <= statement.cite.date and where.date < statement.cite.date:
        conflicts.append(
            _conflict(statement, f"closed to new customers on {closed} is dropped: the newer page calls it "
                      f"{statement.status} on {statement.cite.date}", statement.cite, where)
        )  # fmt: skip
        del merged.values["no_new_customers"], merged.cites["no_new_customers"]


def _apply_type(merged: Merged, statement: Statement, conflicts: list[Conflict]) -> None:
    assert statement.sku is not None
    before = merged.per_type.get(statement.sku)
    if before is not None and before["retirement"] != statement.retirement:
        conflicts.append(
            _conflict(statement, f"{statement.sku} retirement {statement.retirement} replaces "
                      f"{before['retirement']}", statement.cite, before["cite"])
        )  # fmt: skip
    merged.per_type[statement.sku] = {
        "retirement": statement.retirement, "remark": statement.remark, "cite": statement.cite,
    }  # fmt: skip


def _drop_contradicted(merged: Merged, first: Statement, conflicts: list[Conflict]) -> None:
    """Rule 2: a type's own date holds unless a newer version-wide retirement comes first."""
    version_date: datetime.date | None = merged.values.get("retirement")
    version_cite = merged.cites.get("retirement")
    for sku, entry in list(merged.per_type.items()):
        if version_date is None or version_cite is None:
            continue
        if entry["retirement"] >= version_date and version_cite.date > entry["cite"].date:
            conflicts.append(_conflict(first, f"{sku} retirement {entry['retirement']} is dropped: the newer "
                                       f"page retires every type on {version_date}", version_cite,
                                       entry["cite"]))  # fmt: skip
            del merged.per_type[sku]
        elif entry["retirement"] != version_date:
            conflicts.append(_conflict(first, f"{sku} keeps its own retirement {entry['retirement']} (more "
                                       f"specific) beside the version's {version_date}", entry["cite"],
                                       version_cite))  # fmt: skip


def _replacement(statement: Statement) -> tuple[str, str | None] | None:
    if statement.replacement is None:
        return None
    return (statement.replacement, statement.replacement_version)


def _text(value: Any) -> str:
    if isinstance(value, tuple):  # a replacement: (model, version or None)
        return " ".join(part for part in value if part)
    return str(value)


def _conflict(statement: Statement, what: str, kept: Cite, dropped: Cite) -> Conflict:
    return Conflict(statement.model, statement.version, what, kept, dropped)
