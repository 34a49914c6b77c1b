"""Accounts accept Microsoft Entra ID tokens only: API keys are disabled.

A key is a shared secret that never expires, names nobody in the logs and works from anywhere the network
allows. With `disableLocalAuth: true` every call carries an identity that role assignments grant and
revoke. Azure's default keeps keys enabled, so the property must be set.

In an aoai-infra stack: keys are off unless an account says `local_auth: true`.

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

from aoai_infra.policies.policy import ACCOUNT, get, is_type, label

NAME = "aoai-account-local-auth-disabled"
SPEC_FIELD = "local_auth"
# The same fix in an aoai-infra stack file's terms, for violations of resources a stack file declares.
SPEC_FIX = "in the stack file, remove local_auth: true from account '{name}' (keys are off by default)"


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
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


POLICY = ResourceValidationPolicy(
    name=NAME,
    description="Azure OpenAI accounts must disable API keys (local authentication).",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps=(
        "Set properties.disableLocalAuth to true on the account (in an aoai-infra stack, remove "
        "`local_auth: true`), give callers the Cognitive Services OpenAI User role, and let them "
        "authenticate with Microsoft Entra ID (DefaultAzureCredential)."
    ),
)
