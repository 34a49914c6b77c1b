"""Accounts accept Microsoft Entra ID tokens only: API keys are disabled.

A key is a shared secret that never expires, names nobody in the logs and works from anywhere the network
allows. With `disableLocalAuth: true` every call carries an identity that role assignments grant and
revoke. Azure's default keeps keys enabled, so the property must be set.

In an aoai-infra stack: keys are off unless an account says `local_auth: true`.

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

NAME = "aoai-account-local-auth-disabled"
SPEC_FIELD = "local_auth"
SPEC_FIX = "in the stack file, remove local_auth: true from account '{name}' (keys are off by default)"


def validate(args: ResourceArgs, report_violation: Report) -> None:
    if not is_type(args.resource_type, ACCOUNT):
        return
    disabled = get(args.props, "properties", "disableLocalAuth")
    if disabled is not True:
        account = label(args.props, args.name, "accountName")
        shown = "not set (Azure's default keeps keys on)" if disabled is None else str(disabled).lower()
        report_violation(
            f"account '{account}' accepts API keys (properties.disableLocalAuth is {shown}); "
            "set properties.disableLocalAuth to true and call it with Microsoft Entra ID",
            None,
        )


POLICY = resource_policy(
    NAME,
    "Azure OpenAI accounts must disable API keys (local authentication).",
    validate,
    level=MANDATORY,
    severity=HIGH,
    remediation=(
        "Set properties.disableLocalAuth to true on the account (in an aoai-infra stack, remove "
        "`local_auth: true`), give callers the Cognitive Services OpenAI User role, and let them "
        "authenticate with Microsoft Entra ID (DefaultAzureCredential)."
    ),
)
