"""Deployments use only the models the organisation has approved (config `allowedModels`).

An entry is a model name (`gpt-4.1`: every version) or a name and a version (`gpt-4.1@2025-04-14`).
With no `allowedModels` configured, every model is allowed.

Imports: aoai_infra.policies; pydantic.
"""

from __future__ import annotations

from pydantic import Field

from aoai_infra.policies.base import (
    DEPLOYMENT,
    MANDATORY,
    MEDIUM,
    Report,
    ResourceArgs,
    deployment_label,
    get,
    is_type,
    resource_policy,
    settings_of,
)
from aoai_infra.policies.base import Settings as Base

NAME = "aoai-deployment-allowed-models"
SPEC_FIELD = "model"
SPEC_FIX = "in the stack file, change model of deployment '{name}' to an allowed model"


class Settings(Base):
    allowed_models: list[str] = Field(
        [],
        description="Approved models: a name (every version) or name@version; empty allows all.",
    )


def validate(args: ResourceArgs, report_violation: Report) -> None:
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


POLICY = resource_policy(
    NAME,
    "Model deployments must use a model (and version) the organisation has approved.",
    validate,
    level=MANDATORY,
    severity=MEDIUM,
    settings=Settings,
    remediation=(
        "Deploy an approved model instead (a new model name replaces the deployment), or ask the platform "
        "team to approve this one in the policy's allowedModels."
    ),
)
