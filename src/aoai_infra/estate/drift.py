"""`aoai-infra drift`: stack files against the live estate, per resource, in the classes a user acts on.

The live accounts of a stack's resource group are read as a stack (aoai_infra.estate.convert) and both
are compared the way `plan` compares two versions (aoai_infra.plan), declared first:

- `missing`: declared, and not in Azure (deleted in the portal, or never provisioned);
- `undeclared`: in Azure, in a stack's resource group, and in no stack (it uses quota no stack knows of);
- `changed_by_azure`: a deployment's version moved while its upgrade policy lets Azure move it;
- `changed_outside`: every other difference (capacity, network rules, filters edited in the portal).

Pulumi's own options (`protect`) are not Azure's state and are not compared. What the stack format
cannot express is listed apart, and what could not be read makes the run incomplete (exit code 2).

Imports: aoai_infra.estate, aoai_infra.exit_codes, aoai_infra.live, aoai_infra.plan, aoai_infra.stack;
pydantic.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from pydantic import ValidationError

from aoai_infra.estate.convert import Note, convert
from aoai_infra.exit_codes import EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE
from aoai_infra.live.estate import Estate, LiveAccount
from aoai_infra.plan.changes import Change, FieldChange, diff
from aoai_infra.plan.resources import Resources, Value, resources
from aoai_infra.stack.load import LoadedStack
from aoai_infra.stack.model import StackSpec

DriftClass = Literal["missing", "undeclared", "changed_by_azure", "changed_outside"]
CLASSES: tuple[DriftClass, ...] = ("changed_by_azure", "changed_outside", "undeclared", "missing")
NOT_AZURE_STATE = ("protect",)
AUTO_UPGRADES = ("OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired")


@dataclass(frozen=True, slots=True)
class Drift:
    drift_class: DriftClass
    kind: str
    name: str
    fields: dict[str, FieldChange]


@dataclass
class StackDrift:
    file: str
    subscription: str
    resource_group: str
    drifts: list[Drift] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # live settings the format cannot express
    unreadable: list[str] = field(default_factory=list)  # what could not be read, and why


@dataclass
class DriftReport:
    stacks: list[StackDrift]

    @property
    def exit_code(self) -> int:
        if any(stack.unreadable for stack in self.stacks):
            return EXIT_UNREADABLE
        return EXIT_FINDINGS if any(stack.drifts for stack in self.stacks) else EXIT_CLEAN

    def count(self, drift_class: DriftClass) -> int:
        return sum(drift.drift_class == drift_class for stack in self.stacks for drift in stack.drifts)


def compare(stacks: list[LoadedStack], estates: dict[str, Estate]) -> DriftReport:
    """Each loaded stack (a spec) against the estate of its subscription."""
    declared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for stack in stacks:
        if stack.spec is not None:
            key = (stack.spec.subscription_id.lower(), stack.spec.resource_group.name.lower())
            declared[key] |= {account.name.lower() for account in stack.spec.accounts}
    claimed: set[tuple[str, str]] = set()  # a resource group's undeclared accounts go to its first stack
    return DriftReport([_stack(stack, estates, declared, claimed) for stack in stacks if stack.spec])


def _stack(
    stack: LoadedStack,
    estates: dict[str, Estate],
    declared: dict[tuple[str, str], set[str]],
    claimed: set[tuple[str, str]],
) -> StackDrift:
    spec = stack.spec
    assert spec is not None
    group = spec.resource_group.name
    found = StackDrift(stack.file, spec.subscription_id, group)
    estate = estates.get(spec.subscription_id.lower())
    if estate is None or estate.problem is not None:
        why = estate.problem.message if estate and estate.problem else "not read"
        found.unreadable.append(f"subscription {spec.subscription_id}: {why}")
        return found
    key = (spec.subscription_id.lower(), group.lower())
    mine = {account.name.lower() for account in spec.accounts}
    first = key not in claimed
    claimed.add(key)
    live = [
        account
        for account in estate.accounts
        if account.resource_group.lower() == group.lower()
        and (account.name.lower() in mine or (first and account.name.lower() not in declared[key]))
    ]
    for account in live:
        found.unreadable += [
            f"{account.name} ({account.data.get('location', '?')}): its {part.replace('_', ' ')}: {p.message}"
            for part, p in account.problems.items()
        ]
    live_spec, notes = _live_spec(spec, live)
    found.notes = notes
    if live_spec is None:
        found.unreadable.append("the live estate does not read as a stack (see the notes)")
        return found
    after = resources(live_spec, stack.name)
    changes = diff(stack.name, resources(spec, stack.name), after)
    found.drifts = [drift for change in changes if (drift := _classify(change, after)) is not None]
    return found


def _live_spec(spec: StackSpec, live: list[LiveAccount]) -> tuple[StackSpec | None, list[Note]]:
    converted = convert(live)
    document = spec.model_dump(mode="python", exclude={"accounts", "content_filters"})
    document["accounts"] = converted.accounts
    # The live side uses the stack's own filters where they match, and the live ones where they exist.
    document["content_filters"] = {
        **{n: f.model_dump() for n, f in spec.content_filters.items()},
        **converted.content_filters,
    }
    try:
        return StackSpec.model_validate(document), converted.notes
    except ValidationError as error:
        notes = [
            *converted.notes,
            Note("live", f"Azure's settings break the stack format: {error.errors()[0]['msg']}"),
        ]
        return None, notes


def _classify(change: Change, live: Resources) -> Drift | None:
    fields = {name: value for name, value in change.fields.items() if name not in NOT_AZURE_STATE}
    if not fields and change.action in ("update", "replace"):
        return None
    if change.action == "create":
        return Drift("undeclared", change.kind, change.name, fields)
    if change.action == "delete":
        return Drift("missing", change.kind, change.name, fields)
    if change.kind == "deployment" and set(fields) == {"version"} and _upgrades(live, change):
        return Drift("changed_by_azure", change.kind, change.name, fields)
    return Drift("changed_outside", change.kind, change.name, fields)


def _upgrades(live: Resources, change: Change) -> bool:
    """Whether the live deployment's upgrade policy lets Azure move its version: then Azure moved it."""
    resource = live.get((change.kind, change.name))
    upgrade: Value = resource.fields.get("upgrade") if resource else None
    return upgrade in AUTO_UPGRADES
