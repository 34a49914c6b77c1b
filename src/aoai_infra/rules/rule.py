"""What a rule is: a stable code, a kebab-case name, a default severity and a one-line summary."""

from __future__ import annotations

from dataclasses import dataclass

from aoai_infra.findings import Finding, Position, Severity
from aoai_infra.quoting import safe_message


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
        return Finding(file, position, self.code, self.severity, safe_message(message))
