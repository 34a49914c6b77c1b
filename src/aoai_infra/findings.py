"""A finding: one problem a check reports, with its rule, its place in a file and a message naming the fix."""

from __future__ import annotations

import enum
from dataclasses import dataclass


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

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.position.line, self.position.column, self.code)
