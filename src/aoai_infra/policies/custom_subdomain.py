"""Accounts have a custom subdomain.

Microsoft Entra ID authentication and private endpoints need the account's own endpoint
(`https://<subdomain>.openai.azure.com`); a regional shared endpoint supports neither. The subdomain
cannot be changed once set: changing it replaces the account and its endpoint.

In an aoai-infra stack: `custom_subdomain`, which defaults to the account name, is always set.

Imports: aoai_infra.policies.
"""

from __future__ import annotations

from aoai_infra.policies.base import (
    ACCOUNT,
    MANDATORY,
    MEDIUM,
    Report,
    ResourceArgs,
    get,
    is_type,
    label,
    resource_policy,
)

NAME = "aoai-account-custom-subdomain"
SPEC_FIELD = "custom_subdomain"
SPEC_FIX = "in the stack file, set custom_subdomain on account '{name}' (its name is the default)"


def validate(args: ResourceArgs, report_violation: Report) -> None:
    if not is_type(args.resource_type, ACCOUNT):
        return
    if not get(args.props, "properties", "customSubDomainName"):
        account = label(args.props, args.name, "accountName")
        report_violation(
            f"account '{account}' has no custom subdomain; set properties.customSubDomainName "
            "(for example to the account name) so that Entra ID tokens and private endpoints work",
            None,
        )


POLICY = resource_policy(
    NAME,
    ("Azure OpenAI accounts must have a custom subdomain, which Entra ID and private endpoints need."),
    validate,
    level=MANDATORY,
    severity=MEDIUM,
    remediation=(
        "Set properties.customSubDomainName to a globally unique name, usually the account name. An existing "
        "account without one is replaced to add it: plan for the new endpoint."
    ),
)
