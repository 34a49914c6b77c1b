"""Production accounts restrict outbound network access.

With `restrictOutboundNetworkAccess: true` an account calls out only to the FQDNs in `allowedFqdnList`
(for example a search service used for grounding), so a prompt cannot make it fetch from anywhere else.
Applies to stacks whose name matches `prodStacks` (default: names starting with prod).

In an aoai-infra stack: `network.restrict_outbound` is true unless set; list `allowed_fqdns`.

Imports: aoai_infra.policies.
"""

from __future__ import annotations

from aoai_infra.policies.base import (
    ACCOUNT,
    HIGH,
    MANDATORY,
    ProdSettings,
    Report,
    ResourceArgs,
    get,
    is_type,
    label,
    resource_policy,
    settings_of,
)

NAME = "aoai-account-outbound-restricted"
SPEC_FIELD = "network"
SPEC_FIX = (
    "in the stack file, set network.restrict_outbound: true and list network.allowed_fqdns on "
    "account '{name}'"
)
Settings = ProdSettings


def validate(args: ResourceArgs, report_violation: Report) -> None:
    if not is_type(args.resource_type, ACCOUNT):
        return
    if not settings_of(args.get_config(), Settings).is_prod(args.urn):
        return
    if get(args.props, "properties", "restrictOutboundNetworkAccess") is not True:
        account = label(args.props, args.name, "accountName")
        report_violation(
            f"production account '{account}' may call out to any address; set "
            "properties.restrictOutboundNetworkAccess to true and list what it may reach in allowedFqdnList",
            None,
        )


POLICY = resource_policy(
    NAME,
    "Azure OpenAI accounts of production stacks must restrict outbound network access.",
    validate,
    level=MANDATORY,
    severity=HIGH,
    settings=Settings,
    remediation=(
        "Set properties.restrictOutboundNetworkAccess to true and properties.allowedFqdnList to the hosts "
        "the account needs (in an aoai-infra stack: network.restrict_outbound and network.allowed_fqdns)."
    ),
)
