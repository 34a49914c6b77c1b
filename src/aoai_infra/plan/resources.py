"""What a stack declares, one Azure resource at a time, in the form `plan` compares.

A resource is keyed by its kind and the Pulumi logical name provisioning gives it (`naming`), which never
depends on YAML order: reordering accounts, deployments, endpoints or roles changes no key. Its fields are
flat (`network.ip_rules`, `tags.env`, `filters.hate.prompt`) and hold the value Azure receives, defaults
resolved (an omitted custom subdomain is the account name); lists whose order Azure ignores are sorted.

Each kind names the fields that force Azure to replace the resource rather than update it in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from aoai_infra.production import is_production
from aoai_infra.provision import naming, private_endpoints
from aoai_infra.provision.account import is_protected, tags
from aoai_infra.provision.private_endpoints import named_endpoints
from aoai_infra.provision.role_assignments import logical_name
from aoai_infra.spec import Account, ContentFilter, Deployment, FilterRule, StackSpec

Kind = Literal["account", "deployment", "content_filter", "private_endpoint", "role_assignment"]
KINDS: tuple[Kind, ...] = ("account", "deployment", "content_filter", "private_endpoint", "role_assignment")
Value = str | int | bool | list[str] | None

# Azure's account kinds that convert into each other in place (an OpenAI account upgrades to AIServices).
CONVERTIBLE_KINDS = frozenset({"OpenAI", "AIServices"})


def account_kind_replaces(old: Value, new: Value) -> bool:
    """A kind change replaces the account, except between OpenAI and AIServices."""
    return not {old, new} <= CONVERTIBLE_KINDS


def _changed(old: Value, new: Value) -> bool:
    return old != new


def _changed_ignoring_case(old: Value, new: Value) -> bool:
    """For values Azure compares without case (ids, regions, deployment types): `eastus` → `EastUS` is an
    update of the text at most, never a replacement."""
    if isinstance(old, str) and isinstance(new, str):
        return old.casefold() != new.casefold()
    return old != new


# Per kind: field → whether a change from old to new forces replacement. The account's id contains its
# subscription, resource group and name; its region and endpoint cannot change once created.
REPLACED_BY: dict[Kind, dict[str, Callable[[Value, Value], bool]]] = {
    "account": {
        "subscription": _changed_ignoring_case,
        "resource_group": _changed_ignoring_case,
        "location": _changed_ignoring_case,
        "custom_subdomain": _changed_ignoring_case,
        "kind": account_kind_replaces,
    },
    "deployment": {"model": _changed, "format": _changed, "sku": _changed_ignoring_case},
    "content_filter": {},
    "private_endpoint": {
        "subnet": _changed_ignoring_case,
        "location": _changed_ignoring_case,
        "resource_group": _changed_ignoring_case,
    },
    # A role assignment cannot be updated; its principal and role are in its name already.
    "role_assignment": {"type": _changed},
}


@dataclass(frozen=True, slots=True)
class Resource:
    kind: Kind
    key: str  # the Pulumi logical name: what identifies it between two versions
    name: str  # what reviewers read, e.g. oai-prod-eastus-01/chat
    account: str  # the account it belongs to (its own name, for an account)
    fields: dict[str, Value]


Resources = dict[tuple[Kind, str], Resource]


def resources(spec: StackSpec, stack_name: str) -> Resources:
    """Every resource of the stack; whether `stack_name` is production decides the default of `protect`,
    as in provisioning (aoai_infra.production)."""
    found: Resources = {}
    for account in spec.accounts:
        for resource in _account_resources(spec, account, stack_name):
            found[(resource.kind, resource.key)] = resource
    return found


def _account_resources(spec: StackSpec, account: Account, stack_name: str) -> Iterator[Resource]:
    fields = _account_fields(spec, account)
    fields["protect"] = is_protected(account, is_production(stack_name))
    yield Resource("account", account.name, account.name, account.name, fields)
    for deployment in account.deployments:
        key = naming.child(account, deployment.name)
        yield Resource("deployment", key, key, account.name, _deployment_fields(deployment))
    for filter_name in naming.used_filters(account):
        key = naming.child(account, filter_name)
        yield Resource(
            "content_filter", key, key, account.name, _filter_fields(spec.content_filters[filter_name])
        )
    for name, endpoint in named_endpoints(account):
        key = naming.child(account, name)
        fields = {
            "subnet": endpoint.subnet,
            "dns_zones": sorted(endpoint.dns_zones),
            "location": private_endpoints.location(spec, account, endpoint),
            "resource_group": private_endpoints.resource_group(spec, endpoint),
        }
        yield Resource("private_endpoint", key, key, account.name, fields)
    for assignment in account.roles:
        shown = naming.child(account, assignment.role, assignment.principal)
        fields = {"principal": assignment.principal, "role": assignment.role, "type": assignment.type}
        yield Resource("role_assignment", logical_name(account, assignment), shown, account.name, fields)


def _account_fields(spec: StackSpec, account: Account) -> dict[str, Value]:
    network = account.network
    diagnostics = account.diagnostics
    fields: dict[str, Value] = {
        "subscription": spec.subscription_id.lower(),
        "resource_group": spec.resource_group.name,
        "location": spec.location_of(account),
        "kind": account.kind,
        "sku": account.sku,
        "custom_subdomain": account.subdomain,
        "local_auth": account.local_auth,
        "identity": account.identity.azure_type,
        "identity.user_assigned": sorted(account.identity.user_assigned),
        "network.public_access": network.public_access,
        "network.default_action": network.default_action,
        "network.bypass": network.bypass,
        "network.ip_rules": sorted(network.ip_rules),
        "network.vnet_rules": sorted(network.vnet_rules),
        "network.restrict_outbound": network.restrict_outbound,
        "network.allowed_fqdns": sorted(network.allowed_fqdns),
        "diagnostics.workspace": diagnostics.workspace if diagnostics else None,
        "diagnostics.category_groups": sorted(diagnostics.category_groups) if diagnostics else None,
        "diagnostics.metrics": diagnostics.metrics if diagnostics else None,
    }
    fields.update({f"tags.{name}": value for name, value in sorted(tags(spec, account).items())})
    return fields


def _deployment_fields(deployment: Deployment) -> dict[str, Value]:
    return {
        "model": deployment.model,
        "format": deployment.format,
        "version": deployment.version,
        "sku": deployment.sku,
        "capacity": deployment.capacity,
        "upgrade": deployment.upgrade,
        "content_filter": deployment.content_filter,
        "spillover_to": deployment.spillover_to,
    }


def _filter_fields(content_filter: ContentFilter) -> dict[str, Value]:
    fields: dict[str, Value] = {"base": content_filter.base, "mode": content_filter.mode}
    # One setting per category and source (the spec enforces it), so their order is no change.
    for rule in sorted(content_filter.filters, key=lambda rule: (rule.category, rule.source)):
        fields[f"filters.{rule.category}.{rule.source}"] = _rule_text(rule)
    return fields


def _rule_text(rule: FilterRule) -> str:
    parts: list[str] = [rule.severity] if rule.severity else []
    parts.append("blocking" if rule.blocking else "annotate only")
    if not rule.enabled:
        parts.append("disabled")
    return ", ".join(parts)
