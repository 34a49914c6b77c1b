"""A provisioned deployment spills over only to a matching pay-as-you-go deployment that exists first.

`spilloverDeploymentName` sends a provisioned deployment's overage to another deployment. Microsoft
Learn ("Manage traffic with spillover for provisioned deployments") requires that one to be a Standard-type
deployment of the same account, with the same data processing (a global provisioned deployment spills
over to a GlobalStandard one, a data zone one to DataZoneStandard, a regional one to Standard), serving
the same model and version. It must exist before the provisioned deployment names it, so the provisioned
deployment waits for it. Spillover set on a deployment that is not provisioned never happens.

This is a stack policy: it looks at the deployments of each account together.

In an aoai-infra stack: `spillover_to` on a provisioned deployment (the validator checks the same, as
AOAI413); the component creates the target first.

Imports: aoai_infra.policies.
"""

from __future__ import annotations

from aoai_infra.policies.base import (
    MANDATORY,
    MEDIUM,
    PolicyResource,
    Report,
    StackArgs,
    deployment_label,
    known,
    stack_policy,
)
from aoai_infra.policies.graph import deployments_by_account, waits_for

NAME = "aoai-deployment-spillover"
SPEC_FIELD = "spillover_to"
SPEC_FIX = (
    "in the stack file, point spillover_to of deployment '{name}' at a matching deployment (see AOAI413)"
)

_STANDARD_FOR = {
    "GlobalProvisionedManaged": "GlobalStandard",
    "DataZoneProvisionedManaged": "DataZoneStandard",
    "ProvisionedManaged": "Standard",
}


def validate(args: StackArgs, report_violation: Report) -> None:
    for _account, deployments in deployments_by_account(args.resources).values():
        by_name = {str(known(d.props, "deploymentName") or d.name).lower(): d for d in deployments}
        for deployment in deployments:
            target_name = known(deployment.props, "properties", "spilloverDeploymentName")
            if isinstance(target_name, str) and target_name:
                problem = _problem(deployment, by_name.get(target_name.lower()), target_name)
                if problem:
                    report_violation(problem, deployment.urn)


def _problem(deployment: PolicyResource, target: PolicyResource | None, target_name: str) -> str | None:
    label = deployment_label(deployment.props, deployment.name)
    sku = known(deployment.props, "sku", "name")
    wanted = _STANDARD_FOR.get(str(sku))
    if wanted is None:
        return f"deployment '{label}' ({sku}) sets spilloverDeploymentName, which only provisioned types use"
    if target is None:
        return (
            f"deployment '{label}' spills over to '{target_name}', which is not a deployment of its account"
        )
    target_sku = known(target.props, "sku", "name")
    if target_sku != wanted:
        return f"deployment '{label}' ({sku}) spills over to a {target_sku} deployment; it must be {wanted}"
    if _model(deployment) != _model(target):
        return f"deployment '{label}' spills over to '{target_name}', which serves another model or version"
    if target.urn not in waits_for(deployment):
        return f"deployment '{label}' does not wait for its spillover deployment '{target_name}' (depends_on)"
    return None


def _model(deployment: PolicyResource) -> tuple[object, object]:
    props = deployment.props
    return known(props, "properties", "model", "name"), known(props, "properties", "model", "version")


POLICY = stack_policy(
    NAME,
    "Provisioned deployments spill over only to a matching Standard deployment of their account.",
    validate,
    level=MANDATORY,
    severity=MEDIUM,
    remediation=(
        "Set spilloverDeploymentName only on provisioned deployments, to a deployment of the same account "
        "of the matching Standard type (GlobalStandard for GlobalProvisionedManaged, DataZoneStandard for "
        "DataZoneProvisionedManaged, Standard for ProvisionedManaged) and the same model and version, and "
        "make the provisioned deployment depend on it."
    ),
)
