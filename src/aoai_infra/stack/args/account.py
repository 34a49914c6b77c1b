"""The Azure OpenAI (or AI Services) account: what `cognitiveservices.Account` is given for a spec account.

Secure settings come from the spec's defaults (keys off, public access off, outbound restricted); this
module only spells them the way Azure's API does.

Imports: aoai_infra.stack.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.stack.model import Account, Identity, Network, StackSpec


def is_protected(account: Account, production: bool) -> bool:
    """Pulumi's `protect`: the account's own setting, else whether the stack is production
    (aoai_infra.stack.production)."""
    return account.protect if account.protect is not None else production


def tags(spec: StackSpec, account: Account) -> dict[str, str]:
    """The stack's tags, overridden key by key by the account's."""
    return {**spec.tags, **account.tags}


def account_args(spec: StackSpec, account: Account) -> dict[str, Any]:
    return {
        "account_name": account.name,
        "kind": account.kind,
        "sku": {"name": account.sku},
        "location": spec.location_of(account),
        "identity": identity_args(account.identity),
        "properties": {
            "custom_sub_domain_name": account.subdomain,
            "disable_local_auth": not account.local_auth,
            **network_properties(account.network),
        },
        "tags": tags(spec, account),
    }


def identity_args(identity: Identity) -> dict[str, Any]:
    args: dict[str, Any] = {"type": identity.azure_type}
    if identity.user_assigned:
        args["user_assigned_identities"] = list(identity.user_assigned)
    return args


def network_properties(network: Network) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "public_network_access": "Enabled" if network.public_access else "Disabled",
        "network_acls": {
            "default_action": network.default_action,
            "bypass": network.bypass,
            "ip_rules": [{"value": rule} for rule in network.ip_rules],
            "virtual_network_rules": [{"id": subnet} for subnet in network.vnet_rules],
        },
        "restrict_outbound_network_access": network.restrict_outbound,
    }
    # Azure reads allowedFqdnList only while outbound access is restricted.
    if network.restrict_outbound and network.allowed_fqdns:
        properties["allowed_fqdn_list"] = list(network.allowed_fqdns)
    return properties
