"""Production accounts restrict outbound network access.

With `restrictOutboundNetworkAccess: true` an account calls out only to the FQDNs in `allowedFqdnList`
(for example a search service used for grounding), so a prompt cannot make it fetch from anywhere else.
Applies to stacks whose name matches `prodStacks` (default: names starting with prod).

In an aoai-infra stack: `network.restrict_outbound` is true unless set; list `allowed_fqdns`.

Imports: aoai_infra.policies; pulumi_policy.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
)

from aoai_infra.policies.policy import ACCOUNT, ProdSettings, config_schema, get, is_type, label, settings_of

NAME = "aoai-account-outbound-restricted"
SPEC_FIELD = "network"
# The same fix in an aoai-infra stack file's terms, for violations of resources a stack file declares.
SPEC_FIX = (
    "in the stack file, set network.restrict_outbound: true and list network.allowed_fqdns on "
    "account '{name}'"
)
Settings = ProdSettings


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
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


POLICY = ResourceValidationPolicy(
    name=NAME,
    description="Azure OpenAI accounts of production stacks must restrict outbound network access.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=config_schema(Settings),
    remediation_steps=(
        "Set properties.restrictOutboundNetworkAccess to true and properties.allowedFqdnList to the hosts "
        "the account needs (in an aoai-infra stack: network.restrict_outbound and network.allowed_fqdns)."
    ),
)
