"""A live resource group's accounts as stack-file data, what the format cannot say, and each resource's id.

The inverse of aoai_infra.stack.args: every setting provisioning would send is written out with the live
value, so that `pulumi up` after an import changes nothing. Network access, keys, identity and the
upgrade policy are always written, because the format's defaults are secure ones a live estate often does
not have (public access that is on stays on). What the format cannot express is a `Note` at its place,
never dropped: an account without a custom subdomain, customer-managed keys, user-owned storage, custom
blocklists of a content filter, deployments' rate-limit settings, role assignments and diagnostic settings
made outside aoai-infra (their names differ from the ones provisioning gives), private endpoint
connections and DNS zone groups made under other names.

Imports: aoai_infra.live, aoai_infra.stack.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aoai_infra.live.estate import LiveAccount
from aoai_infra.stack import naming, roles
from aoai_infra.stack.args.content_filters import CATEGORY_NAMES

CATEGORIES = {azure.lower(): ours for ours, azure in CATEGORY_NAMES.items()}
UPGRADE_DEFAULT = "OnceNewDefaultVersionAvailable"  # Azure's, when a deployment states none
ACCOUNT_SETTINGS_NOT_EXPRESSED = {
    "encryption": "customer-managed keys (encryption)",
    "user_owned_storage": "user-owned storage",
    "network_injections": "network injection (agent subnets)",
    "aml_workspace": "an Azure ML workspace link",
    "api_properties": "API properties",
}
DEPLOYMENT_SETTINGS_NOT_EXPRESSED = {
    "scale_settings": "scale settings",
    "dynamic_throttling_enabled": "dynamic throttling",
    "capacity_settings": "capacity settings",
    "parent_deployment_name": "a parent deployment",
}


@dataclass(frozen=True, slots=True)
class Note:
    where: str  # the stack path, e.g. accounts[oai-prod].deployments[chat]
    message: str


@dataclass
class Converted:
    accounts: list[dict[str, Any]] = field(default_factory=list)
    content_filters: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    ids: dict[tuple[str, ...], str] = field(default_factory=dict)  # (account, kind, name): ARM id


def convert(accounts: list[LiveAccount]) -> Converted:
    converted = Converted()
    for live in accounts:
        converted.accounts.append(_account(live, converted))
    return converted


def location(accounts: list[LiveAccount]) -> str:
    """The stack's location: the region most of its accounts are in."""
    regions = Counter(_region(live) for live in accounts)
    return sorted(regions.items(), key=lambda pair: (-pair[1], pair[0]))[0][0] if regions else "eastus"


def _region(live: LiveAccount) -> str:
    return str(live.data.get("location", "")).replace(" ", "").lower()


def _account(live: LiveAccount, out: Converted) -> dict[str, Any]:
    data, where = live.data, f"accounts[{live.name}]"
    properties = data.get("properties") or {}
    out.ids[(live.name, "account", live.name)] = live.id
    account: dict[str, Any] = {"name": live.name, "kind": data.get("kind", "OpenAI")}
    account["location"] = _region(live)
    subdomain = properties.get("custom_sub_domain_name")
    if subdomain and subdomain != live.name:
        account["custom_subdomain"] = subdomain
    if not subdomain:
        out.notes.append(
            Note(
                where,
                f"has no custom subdomain; provisioning gives it '{live.name}', which "
                "Azure cannot take back: set one in the portal first, or leave this account out",
            )
        )
    account["local_auth"] = not properties.get("disable_local_auth", False)
    account["identity"] = _identity(data.get("identity") or {})
    account["network"] = _network(properties, live, out)
    for key, what in ACCOUNT_SETTINGS_NOT_EXPRESSED.items():
        if properties.get(key):
            out.notes.append(Note(where, f"{what} cannot be expressed in a stack file; it stays as it is"))
    diagnostics = _diagnostics(live, out)
    if diagnostics:
        account["diagnostics"] = diagnostics
    found_roles = _roles(live, out)
    if found_roles:
        account["roles"] = found_roles
    _filters(live, out)
    account["deployments"] = [_deployment(live, item, out) for item in live.deployments]
    if data.get("tags"):
        account["tags"] = dict(data["tags"])
    for part, problem in live.problems.items():
        out.notes.append(Note(where, f"its {part.replace('_', ' ')} could not be read: {problem.message}"))
    return account


