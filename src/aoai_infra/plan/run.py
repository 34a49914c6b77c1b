"""A plan from what the command line names: two files, or stack paths against a git revision.

Imports: aoai_infra.plan, aoai_infra.validate.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from aoai_infra.plan import inputs
from aoai_infra.plan.build import Plan, build
from aoai_infra.validate import Settings, cyclic_gc_paused


class PlanUsageError(Exception):
    """The command line does not name a plan; the message says how to."""


def make_plan(
    paths: Sequence[str], base: str | None, catalog: Path | None = None, today: datetime.date | None = None
) -> Plan:
    """The plan, made with the cyclic collector paused, as validate is (aoai_infra.validate): its
    changes and costs are built over the heap of both versions, which the collector would scan again
    and again."""
    with cyclic_gc_paused():
        return _plan(paths, base, Settings(catalog, today))


def _plan(paths: Sequence[str], base: str | None, settings: Settings) -> Plan:
    if base is not None:
        found, findings = inputs.from_git(paths, base)
        return build(found, settings, findings)
    if len(paths) != 2:
        raise PlanUsageError(
            "plan compares two files, plan OLD.yaml NEW.yaml, or the work tree with a git revision, "
            "plan stacks/ --base origin/main"
        )
    return build(inputs.from_files(paths[0], paths[1]), settings)
