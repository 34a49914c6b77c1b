"""The resources of a stack in the form `plan` compares: the list provisioning registers, projected.

`resources(spec, stack_name)` reads `aoai_infra.stack.resources.stack_resources`, the one list of what a
stack creates, and turns each resource's Azure arguments into flat fields a reviewer reads
(`network.ip_rules`, `tags.env`, `filters.hate.prompt`), lists whose order Azure ignores sorted. A
private endpoint's DNS zone group and an account's diagnostic setting are shown as fields of the endpoint
and the account. Every argument provisioning sends is read into a field, except those implied by the
resource's name or another resource's (`IMPLIED_ARGS`); tests/plan/test_resources.py changes each
argument in turn and checks that the plan shows it.

A resource is keyed by its kind and the Pulumi logical name provisioning gives it (`naming`), which never
depends on YAML order: reordering accounts, deployments, endpoints or roles changes no key. Each kind
names the fields that force Azure to replace the resource rather than update it in place.

Imports: aoai_infra.stack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aoai_infra.stack import resources as stack
from aoai_infra.stack import roles
from aoai_infra.stack.args.content_filters import CATEGORY_NAMES
from aoai_infra.stack.model import StackSpec
from aoai_infra.stack.production import is_production

Kind = Literal[
    "resource_group", "account", "deployment", "content_filter", "private_endpoint", "role_assignment"
]
KINDS: tuple[Kind, ...] = (
    "resource_group",
    "account",
    "deployment",
    "content_filter",
    "private_endpoint",
    "role_assignment",
)
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
    "resource_group": {"location": _changed_ignoring_case},
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


# Arguments implied by the resource's own name, by another resource (its account, its endpoint), or always
# the same: a change to them is a change of key, or of the other resource, and shows as that.
IMPLIED_ARGS: dict[stack.Kind, frozenset[str]] = {
    "resource_group": frozenset({"resource_group_name"}),
    "account": frozenset({"account_name"}),
    "content_filter": frozenset({"account_name", "resource_group_name", "rai_policy_name"}),
    "deployment": frozenset({"account_name", "resource_group_name", "deployment_name"}),
    "private_endpoint": frozenset(
        {
            "private_endpoint_name",
            "private_link_service_connections[].name",
            "private_link_service_connections[].private_link_service_id",
            "private_link_service_connections[].group_ids[]",
        }
    ),
    "dns_zone_group": frozenset(
        {
            "resource_group_name",
            "private_endpoint_name",
            "private_dns_zone_group_name",
            "private_dns_zone_configs[].name",
        }
    ),
    "role_assignment": frozenset({"scope", "role_assignment_name"}),
    "diagnostic_setting": frozenset(
        {"resource_uri", "name", "logs[].enabled", "metrics[].category", "metrics[].enabled"}
    ),
}


def resources(spec: StackSpec, stack_name: str) -> Resources:
    """Every resource of the stack; whether `stack_name` is production decides the default of `protect`,
    as in provisioning (aoai_infra.stack.production)."""
    return compared(stack.stack_resources(spec, is_production(stack_name)))


def compared(listed: list[stack.Resource]) -> Resources:
    """The resources of `listed` as plan compares them."""
    args = {resource.key: Args(resource) for resource in listed}
    found: Resources = {}
    for resource in listed:
        view = _VIEWS.get(resource.kind)
        if view is not None:
            kind, fields = view(resource, args)
            found[(kind, resource.name)] = Resource(
                kind, resource.name, _shown(resource), resource.account or "", fields
            )
    for resource in listed:  # an argument no view names yet still shows, by its own path
        host, prefix = _host(resource)
        found[host].fields.update({prefix + name: value for name, value in args[resource.key].unread()})
    return found


def _host(resource: stack.Resource) -> tuple[tuple[Kind, str], str]:
    """The compared resource that shows this one's arguments, and the prefix of their fields there."""
    if resource.kind == "diagnostic_setting":
        return ("account", resource.account or ""), "diagnostics."
    if resource.kind == "dns_zone_group":
        return ("private_endpoint", resource.name.removesuffix("/dns")), "dns."
    return (resource.kind, resource.name), ""  # every other kind has a view of its own


def _shown(resource: stack.Resource) -> str:
    """What reviewers read: the logical name, but a role assignment by role and principal."""
    if resource.kind != "role_assignment":
        return resource.name
    args = Args(resource)
    return f"{resource.account}/{_role(args)}/{args.get('principal_id')}"


class Args:
    """A resource's arguments (each Ref as its value), read by dotted path; what no view read is
    `unread()`."""

    def __init__(self, resource: stack.Resource) -> None:
        self._args = resource.args
        self._implied = IMPLIED_ARGS[resource.kind]
        self._read: set[str] = set()

    def get(self, path: str, default: Any = None) -> Any:
        self._read.add(path)
        value: Any = self._args
        for part in path.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return default
            value = value[part]
        return stack.known(value)

    def each(self, path: str, item: str) -> list[Any]:
        """`item` of every entry of the list at `path`."""
        self._read.add(f"{path}[].{item}")
        return [entry.get(item) for entry in self.get(path, [])]

    def unread(self) -> list[tuple[str, Value]]:
        """Each argument no view read and that is not implied, as (dotted path, value); a list's items
        under the list's path."""
        found: dict[str, list[Any]] = {}
        self._walk(self._args, "", found)
        return [
            (path.replace("[]", ""), sorted(map(str, values)) if "[]" in path else values[0])
            for path, values in sorted(found.items())
        ]

    def _walk(self, value: Any, path: str, found: dict[str, list[Any]]) -> None:
        if path in self._read or path in self._implied:
            return  # a subtree read whole, or implied, needs no walk
        if isinstance(value, Mapping):
            for name, item in value.items():
                self._walk(item, f"{path}.{name}" if path else name, found)
        elif isinstance(value, list):
            for item in value:
                self._walk(item, f"{path}[]", found)
        else:
            found.setdefault(path, []).append(stack.known(value))