def _identity(identity: dict[str, Any]) -> Any:
    kind = str(identity.get("type") or "None").lower()
    users = sorted(identity.get("user_assigned_identities") or {})
    system = "systemassigned" in kind.replace(" ", "").split(",")
    if users:
        return {"system": system, "user_assigned": users}
    return "system" if system else "none"


def _network(properties: dict[str, Any], live: LiveAccount, out: Converted) -> dict[str, Any]:
    acls = properties.get("network_acls") or {}
    network: dict[str, Any] = {
        # Azure's default when the property is absent is public access on.
        "public_access": properties.get("public_network_access", "Enabled") != "Disabled",
        "default_action": acls.get("default_action") or "Allow",
        "bypass": acls.get("bypass") or "AzureServices",
        "ip_rules": [rule.get("value") for rule in acls.get("ip_rules") or []],
        "vnet_rules": [rule.get("id") for rule in acls.get("virtual_network_rules") or []],
        "restrict_outbound": bool(properties.get("restrict_outbound_network_access")),
    }
    if properties.get("allowed_fqdn_list"):
        network["allowed_fqdns"] = list(properties["allowed_fqdn_list"])
    endpoints = [_endpoint(live, found, out) for found in live.private_endpoints]
    if endpoints:
        network["private_endpoints"] = endpoints
    return network


def _endpoint(live: LiveAccount, found: dict[str, Any], out: Converted) -> dict[str, Any]:
    """A private endpoint as the stack declares one: its subnet, DNS zones, and where it differs from the
    defaults, its name, region and resource group."""
    endpoint, where = found["endpoint"], f"accounts[{live.name}].network"
    properties = endpoint.get("properties") or {}
    endpoint_id, name = str(endpoint.get("id", "")), str(endpoint.get("name", ""))
    entry: dict[str, Any] = {"subnet": str((properties.get("subnet") or {}).get("id", "")), "dns_zones": []}
    for group in found.get("zone_groups") or []:
        configs = (group.get("properties") or {}).get("privateDnsZoneConfigs") or []
        entry["dns_zones"] += [str((c.get("properties") or {}).get("privateDnsZoneId", "")) for c in configs]
        if group.get("name") != naming.DNS_ZONE_GROUP_NAME:
            message = (
                f"private endpoint {name}'s DNS zone group is named '{group.get('name')}'; provisioning "
                f"names it '{naming.DNS_ZONE_GROUP_NAME}', so pulumi up would add another"
            )
            out.notes.append(Note(where, message))
        else:
            out.ids[(live.name, "dns_zone_group", f"{name}/{naming.DNS_ZONE_GROUP_NAME}")] = str(
                group.get("id")
            )
    entry["name"] = name
    region = str(endpoint.get("location", "")).replace(" ", "").lower()
    if region and region != _region(live):
        entry["location"] = region
    parts = endpoint_id.split("/")
    group_name = parts[4] if len(parts) > 4 else ""
    if group_name.lower() != live.resource_group.lower():
        entry["resource_group"] = group_name
    connections = properties.get("privateLinkServiceConnections") or []
    if not connections or any(connection.get("name") != name for connection in connections):
        message = (
            f"private endpoint {name} connects under another name than its own, or by manual approval; "
            "provisioning names the connection after the endpoint, so pulumi up would change it"
        )
        out.notes.append(Note(where, message))
    out.ids[(live.name, "private_endpoint", name)] = endpoint_id
    return entry


def _deployment(live: LiveAccount, item: dict[str, Any], out: Converted) -> dict[str, Any]:
    properties, sku = item.get("properties") or {}, item.get("sku") or {}
    model = properties.get("model") or {}
    name = str(item.get("name"))
    out.ids[(live.name, "deployment", name)] = f"{live.id}/deployments/{name}"
    deployment: dict[str, Any] = {
        "name": name,
        "model": model.get("name"),
        "version": model.get("version"),
        "sku": sku.get("name"),
        "capacity": sku.get("capacity"),
        "upgrade": properties.get("version_upgrade_option") or UPGRADE_DEFAULT,
    }
    if model.get("format") and model.get("format") != "OpenAI":
        deployment["format"] = model["format"]
    if properties.get("rai_policy_name"):
        deployment["content_filter"] = properties["rai_policy_name"]
    if properties.get("spillover_deployment_name"):
        deployment["spillover_to"] = properties["spillover_deployment_name"]
    if item.get("tags"):
        deployment["tags"] = dict(item["tags"])
    for key, what in DEPLOYMENT_SETTINGS_NOT_EXPRESSED.items():
        if properties.get(key):
            where = f"accounts[{live.name}].deployments[{name}]"
            out.notes.append(Note(where, f"{what} cannot be expressed in a stack file; it stays as it is"))
    return deployment


