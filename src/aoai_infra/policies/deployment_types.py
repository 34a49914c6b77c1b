"""Deployments use only the deployment types the data residency allows (config `dataResidency`).

Global types may process prompts and completions in any Azure region, DataZone types anywhere in the
region's data zone (EU or US); Standard and ProvisionedManaged keep them in the account's region
(Microsoft Learn, deployment types). `dataResidency: datazone` refuses the Global types, `region` refuses
Global and DataZone types, `none` (the default) refuses nothing. `allowedTypes` narrows further to a list.

`aoai-infra check-policies` sets `dataResidency` from each stack's `data_residency` unless the policy
config sets it.

Imports: aoai_infra.catalog, aoai_infra.policies, aoai_infra.rules; pydantic.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aoai_infra.catalog.model import DeploymentType
from aoai_infra.policies.base import (
    DEPLOYMENT,
    HIGH,
    MANDATORY,
    Report,
    ResourceArgs,
    catalog,
    deployment_label,
    get,
    is_type,
    resource_policy,
    settings_of,
)
from aoai_infra.policies.base import Settings as Base
from aoai_infra.rules.residency import INSTEAD, forbids

NAME = "aoai-deployment-allowed-types"
SPEC_FIELD = "sku"
SPEC_FIX = "in the stack file, change sku of deployment '{name}' to an allowed deployment type"


class Settings(Base):
    data_residency: Literal["none", "datazone", "region"] = Field(
        "none", description="Where prompts and completions may be processed: none, datazone or region."
    )
    allowed_types: list[str] = Field(
        [],
        description="Deployment types (SKU names) allowed at all, e.g. DataZoneStandard; empty allows all.",
    )


def validate(args: ResourceArgs, report_violation: Report) -> None:
    if not is_type(args.resource_type, DEPLOYMENT):
        return
    settings = settings_of(args.get_config(), Settings)
    sku = get(args.props, "sku", "name")
    if not isinstance(sku, str):
        return
    deployment = deployment_label(args.props, args.name)
    allowed = {name.lower() for name in settings.allowed_types}
    if allowed and sku.lower() not in allowed:
        report_violation(
            f"deployment '{deployment}' uses {sku}, which is not an allowed deployment type; "
            f"use one of: {', '.join(settings.allowed_types)}",
            None,
        )
    if forbids(settings.data_residency, _kind(sku)):
        report_violation(
            f"deployment '{deployment}' uses {sku}, which may process data outside what dataResidency "
            f"{settings.data_residency} allows; use {INSTEAD[settings.data_residency]} instead",
            None,
        )


def _kind(sku: str) -> DeploymentType:
    found = catalog().deployment_type(sku)
    if found is not None:
        return found[1]
    # A type newer than the catalog: Azure's type names start with their scope.
    lowered = sku.lower()
    scope = (
        "global"
        if lowered.startswith("global")
        else "datazone"
        if lowered.startswith("datazone")
        else "regional"
    )
    return DeploymentType(family="standard", scope=scope, data_processing="?", source="name")


POLICY = resource_policy(
    NAME,
    (
        "Model deployments must use a deployment type that keeps data where the data residency setting "
        "requires, and one of the allowed types."
    ),
    validate,
    level=MANDATORY,
    severity=HIGH,
    settings=Settings,
    remediation=(
        "Change the deployment's sku.name to a DataZone or regional type (a new SKU replaces the "
        "deployment), and check that the model version is offered as that type in the account's region "
        "(aoai-infra catalog where MODEL)."
    ),
)
