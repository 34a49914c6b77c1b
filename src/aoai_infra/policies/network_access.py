"""Accounts are not open to the internet: public network access is disabled, or the network ACLs deny by
default and allow explicit IP or virtual network rules.

Azure's defaults (`publicNetworkAccess` Enabled, `networkAcls` absent) let any address on the internet
reach the endpoint. A deny-by-default ACL without a single rule admits nobody but trusted Azure services,
so it is refused too: say what you mean with `publicNetworkAccess: Disabled`.

In an aoai-infra stack: `network.public_access` is false unless set; with `public_access: true` keep
`default_action: Deny` and list `ip_rules` or `vnet_rules`.

Imports: aoai_infra.policies.
"""

from __future__ import annotations

from aoai_infra.policies.base import (
    ACCOUNT,
    HIGH,
    MANDATORY,
    Report,
    ResourceArgs,
    get,
    is_type,
    label,
    resource_policy,
)

NAME = "aoai-account-network-restricted"
SPEC_FIELD = "network"
SPEC_FIX = (
    "in the stack file, set network.public_access: false on account '{name}', or keep "
    "network.default_action: Deny with only the ip_rules and vnet_rules you need"
)


def validate(args: ResourceArgs, report_violation: Report) -> None:
    if not is_type(args.resource_type, ACCOUNT):
        return
    properties = get(args.props, "properties")
    if get(properties, "publicNetworkAccess") == "Disabled":
        return
    account = label(args.props, args.name, "accountName")
    action = get(properties, "networkAcls", "defaultAction") or "Allow"
    # Count the rules without reading them: a rule computed during a preview is still a rule.
    rules = sum(len(get(properties, "networkAcls", key) or ()) for key in ("ipRules", "virtualNetworkRules"))
    if action != "Deny":
        report_violation(
            f"account '{account}' is reachable from any network (publicNetworkAccess is not Disabled and "
            f"networkAcls.defaultAction is {action}); set publicNetworkAccess to Disabled, or "
            "networkAcls.defaultAction to Deny with the ipRules or virtualNetworkRules that need access",
            None,
        )
    elif not rules:
        report_violation(
            f"account '{account}' keeps public network access Enabled but its ACL denies every address "
            "(no ipRules or virtualNetworkRules); set publicNetworkAccess to Disabled, or list the rules",
            None,
        )


POLICY = resource_policy(
    NAME,
    (
        "Azure OpenAI accounts must disable public network access, or deny it by default and allow only "
        "explicit IP or virtual network rules."
    ),
    validate,
    level=MANDATORY,
    severity=HIGH,
    remediation=(
        "Set properties.publicNetworkAccess to Disabled and reach the account through a private endpoint; "
        "or keep it Enabled with properties.networkAcls.defaultAction Deny and ipRules or "
        "virtualNetworkRules for the networks that call it."
    ),
)
