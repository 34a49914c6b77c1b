"""The changes between two versions of a stack: create, update, replace or delete, field by field.

A resource is matched by its key (`resources.Resource.key`), so a renamed account or deployment is a
delete plus a create, as it is in Azure and in Pulumi. A change to a field its kind lists in
`REPLACED_BY` is a replacement; so is every resource of an account that is replaced, since Azure deletes
them with it. Deletes and replacements are destructive, and say what is lost (`losses`).

Imports: aoai_infra.plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from aoai_infra.plan import losses
from aoai_infra.plan.resources import KINDS, REPLACED_BY, Kind, Resource, Resources, Value

Action = Literal["create", "update", "replace", "delete"]
ACTIONS: tuple[Action, ...] = ("create", "update", "replace", "delete")
DESTRUCTIVE: frozenset[Action] = frozenset({"replace", "delete"})
BECAUSE_ACCOUNT = "account"  # what `replaced_by` names when the resource goes with its replaced account


@dataclass(frozen=True, slots=True)
class FieldChange:
    old: Value
    new: Value


@dataclass(frozen=True, slots=True)
class Change:
    stack: str
    kind: Kind
    name: str
    action: Action
    fields: dict[str, FieldChange]
    replaced_by: tuple[str, ...] = ()  # the fields that force the replacement, or BECAUSE_ACCOUNT
    losses: tuple[str, ...] = ()  # what a destructive change loses, in reviewers' words
    protected: bool = False  # Pulumi refuses to delete it until `protect: false` is applied

    @property
    def destructive(self) -> bool:
        return self.action in DESTRUCTIVE


@dataclass(frozen=True, slots=True)
class _Versions:
    old: Resources
    new: Resources
    replaced_accounts: set[str] = field(default_factory=set)


def diff(stack: str, old: Resources, new: Resources) -> list[Change]:
    """Every change from `old` to `new`, by kind (accounts first) and name; unchanged ones left out."""
    versions = _Versions(old, new)
    changes = []
    for kind in KINDS:  # accounts first: their replacement decides their children's
        keys = sorted({key for key in (*old, *new) if key[0] == kind}, key=lambda key: key[1])
        for key in keys:
            change = _change(stack, versions, old.get(key), new.get(key))
            if change is not None:
                changes.append(change)
    return changes


def _change(stack: str, versions: _Versions, old: Resource | None, new: Resource | None) -> Change | None:
    if old is None and new is not None:
        fields = {name: FieldChange(None, value) for name, value in new.fields.items() if _present(value)}
        return Change(stack, new.kind, new.name, "create", fields)
    if new is None and old is not None:
        fields = {name: FieldChange(value, None) for name, value in old.fields.items() if _present(value)}
        found = losses.of_delete(old, versions.old)
        return Change(stack, old.kind, old.name, "delete", fields, (), found, _protected(old))
    assert old is not None
    assert new is not None
    fields = {
        name: FieldChange(old.fields.get(name), new.fields.get(name))
        for name in {**old.fields, **new.fields}
        if old.fields.get(name) != new.fields.get(name)
    }
    replaced_by = tuple(
        name
        for name, forces in REPLACED_BY[new.kind].items()
        if name in fields and forces(*_pair(fields[name]))
    )
    if new.kind != "account" and new.account in versions.replaced_accounts:
        replaced_by = (*replaced_by, BECAUSE_ACCOUNT)
    if replaced_by:
        if new.kind == "account":
            versions.replaced_accounts.add(new.account)
        found = losses.of_replace(old, versions.old)
        return Change(stack, new.kind, new.name, "replace", fields, replaced_by, found, _protected(old))
    if not fields:
        return None
    return Change(stack, new.kind, new.name, "update", fields)


def _pair(change: FieldChange) -> tuple[Value, Value]:
    return change.old, change.new


def _present(value: Value) -> bool:
    return value is not None and value != []


def _protected(resource: Resource) -> bool:
    return resource.kind in ("resource_group", "account") and resource.fields.get("protect") is True
