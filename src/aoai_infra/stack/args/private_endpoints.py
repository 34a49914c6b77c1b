"""Private endpoints of an account (`network.PrivateEndpoint`) and their DNS zone groups.

An endpoint connects to the account's private link group `account`, and registers in each private DNS
zone listed (privatelink.openai.azure.com, and for AIServices accounts also
privatelink.cognitiveservices.azure.com).

Azure requires an endpoint in the region and subscription of its virtual network. Hub-and-spoke networks
often keep that network in another subscription, or another region, than the account: an endpoint is
created in its subnet's subscription (through a provider for it), in its own `resource_group` there (the
stack's when the subscription is the stack's), and in its `location` (the account's region by default).

Imports: aoai_infra.stack.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.stack import naming
from aoai_infra.stack.identifiers import subscription_of
from aoai_infra.stack.model import Account, PrivateEndpoint, StackSpec


def subscription(endpoint: PrivateEndpoint) -> str:
    """The subscription the endpoint is created in: its subnet's."""
    return subscription_of(endpoint.subnet)


def location(spec: StackSpec, account: Account, endpoint: PrivateEndpoint) -> str:
    return endpoint.location or spec.location_of(account)


def endpoint_args(name: str, location: str, endpoint: PrivateEndpoint) -> dict[str, Any]:
    return {
        "private_endpoint_name": name,
        "location": location,
        "subnet": {"id": endpoint.subnet},
    }


def service_connection(name: str, account_id: Any) -> dict[str, Any]:
    return {"name": name, "private_link_service_id": account_id, "group_ids": [naming.PRIVATE_LINK_GROUP]}


def dns_zone_group_args(endpoint: PrivateEndpoint) -> dict[str, Any]:
    return {
        "private_dns_zone_group_name": naming.DNS_ZONE_GROUP_NAME,
        "private_dns_zone_configs": [
            {"name": naming.dns_zone_config_name(zone), "private_dns_zone_id": zone}
            for zone in endpoint.dns_zones
        ],
    }


def named_endpoints(account: Account) -> list[tuple[str, PrivateEndpoint]]:
    """The account's endpoints with their names, sorted by name so that YAML order does not matter."""
    named = [
        (naming.private_endpoint_name(account, endpoint), endpoint)
        for endpoint in account.network.private_endpoints
    ]
    return sorted(named, key=lambda pair: pair[0])
