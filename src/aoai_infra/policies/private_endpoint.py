"""Every account of a production stack has a private endpoint.

Production traffic reaches an account over Private Link, from the virtual networks that need it, not over
the internet. This is a stack policy: it looks for a `network.PrivateEndpoint` whose private link service
connection (or manual connection) targets the account with group id `account`. Applies to stacks whose
name matches `prodStacks` (default: names starting with prod).

In an aoai-infra stack: `network.private_endpoints` on each account.

Imports: aoai_infra.policies.
"""

from __future__ import annotations

from aoai_infra.policies.base import (
    ACCOUNT,
    HIGH,
    MANDATORY,
    PRIVATE_ENDPOINT,
    PolicyResource,
    ProdSettings,
    Report,
    StackArgs,
    is_unknown,
    items,
    known,
    settings_of,
    stack_policy,
)
from aoai_infra.policies.graph import account_name, of_type, refers_to

NAME = "aoai-account-private-endpoint"
SPEC_FIELD = "network"
SPEC_FIX = "in the stack file, add network.private_endpoints (subnet and dns_zones) to account '{name}'"
GROUP = "account"  # the group id of a Cognitive Services account's private link resource
CONNECTIONS = ("privateLinkServiceConnections", "manualPrivateLinkServiceConnections")
Settings = ProdSettings


def validate(args: StackArgs, report_violation: Report) -> None:
    settings = settings_of(args.get_config(), Settings)
    endpoints = of_type(args.resources, PRIVATE_ENDPOINT)
    for account in of_type(args.resources, ACCOUNT):
        if not settings.is_prod(account.urn):
            continue
        if not any(_connects(endpoint, account) for endpoint in endpoints):
            report_violation(
                f"production account '{account_name(account)}' has no private endpoint; add a "
                "network.PrivateEndpoint in the callers' virtual network whose privateLinkServiceConnections "
                "name the account's id with groupIds [account]",
                account.urn,
            )


def _connects(endpoint: PolicyResource, account: PolicyResource) -> bool:
    for prop in CONNECTIONS:
        connections = items(known(endpoint.props, prop))
        groups = {group for connection in connections for group in items(known(connection, "groupIds"))}
        unknown = any(is_unknown(connection, "groupIds") for connection in connections)
        if (GROUP in groups or unknown) and refers_to(endpoint, prop, account):
            return True
    return False


POLICY = stack_policy(
    NAME,
    "Every Azure OpenAI account of a production stack must have a private endpoint.",
    validate,
    level=MANDATORY,
    severity=HIGH,
    settings=Settings,
    remediation=(
        "Add a network.PrivateEndpoint in a subnet of the callers' virtual network with a private link "
        "service connection to the account (group id account) and a DNS zone group for "
        "privatelink.openai.azure.com (in an aoai-infra stack: network.private_endpoints)."
    ),
)
