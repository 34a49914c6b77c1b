"""Deployments use only the models the organisation has approved (config `allowedModels`).

An entry is a model name (`gpt-4.1`: every version) or a name and a version (`gpt-4.1@2025-04-14`).
With no `allowedModels` configured, every model is allowed.

Imports: aoai_infra.policies; pulumi_policy, pydantic.
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

from aoai_infra.policies.policy import DEPLOYMENT, config_schema, deployment_label, get, is_type, settings_of
from aoai_infra.policies.policy import Settings as Base

NAME = "aoai-deployment-allowed-models"
SPEC_FIELD = "model"
# The same fix in an aoai-infra stack file's terms, for violations of resources a stack file declares.
SPEC_FIX = "in the stack file, change model of deployment '{name}' to an allowed model"


class Settings(Base):
    allowed_models: list[str] = Field(
        [],
        description="Approved models: a name (every version) or name@version; empty allows all.",
    )


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if not is_type(args.resource_type, DEPLOYMENT):
        return
    allowed = settings_of(args.get_config(), Settings).allowed_models
    model, version = (
        get(args.props, "properties", "model", "name"),
        get(args.props, "properties", "model", "version"),
    )
    if not allowed or not isinstance(model, str):
        return
    if model in allowed or (isinstance(version, str) and f"{model}@{version}" in allowed):
        return
    shown = f"{model} {version}" if isinstance(version, str) else model
    deployment = deployment_label(args.props, args.name)
    report_violation(
        f"deployment '{deployment}' uses {shown}, which is not an approved model; "
        f"use one of: {', '.join(allowed)}",
        None,
    )


POLICY = ResourceValidationPolicy(
    name=NAME,
    description="Model deployments must use a model (and version) the organisation has approved.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    config_schema=config_schema(Settings),
    remediation_steps=(
        "Deploy an approved model instead (a new model name replaces the deployment), or ask the platform "
        "team to approve this one in the policy's allowedModels."
    ),
)
