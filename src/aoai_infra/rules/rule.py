"""What a rule is: a stable code, a kebab-case name, a default severity and a one-line summary."""

from __future__ import annotations

from dataclasses import dataclass

from aoai_infra.findings import Finding, Position, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    # Findings of an `unreadable` rule mean the file could not be turned into data at all (exit code 2).
    unreadable: bool = False

    def finding(self, file: str, position: Position, message: str) -> Finding:
        return Finding(file, position, self.code, self.severity, message)