def _filters(live: LiveAccount, out: Converted) -> None:
    for policy in live.rai_policies:
        name = str(policy.get("name"))
        properties = policy.get("properties") or {}
        if name.startswith("Microsoft.") or properties.get("type") == "SystemManaged":
            continue  # Azure's own policies exist on every account
        where = f"content_filters[{name}]"
        out.ids[(live.name, "content_filter", name)] = f"{live.id}/raiPolicies/{name}"
        rules: list[dict[str, Any]] = []
        converted: dict[str, Any] = {
            "base": properties.get("base_policy_name") or "Microsoft.DefaultV2",
            "mode": properties.get("mode") or "Default",
            "filters": rules,
        }
        for rule in properties.get("content_filters") or []:
            category = CATEGORIES.get(str(rule.get("name", "")).lower())
            if category is None:
                out.notes.append(
                    Note(where, f"the filter category '{rule.get('name')}' is not one the format knows")
                )
                continue
            entry: dict[str, Any] = {"category": category, "source": str(rule.get("source", "")).lower()}
            if rule.get("severity_threshold"):
                entry["severity"] = str(rule["severity_threshold"]).lower()
            if rule.get("blocking") is False:
                entry["blocking"] = False
            if rule.get("enabled") is False:
                entry["enabled"] = False
            rules.append(entry)
        if properties.get("custom_blocklists"):
            out.notes.append(
                Note(where, "custom blocklists cannot be expressed in a stack file; they stay as they are")
            )
        known = out.content_filters.get(name)
        if known is not None and known != converted:
            out.notes.append(
                Note(
                    where,
                    f"account {live.name} has a different policy of this name; the first "
                    "account's is kept, and pulumi up would change the other's",
                )
            )
            continue
        out.content_filters[name] = converted


def _roles(live: LiveAccount, out: Converted) -> list[dict[str, Any]]:
    found = []
    for item in live.role_assignments:
        properties = item.get("properties") or {}
        if str(properties.get("scope", "")).lower() != live.id.lower():
            continue  # inherited from above the account: not the account's own
        guid = str(properties.get("roleDefinitionId", "")).rstrip("/").rsplit("/", 1)[-1]
        role, principal = roles.role_name(guid), str(properties.get("principalId", ""))
        where = f"accounts[{live.name}].roles"
        if role is None:
            out.notes.append(
                Note(
                    where,
                    f"role assignment {item.get('name')} gives a role ({guid}) that is not a "
                    "built-in role the format knows; it stays as it is",
                )
            )
            continue
        ours = naming.role_assignment_name(live.id, principal, guid)
        if str(item.get("name", "")).lower() != ours:
            out.notes.append(
                Note(
                    where,
                    f"role assignment {item.get('name')} ({role} for {principal}) was made "
                    "outside aoai-infra: it stays as it is; to manage it here, delete it and declare "
                    f"{{principal: {principal}, role: {role}}} under roles",
                )
            )
            continue
        out.ids[(live.name, "role_assignment", ours)] = str(item.get("id"))
        found.append(
            {
                "principal": principal,
                "role": role,
                "type": properties.get("principalType") or "ServicePrincipal",
            }
        )
    return found


def _diagnostics(live: LiveAccount, out: Converted) -> dict[str, Any] | None:
    chosen = None
    for item in live.diagnostic_settings:
        properties = item.get("properties") or {}
        where = f"accounts[{live.name}].diagnostics"
        if item.get("name") != naming.DIAGNOSTIC_SETTING_NAME or not properties.get("workspaceId"):
            out.notes.append(
                Note(
                    where,
                    f"diagnostic setting {item.get('name')} was made outside aoai-infra "
                    "(or sends elsewhere than Log Analytics): it stays as it is",
                )
            )
            continue
        logs = properties.get("logs") or []
        chosen = {
            "workspace": properties["workspaceId"],
            "category_groups": [
                log["categoryGroup"] for log in logs if log.get("enabled") and log.get("categoryGroup")
            ],
            "metrics": any(
                m.get("category") == "AllMetrics" and m.get("enabled")
                for m in properties.get("metrics") or []
            ),
        }
        out.ids[(live.name, "diagnostic_setting", naming.DIAGNOSTIC_SETTING_NAME)] = str(item.get("id"))
    return chosen
