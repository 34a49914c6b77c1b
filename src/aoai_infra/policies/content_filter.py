"""Every deployment of a production stack names its content filter.

Without `raiPolicyName` a deployment gets whatever Azure's default is at the time; naming the filter
makes the choice deliberate and reviewable, and keeps it when the default changes. Azure's own filters
(`Microsoft.DefaultV2`) count unless `allowBuiltIn` is false. Applies to stacks whose name matches
`prodStacks` (default: names starting with prod).

In an aoai-infra stack: `content_filter` on each deployment.

Imports: aoai_infra.policies, aoai_infra.stack; pydantic.
"""

from __future__ import annotations

from pydantic import Field

from aoai_infra.policies.base import (
    DEPLOYMENT,
    HIGH,
    MANDATORY,
    ProdSettings,
    Report,
    ResourceArgs,
    deployment_label,
    get,
    is_type,
    resource_policy,
    settings_of,
)
from aoai_infra.stack.model import is_built_in_filter

NAME = "aoai-deployment-content-filter"
SPEC_FIELD = "content_filter"
SPEC_FIX = (
    "in the stack file, set content_filter on deployment '{name}' (a key of content_filters, or "
    "Microsoft.DefaultV2)"
)


class Settings(ProdSettings):
    allow_built_in: bool = Field(
        True, description="Whether Azure's own filters (Microsoft.DefaultV2, ...) satisfy the policy."
    )


def validate(args: ResourceArgs, report_violation: Report) -> None:
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


POLICY = resource_policy(
    NAME,
    "Model deployments of production stacks must name their content filter (RAI policy).",
    validate,
    level=MANDATORY,
    severity=HIGH,
    settings=Settings,
    remediation=(
        "Set properties.raiPolicyName on the deployment to a RAI policy of its account (in an aoai-infra "
        "stack: content_filter: <name of a content_filters entry>, or Microsoft.DefaultV2). The change "
        "applies in place."
    ),
)
