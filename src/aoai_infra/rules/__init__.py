"""Every rule aoai-infra knows, by stable code, and the checks that report them.

Each rule has a page `docs/rules/<CODE>.md`; a test keeps the pages and this registry in step.
Numbering: AOAI0xx input and schema, AOAI1xx availability and lifecycle, AOAI2xx capacity and quota,
AOAI3xx network and security, AOAI4xx names and references.

A family module checks one stack with `check(ctx)`, and, where a rule looks across every stack file
given in one call (quota, account counts, duplicate names), all of them with `check_all(stacks)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from aoai_infra.rules import (
    availability,
    capacity,
    collisions,
    lifecycle,
    names,
    network,
    quota,
    residency,
    spillover,
    upgrade,
)
from aoai_infra.rules import input as input_rules
from aoai_infra.rules.rule import Rule

if TYPE_CHECKING:
    from aoai_infra.findings import Finding
    from aoai_infra.rules.context import StackContext

ALL_RULES: tuple[Rule, ...] = (
    *input_rules.RULES,
    *availability.RULES,
    *residency.RULES,
    *lifecycle.RULES,
    *upgrade.RULES,
    *capacity.RULES,
    *quota.RULES,
    *network.RULES,
    *names.RULES,
    *collisions.RULES,
    *spillover.RULES,
)
BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

STACK_CHECKS: tuple[Callable[[StackContext], Iterator[Finding]], ...] = (
    availability.check,
    residency.check,
    lifecycle.check,
    upgrade.check,
    capacity.check,
    network.check,
    names.check,
    collisions.check,
    spillover.check,
)
CROSS_STACK_CHECKS: tuple[Callable[[Sequence[StackContext]], Iterator[Finding]], ...] = (
    capacity.check_all,
    quota.check_all,
    names.check_all,
    collisions.check_all,
)

__all__ = ["ALL_RULES", "BY_CODE", "CROSS_STACK_CHECKS", "STACK_CHECKS", "Rule"]