View = Callable[[stack.Resource, dict[stack.Key, Args]], tuple[Kind, dict[str, Value]]]


def _resource_group(resource: stack.Resource, every: dict[stack.Key, Args]) -> tuple[Kind, dict[str, Value]]:
    args = every[resource.key]
    fields: dict[str, Value] = {"location": args.get("location")}
    fields.update(_tags(args))
    fields["protect"] = resource.protect
    return "resource_group", fields


def _account(resource: stack.Resource, every: dict[stack.Key, Args]) -> tuple[Kind, dict[str, Value]]:
    args = every[resource.key]
    setting = every.get(("diagnostic_setting", f"{resource.name}/diagnostics"))
    fields: dict[str, Value] = {
        "subscription": resource.subscription.lower(),
        "resource_group": args.get("resource_group_name"),
        "location": args.get("location"),
        "kind": args.get("kind"),
        "sku": args.get("sku.name"),
        "custom_subdomain": args.get("properties.custom_sub_domain_name"),
        "local_auth": not args.get("properties.disable_local_auth"),
        "identity": args.get("identity.type"),
        "identity.user_assigned": sorted(args.get("identity.user_assigned_identities", [])),
        "network.public_access": args.get("properties.public_network_access") == "Enabled",
        "network.default_action": args.get("properties.network_acls.default_action"),
        "network.bypass": args.get("properties.network_acls.bypass"),
        "network.ip_rules": sorted(args.each("properties.network_acls.ip_rules", "value")),
        "network.vnet_rules": sorted(args.each("properties.network_acls.virtual_network_rules", "id")),
        "network.restrict_outbound": args.get("properties.restrict_outbound_network_access"),
        "network.allowed_fqdns": sorted(args.get("properties.allowed_fqdn_list", [])),
        "diagnostics.workspace": setting.get("workspace_id") if setting else None,
        "diagnostics.category_groups": sorted(setting.each("logs", "category_group")) if setting else None,
        "diagnostics.metrics": setting.get("metrics") is not None if setting else None,
    }
    fields.update(_tags(args))
    fields["protect"] = resource.protect
    return "account", fields


def _deployment(resource: stack.Resource, every: dict[stack.Key, Args]) -> tuple[Kind, dict[str, Value]]:
    args = every[resource.key]
    return "deployment", {
        "model": args.get("properties.model.name"),
        "format": args.get("properties.model.format"),
        "version": args.get("properties.model.version"),
        "sku": args.get("sku.name"),
        "capacity": args.get("sku.capacity"),
        "upgrade": args.get("properties.version_upgrade_option"),
        "content_filter": args.get("properties.rai_policy_name"),
        "spillover_to": args.get("properties.spillover_deployment_name"),
    }


_CATEGORIES = {azure: ours for ours, azure in CATEGORY_NAMES.items()}


def _content_filter(resource: stack.Resource, every: dict[stack.Key, Args]) -> tuple[Kind, dict[str, Value]]:
    args = every[resource.key]
    fields: dict[str, Value] = {
        "base": args.get("properties.base_policy_name"),
        "mode": args.get("properties.mode"),
    }
    # One setting per category and source (the spec enforces it), so their order is no change.
    settings = {
        f"filters.{_CATEGORIES.get(rule['name'], rule['name'])}.{rule['source'].lower()}": _rule_text(rule)
        for rule in args.get("properties.content_filters", [])
    }
    fields.update(sorted(settings.items()))
    return "content_filter", fields


def _rule_text(rule: Mapping[str, Any]) -> str:
    severity = rule.get("severity_threshold")
    parts: list[str] = [severity.lower()] if severity else []
    parts.append("blocking" if rule["blocking"] else "annotate only")
    if not rule["enabled"]:
        parts.append("disabled")
    return ", ".join(parts)


def _private_endpoint(
    resource: stack.Resource, every: dict[stack.Key, Args]
) -> tuple[Kind, dict[str, Value]]:
    args = every[resource.key]
    zones = every.get(("dns_zone_group", f"{resource.name}/dns"))
    fields: dict[str, Value] = {
        "subnet": args.get("subnet.id"),
        "dns_zones": sorted(zones.each("private_dns_zone_configs", "private_dns_zone_id")) if zones else [],
        "location": args.get("location"),
        "resource_group": args.get("resource_group_name"),
    }
    fields.update(_tags(args))
    return "private_endpoint", fields


def _role_assignment(resource: stack.Resource, every: dict[stack.Key, Args]) -> tuple[Kind, dict[str, Value]]:
    args = every[resource.key]
    return "role_assignment", {
        "principal": args.get("principal_id"),
        "role": _role(args),
        "type": args.get("principal_type"),
    }


def _role(args: Args) -> str:
    """The role's built-in name, else its definition GUID (a custom role)."""
    guid = str(args.get("role_definition_id")).rsplit("/", 1)[-1]
    return roles.role_name(guid) or guid


def _tags(args: Args) -> dict[str, Value]:
    return {f"tags.{name}": value for name, value in sorted(args.get("tags", {}).items())}


_VIEWS: dict[stack.Kind, View] = {
    "resource_group": _resource_group,
    "account": _account,
    "deployment": _deployment,
    "content_filter": _content_filter,
    "private_endpoint": _private_endpoint,
    "role_assignment": _role_assignment,
}
