"""The resources a validated stack creates: one list, the only place they are enumerated.

`stack_resources(spec, production)` is a pure function (no Pulumi) from a stack to its resources, each
with its kind, its Pulumi logical name, the path in the stack file it is declared at, the arguments
pulumi-azure-native receives, what it must wait for, the subscription of the provider it goes through,
and `protect`. Provisioning registers exactly this list (aoai_infra.provision.component); `plan` compares
two such lists (aoai_infra.plan.resources); `check-policies` points at the YAML behind a violation with
`path`.

An argument that is an output of another resource (an account's id, a created resource group's name) is
a `Ref`: provisioning passes the output, so that Pulumi tracks the dependency; everything else reads the
value, which is known from the stack file.

Order matters to Azure, so dependencies are explicit:
- every write to one account runs one after another (Azure answers parallel operations on one account
  with 409 RequestConflict): its content filters, then its deployments, then its private endpoints, each
  waiting for the one before, in the order of their names (so that YAML order changes nothing);
- the first of them waits for the account; the first deployment therefore also waits for the content
  filters, and every deployment names the filter it uses, and the deployment it spills over to, too;
- private endpoints wait for the account and all its deployments (an endpoint created while the account
  is still `Accepted` fails with AccountProvisioningStateInvalid);
- different accounts do not wait for each other, so they provision in parallel.
Role assignments and the diagnostic setting are not writes to the account and only wait for it.

Imports: aoai_infra.source, aoai_infra.stack.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aoai_infra.source.sourcemap import PathItem
from aoai_infra.stack import naming
from aoai_infra.stack.args import private_endpoints
from aoai_infra.stack.args.account import account_args, is_protected, tags
from aoai_infra.stack.args.content_filters import rai_policy_args
from aoai_infra.stack.args.deployments import deployment_args, in_creation_order
from aoai_infra.stack.args.diagnostics import diagnostic_setting_args
from aoai_infra.stack.args.private_endpoints import dns_zone_group_args, endpoint_args, named_endpoints
from aoai_infra.stack.args.role_assignments import logical_name, role_assignment_args
from aoai_infra.stack.model import Account, StackSpec

Kind = Literal[
    "resource_group",
    "account",
    "content_filter",
    "deployment",
    "private_endpoint",
    "dns_zone_group",
    "role_assignment",
    "diagnostic_setting",
]
Key = tuple[Kind, str]  # (kind, logical name): unique within a stack


@dataclass(frozen=True, slots=True)
class Ref:
    """An argument that is an output (`attribute`) of the resource `key`; `value` is what it will be."""

    key: Key
    attribute: str
    value: str


@dataclass(frozen=True, slots=True)
class Resource:
    kind: Kind
    name: str  # the Pulumi logical name
    path: tuple[PathItem, ...]  # where the stack file declares it
    account: str | None  # the account it belongs to (its own name, for an account)
    args: Mapping[str, Any]  # pulumi-azure-native's arguments; a Ref where another resource's output
    subscription: str  # the subscription of the provider it is created through
    depends_on: tuple[Key, ...] = ()
    protect: bool = False

    @property
    def key(self) -> Key:
        return (self.kind, self.name)


def stack_resources(spec: StackSpec, production: bool) -> list[Resource]:
    """Every resource of the stack, each after the ones it needs. `production` (aoai_infra.stack.production)
    is the default of `protect` for the resource group and the accounts."""
    found: list[Resource] = []
    group: str | Ref = spec.resource_group.name
    if spec.resource_group.create:
        created = _resource_group(spec, production)
        found.append(created)
        group = Ref(created.key, "name", spec.resource_group.name)
    for index, account in sorted(enumerate(spec.accounts), key=lambda pair: pair[1].name):
        found.extend(_account(spec, account, index, group, production))
    return found


def known(value: Any) -> Any:
    """The arguments with each Ref replaced by the value it will have."""
    if isinstance(value, Ref):
        return value.value
    if isinstance(value, Mapping):
        return {name: known(item) for name, item in value.items()}
    if isinstance(value, list):
        return [known(item) for item in value]
    return value


def _resource_group(spec: StackSpec, production: bool) -> Resource:
    group = spec.resource_group.name
    args = {"resource_group_name": group, "location": spec.location, "tags": spec.tags}
    return Resource(
        "resource_group", group, ("resource_group",), None, args, spec.subscription_id, protect=production
    )


def _account(
    spec: StackSpec, account: Account, index: int, group: str | Ref, production: bool
) -> Iterator[Resource]:
    at: tuple[PathItem, ...] = ("accounts", index)
    sub = spec.subscription_id
    created = Resource(
        "account",
        account.name,
        at,
        account.name,
        {"resource_group_name": group, **account_args(spec, account)},
        sub,
        protect=is_protected(account, production),
    )
    yield created
    account_id = Ref(created.key, "id", naming.account_id(spec, account))
    previous: Key = created.key
    for filter_name in naming.used_filters(account):
        args = {
            "account_name": account.name,
            "resource_group_name": group,
            **rai_policy_args(filter_name, spec.content_filters[filter_name]),
        }
        name = naming.child(account, filter_name)
        yield Resource(
            "content_filter", name, ("content_filters", filter_name), account.name, args, sub, (previous,)
        )
        previous = ("content_filter", name)
    deployments: list[Key] = []
    filters = naming.used_filters(account)
    for deployment in in_creation_order(account.deployments):
        number = next(i for i, item in enumerate(account.deployments) if item is deployment)
        needs: list[Key] = [created.key, previous]
        if deployment.content_filter in filters:
            needs.append(("content_filter", naming.child(account, deployment.content_filter or "")))
        target: Key = ("deployment", naming.child(account, deployment.spillover_to or ""))
        if target in deployments:  # a spillover target is made first (in_creation_order)
            needs.append(target)
        args = {"account_name": account.name, "resource_group_name": group, **deployment_args(deployment)}
        name = naming.child(account, deployment.name)
        path = (*at, "deployments", number)
        yield Resource("deployment", name, path, account.name, args, sub, tuple(dict.fromkeys(needs)))
        previous = ("deployment", name)
        deployments.append(previous)
    yield from _private_endpoints(spec, account, at, group, account_id, [created.key, *deployments, previous])
    yield from _roles(spec, account, at, account_id)
    if account.diagnostics is not None:
        args = {"resource_uri": account_id, **diagnostic_setting_args(account.diagnostics)}
        name = naming.child(account, "diagnostics")
        yield Resource("diagnostic_setting", name, (*at, "diagnostics"), account.name, args, sub)


def _private_endpoints(
    spec: StackSpec,
    account: Account,
    at: tuple[PathItem, ...],
    group: str | Ref,
    account_id: Ref,
    waits: list[Key],
) -> Iterator[Resource]:
    declared = account.network.private_endpoints
    for name, endpoint in named_endpoints(account):
        number = next(i for i, item in enumerate(declared) if item is endpoint)
        path = (*at, "network", "private_endpoints", number)
        sub = private_endpoints.subscription(endpoint)
        own_group: str | Ref = endpoint.resource_group or group
        location = private_endpoints.location(spec, account, endpoint)
        args = {
            "resource_group_name": own_group,
            **endpoint_args(name, location, endpoint),
            "private_link_service_connections": [private_endpoints.service_connection(name, account_id)],
            "tags": tags(spec, account),
        }
        logical = naming.child(account, name)
        yield Resource(
            "private_endpoint", logical, path, account.name, args, sub, tuple(dict.fromkeys(waits))
        )
        key: Key = ("private_endpoint", logical)
        waits = [*waits[:-1], key]  # the next endpoint waits for this one instead of the one before
        if endpoint.dns_zones:
            zones = {
                "resource_group_name": own_group,
                "private_endpoint_name": Ref(key, "name", name),
                **dns_zone_group_args(endpoint),
            }
            yield Resource(
                "dns_zone_group", naming.child(account, name, "dns"), path, account.name, zones, sub
            )


def _roles(
    spec: StackSpec, account: Account, at: tuple[PathItem, ...], account_id: Ref
) -> Iterator[Resource]:
    for number, assignment in enumerate(account.roles):
        args = {"scope": account_id, **role_assignment_args(spec, account, assignment)}
        path = (*at, "roles", number)
        yield Resource(
            "role_assignment",
            logical_name(account, assignment),
            path,
            account.name,
            args,
            spec.subscription_id,
        )
