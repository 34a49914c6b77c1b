"""The deployments of one account are created one after another.

Azure refuses a second create or update on an account while one is running: two deployments of one
account written at once fail with 409 RequestConflict, half-way through `pulumi up`. Pulumi runs
independent resources in parallel, so each deployment of an account must depend, directly or through
others, on every other one in some order (a chain, e.g. with `depends_on=[previous]`). This is a stack
policy: it reads the dependencies Pulumi records. Accounts are found by their dependencies or names.

aoai-infra's component chains every write to an account by name.

Imports: aoai_infra.policies.
"""

from __future__ import annotations

from aoai_infra.policies.base import (
    HIGH,
    MANDATORY,
    PolicyResource,
    Report,
    StackArgs,
    deployment_label,
    stack_policy,
)
from aoai_infra.policies.graph import account_name, deployments_by_account, waits_for

NAME = "aoai-deployments-chained"
SPEC_FIELD = None
SPEC_FIX: str | None = None


def validate(args: StackArgs, report_violation: Report) -> None:
    for account, deployments in deployments_by_account(args.resources).values():
        waits = {deployment.urn: waits_for(deployment) for deployment in deployments}
        ordered = sorted(deployments, key=_label)
        for index, deployment in enumerate(ordered):
            parallel = [
                other
                for other in ordered[:index]
                if other.urn not in waits[deployment.urn] and deployment.urn not in waits[other.urn]
            ]
            if parallel:
                owner = account_name(account) if account else "the same account"
                report_violation(
                    f"deployment '{_label(deployment)}' may run at the same time as "
                    f"{', '.join(repr(_label(other)) for other in parallel)} on {owner}, and Azure answers "
                    "409 RequestConflict; make it depend on the deployment before it (depends_on)",
                    deployment.urn,
                )


def _label(deployment: PolicyResource) -> str:
    return deployment_label(deployment.props, deployment.name)


POLICY = stack_policy(
    NAME,
    ("The model deployments of one account must depend on each other in a chain, never run in parallel."),
    validate,
    level=MANDATORY,
    severity=HIGH,
    remediation=(
        "Give each deployment of an account depends_on=[the previous deployment] (aoai-infra's "
        "AzureOpenAIStack does this), so that Pulumi creates and updates them one at a time."
    ),
)
