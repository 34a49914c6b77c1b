"""Every deployment of a production stack names its content filter.

Without `raiPolicyName` a deployment gets whatever Azure's default is at the time; naming the filter
makes the choice deliberate and reviewable, and keeps it when the default changes. Azure's own filters
(`Microsoft.DefaultV2`) count unless `allowBuiltIn` is false. Applies to stacks whose name matches
`prodStacks` (default: names starting with prod).

In an aoai-infra stack: `content_filter` on each deployment.

Imports: aoai_infra.policies, aoai_infra.stack; pulumi_policy, pydantic.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
)
from pydantic import Field

from aoai_infra.policies.policy import (
    DEPLOYMENT,
    ProdSettings,
    config_schema,
    deployment_label,
    get,
    is_type,
    settings_of,
)
from aoai_infra.stack.model import is_built_in_filter

NAME = "aoai-deployment-content-filter"
SPEC_FIELD = "content_filter"
# The same fix in an aoai-infra stack file's terms, for violations of resources a stack file declares.
SPEC_FIX = (
    "in the stack file, set content_filter on deployment '{name}' (a key of content_filters, or "
    "Microsoft.DefaultV2)"
)


class Settings(ProdSettings):
    allow_built_in: bool = Field(
        True, description="Whether Azure's own filters (Microsoft.DefaultV2, ...) satisfy the policy."
    )


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if not is_type(args.resource_type, DEPLOYMENT):
        return
    settings = settings_of(args.get_config(), Settings)
    if not settings.is_prod(args.urn):
        return
    deployment = deployment_label(args.props, args.name)
    name = get(args.props, "properties", "raiPolicyName")
    if not name:
        report_violation(
            f"production deployment '{deployment}' names no content filter; set properties.raiPolicyName "
            "to the account's RAI policy (or Microsoft.DefaultV2)",
            None,
        )
    elif not settings.allow_built_in and is_built_in_filter(name):
        report_violation(
            f"production deployment '{deployment}' uses Azure's built-in filter {name}; "
            "create a RAI policy on the account and name it in properties.raiPolicyName",
            None,
        )


POLICY = ResourceValidationPolicy(
    name=NAME,
    description="Model deployments of production stacks must name their content filter (RAI policy).",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=config_schema(Settings),
    remediation_steps=(
        "Set properties.raiPolicyName on the deployment to a RAI policy of its account (in an aoai-infra "
        "stack: content_filter: <name of a content_filters entry>, or Microsoft.DefaultV2). The change "
        "applies in place."
    ),
)
