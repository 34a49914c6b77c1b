"""Every rule aoai-infra knows, by stable code, and the checks that report them.

Each rule has a page `docs/rules/<CODE>.md`; a test keeps the pages and this registry in step. Imported
when rules run (validate, plan, check-policies, the docs), never by the readers of YAML and catalogs, which
import only the codes they report (aoai_infra.rules.input).

Imports: aoai_infra.findings, aoai_infra.rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from aoai_infra.findings import Rule
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

if TYPE_CHECKING:
    from aoai_infra.findings import Finding
    from aoai_infra.rules.context import StackContext

FAMILIES: tuple[ModuleType, ...] = (
    input_rules,
    availability,
    residency,
    lifecycle,
    upgrade,
    capacity,
    quota,
    network,
    names,
    collisions,
    spillover,
)
ALL_RULES: tuple[Rule, ...] = tuple(rule for family in FAMILIES for rule in family.RULES)
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

__all__ = ["ALL_RULES", "BY_CODE", "CROSS_STACK_CHECKS", "STACK_CHECKS"]
