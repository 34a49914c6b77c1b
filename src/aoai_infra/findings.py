"""Findings and the rules that report them: the leaf every check, reader and report imports.

A `Rule` is a stable code, a kebab-case name, a severity and a one-line summary; `Rule.finding` makes a
`Finding`, which carries its rule's name and whether it means the file could not be read at all (exit code
2), so that nothing downstream needs the rules registry to tell.

Imports: aoai_infra.quoting.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from aoai_infra.quoting import safe_message


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column, as editors and `file:line:col` links count them."""

    line: int
    column: int


START = Position(1, 1)


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    position: Position
    code: str
    severity: Severity
    message: str
    rule: str  # the kebab-case name of the code
    unreadable: bool = False  # the file could not be turned into data at all (exit code 2)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.position.line, self.position.column, self.code)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    # Findings of an `unreadable` rule mean the file could not be turned into data at all (exit code 2).
    unreadable: bool = False

    def finding(self, file: str, position: Position, message: str) -> Finding:
        # Messages quote the input: every report gets them escaped and bounded (aoai_infra.quoting).
        return Finding(
            file, position, self.code, self.severity, safe_message(message), self.name, self.unreadable
        )
