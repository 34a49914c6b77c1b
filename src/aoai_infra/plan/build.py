"""A plan: the changes of every stack, their quota and cost impact, and the validator's findings.

The head versions are validated together, as `aoai-infra validate` would (quota is summed across stacks
that share a subscription), and the plan reports all their findings: a quota error caused by a changed
stack may point at an unchanged one. A stack whose old
or new version cannot be loaded cannot be compared: the plan says so, with that version's findings, and
is incomplete (exit code 2).

Imports: aoai_infra.catalog, aoai_infra.exit_codes, aoai_infra.findings, aoai_infra.plan, aoai_infra.stack,
aoai_infra.validate.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from aoai_infra.catalog.loader import Catalogs
from aoai_infra.exit_codes import EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE
from aoai_infra.findings import Finding, Severity
from aoai_infra.plan import cost, quota
from aoai_infra.plan.changes import Action, Change, diff
from aoai_infra.plan.inputs import StackInput
from aoai_infra.plan.resources import resources
from aoai_infra.plan.stack import StackVersion
from aoai_infra.stack.load import LoadedStack
from aoai_infra.validate import Settings, validate_files


@dataclass(frozen=True, slots=True)
class StackPlan:
    name: str
    old: str | None  # the base version's file as shown, None for a new stack
    new: str | None  # the head version's file, None for a removed stack
    changes: list[Change]
    planned: bool  # False when a version could not be loaded, so its changes are unknown


@dataclass(frozen=True, slots=True)
class Plan:
    stacks: list[StackPlan]
    quota: list[quota.QuotaImpact]
    cost: cost.CostImpact
    findings: list[Finding]
    catalogs: list[str]  # the catalogs the plan used, with their dates

    @property
    def changes(self) -> list[Change]:
        return [change for stack in self.stacks for change in stack.changes]

    @property
    def destructive(self) -> list[Change]:
        return [change for change in self.changes if change.destructive]

    def count(self, action: Action) -> int:
        return sum(change.action == action for change in self.changes)

    def findings_of(self, severity: Severity) -> int:
        return sum(finding.severity is severity for finding in self.findings)

    @property
    def complete(self) -> bool:
        return all(stack.planned for stack in self.stacks) and not any(
            finding.unreadable for finding in self.findings
        )

    def exit_code(self, fail_on: Collection[str] = ()) -> int:
        if not self.complete:
            return EXIT_UNREADABLE
        if "destructive" in fail_on and self.destructive:
            return EXIT_FINDINGS
        if "error" in fail_on and self.findings_of(Severity.ERROR):
            return EXIT_FINDINGS
        return EXIT_CLEAN


def build(inputs: list[StackInput], settings: Settings, findings: list[Finding] | None = None) -> Plan:
    findings = list(findings or [])
    report = validate_files([(given.path, given.shown) for given in inputs if given.exists], settings)
    heads = {stack.file: stack for stack in report.stacks}
    findings.extend(report.findings)
    catalogs = _Catalogs(settings.catalog, findings)
    stacks: list[StackPlan] = []
    versions: list[tuple[StackVersion | None, StackVersion | None]] = []
    for given in inputs:
        new = heads.get(given.shown) if given.exists else None
        if given.unchanged is not None and new is not None and new.spec is not None:
            same = catalogs.version(new, given.path)  # both versions: the head's, read once
            stacks.append(StackPlan(given.path.stem, given.unchanged[0], new.file, [], same is not None))
            if same is not None:
                versions.append((same, same))
            continue
        base = given.base()
        for stack in (base, new):
            if stack is not None and stack.spec is None:  # why this stack cannot be compared
                findings.extend(stack.findings)
        old_version = catalogs.version(base, given.path)
        new_version = catalogs.version(new, given.path)
        planned = (base is None or old_version is not None) and (new is None or new_version is not None)
        name = given.path.stem
        changes = _changes(name, old_version, new_version) if planned else []
        old_file = base.file if base else None
        stacks.append(StackPlan(name, old_file, new.file if new else None, changes, planned))
        if planned:
            versions.append((old_version, new_version))
    return Plan(
        stacks=stacks,
        quota=quota.impact([old for old, _ in versions if old], [new for _, new in versions if new]),
        cost=cost.impact(versions, settings.today or datetime.date.today()),
        findings=sorted(set(findings), key=lambda finding: finding.sort_key),
        catalogs=catalogs.labels,
    )


def _changes(name: str, old: StackVersion | None, new: StackVersion | None) -> list[Change]:
    before = resources(old.spec, name) if old else {}
    after = resources(new.spec, name) if new else {}
    return diff(name, before, after)


class _Catalogs(Catalogs):
    """The run's catalogs (each loaded once), as plan's stack versions."""

    def version(self, stack: LoadedStack | None, path: Path) -> StackVersion | None:
        if stack is None or stack.spec is None:
            return None
        catalog = self.of(str(path), stack.spec.catalog)
        return StackVersion(stack.name, stack.file, stack.spec, catalog) if catalog else None

    @property
    def labels(self) -> list[str]:
        return sorted(catalog.label for catalog, _ in self.loaded())
