"""Deployments upgrade their model version: `versionUpgradeOption` is not NoAutoUpgrade unless allowed.

A deployment set to NoAutoUpgrade stops working when its version retires; OnceCurrentVersionExpired
keeps the pinned version as long as it lives and then moves to the default (Microsoft Learn, model
versions). Provisioned deployment types are exempt: automatic updates are supported only for the
Standard types (Microsoft Learn, working with models). `allowNoAutoUpgrade` turns the policy off for all
deployments, `exemptModels` for the named models.

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

from aoai_infra.policies.policy import (
    DEPLOYMENT,
    catalog,
    config_schema,
    deployment_label,
    get,
    is_type,
    settings_of,
)
from aoai_infra.policies.policy import Settings as Base

NAME = "aoai-deployment-version-upgrade"
SPEC_FIELD = "upgrade"
# The same fix in an aoai-infra stack file's terms, for violations of resources a stack file declares.
SPEC_FIX = (
    "in the stack file, remove upgrade: NoAutoUpgrade from deployment '{name}' "
    "(OnceCurrentVersionExpired is the default)"
)


class Settings(Base):
    allow_no_auto_upgrade: bool = Field(False, description="Allow NoAutoUpgrade on every deployment.")
    exempt_models: list[str] = Field([], description="Models whose deployments may use NoAutoUpgrade.")


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if not is_type(args.resource_type, DEPLOYMENT):
        return
    if get(args.props, "properties", "versionUpgradeOption") != "NoAutoUpgrade":
        return
    settings = settings_of(args.get_config(), Settings)
    model, sku = get(args.props, "properties", "model", "name"), get(args.props, "sku", "name")
    if settings.allow_no_auto_upgrade or model in settings.exempt_models or _provisioned(sku):
        return
    report_violation(
        f"deployment '{deployment_label(args.props, args.name)}' never upgrades its model version and stops "
        "working when that version retires; set properties.versionUpgradeOption to "
        "OnceCurrentVersionExpired (or OnceNewDefaultVersionAvailable)",
        None,
    )


def _provisioned(sku: object) -> bool:
    found = catalog().deployment_type(sku) if isinstance(sku, str) else None
    return found is not None and found[1].family == "provisioned"


POLICY = ResourceValidationPolicy(
    name=NAME,
    description=(
        "Standard model deployments must not use NoAutoUpgrade, which stops them when the version retires."
    ),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    config_schema=config_schema(Settings),
    remediation_steps=(
        "Set properties.versionUpgradeOption to OnceCurrentVersionExpired to keep the version until it "
        "retires, or OnceNewDefaultVersionAvailable; in an aoai-infra stack, `upgrade:`."
    ),
)
