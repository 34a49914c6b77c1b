"""Every rule aoai-infra knows, by stable code.

Each rule has a page `docs/rules/<CODE>.md`; a test keeps the pages and this registry in step.
Numbering: AOAI0xx input and schema, AOAI1xx availability and lifecycle, AOAI2xx capacity and quota,
AOAI3xx network and security, AOAI4xx names and references.
"""

from __future__ import annotations

from aoai_infra.rules import input as input_rules
from aoai_infra.rules.rule import Rule

ALL_RULES: tuple[Rule, ...] = input_rules.RULES
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "BY_CODE", "Rule"]
