"""Accounts have a managed identity.

An account reaches other Azure resources (customer-managed keys in Key Vault, storage for batch and fine
tuning, search indexes for grounding) as its managed identity; without one, those integrations need keys.

In an aoai-infra stack: `identity` is `system` unless set; `none` turns it off.

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

NAME = "aoai-account-managed-identity"
SPEC_FIELD = "identity"
SPEC_FIX = "in the stack file, set identity.system: true or list identity.user_assigned on account '{name}'"


def validate(args: ResourceArgs, report_violation: Report) -> None:
    if not is_type(args.resource_type, ACCOUNT):
        return
    kind = get(args.props, "identity", "type")
    account = label(args.props, args.name, "accountName")
    if not isinstance(kind, str) or kind == "None":
        report_violation(
            f"account '{account}' has no managed identity (identity.type is {kind or 'not set'}); "
            "set identity.type to SystemAssigned, or UserAssigned with userAssignedIdentities",
            None,
        )
    elif "UserAssigned" in kind and not get(args.props, "identity", "userAssignedIdentities"):
        report_violation(
            f"account '{account}' has identity.type {kind} but no userAssignedIdentities; "
            "list the identities' resource ids",
            None,
        )


POLICY = resource_policy(
    NAME,
    "Azure OpenAI accounts must have a system-assigned or user-assigned managed identity.",
    validate,
    level=MANDATORY,
    severity=MEDIUM,
    remediation=(
        "Set identity.type to SystemAssigned (or UserAssigned with the identities' resource ids in "
        "identity.userAssignedIdentities); in an aoai-infra stack remove `identity: none`."
    ),
)
