"""Every account has a diagnostic setting that sends its logs somewhere.

Audit and request logs of an account exist only where a diagnostic setting sends them (a Log Analytics
workspace, a storage account or an event hub); without one, nobody can tell who called a deployment.
This is a stack policy: it looks for a `monitor.DiagnosticSetting` whose `resourceUri` is the account,
with a destination and at least one enabled log category or category group.

In an aoai-infra stack: `diagnostics: {workspace: ...}` on each account.

Imports: aoai_infra.policies.
"""

from __future__ import annotations

from aoai_infra.policies.base import (
    ACCOUNT,
    DIAGNOSTIC_SETTING,
    MANDATORY,
    MEDIUM,
    PolicyResource,
    Report,
    StackArgs,
    is_unknown,
    items,
    known,
    stack_policy,
)
from aoai_infra.policies.graph import account_name, of_type, refers_to

NAME = "aoai-account-diagnostic-setting"
SPEC_FIELD = "diagnostics"
SPEC_FIX = "in the stack file, set diagnostics.workspace on account '{name}'"
DESTINATIONS = ("workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId")


def validate(args: StackArgs, report_violation: Report) -> None:
    settings = of_type(args.resources, DIAGNOSTIC_SETTING)
    for account in of_type(args.resources, ACCOUNT):
        mine = [setting for setting in settings if refers_to(setting, "resourceUri", account)]
        if not mine:
            report_violation(
                f"account '{account_name(account)}' has no diagnostic setting; add a "
                "monitor.DiagnosticSetting with resourceUri set to the account's id and a workspaceId",
                account.urn,
            )
        elif not any(_sends_logs(setting) for setting in mine):
            report_violation(
                f"the diagnostic setting of account '{account_name(account)}' sends no logs; give it a "
                "workspaceId and enable the allLogs or audit category group",
                account.urn,
            )


def _sends_logs(setting: PolicyResource) -> bool:
    """A destination and an enabled log; a value not known yet (during a preview) gets the benefit."""
    props = setting.props
    has_destination = any(known(props, key) or is_unknown(props, key) for key in DESTINATIONS)
    if is_unknown(props, "logs"):
        return has_destination
    logs = items(known(props, "logs"))
    enabled = any(known(log, "enabled") is True or is_unknown(log, "enabled") for log in logs)
    return has_destination and enabled


POLICY = stack_policy(
    NAME,
    ("Every Azure OpenAI account must have a diagnostic setting that sends its logs to a destination."),
    validate,
    level=MANDATORY,
    severity=MEDIUM,
    remediation=(
        "Add a monitor.DiagnosticSetting with resourceUri = the account's id, workspaceId = a Log Analytics "
        "workspace, and logs [{categoryGroup: allLogs, enabled: true}] (in an aoai-infra stack: "
        "diagnostics.workspace on the account)."
    ),
)
