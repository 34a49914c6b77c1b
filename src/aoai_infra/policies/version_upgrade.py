"""Deployments upgrade their model version: `versionUpgradeOption` is not NoAutoUpgrade unless allowed.

A deployment set to NoAutoUpgrade stops working when its version retires; OnceCurrentVersionExpired
keeps the pinned version as long as it lives and then moves to the default (Microsoft Learn, model
versions). Provisioned deployment types are exempt: automatic updates are supported only for the
Standard types (Microsoft Learn, working with models). `allowNoAutoUpgrade` turns the policy off for all
deployments, `exemptModels` for the named models.

Imports: aoai_infra.policies; pydantic.
"""

from __future__ import annotations

from pydantic import Field

from aoai_infra.policies.base import (
    ADVISORY,
    DEPLOYMENT,
    MEDIUM,
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

NAME = "aoai-deployment-version-upgrade"
SPEC_FIELD = "upgrade"
SPEC_FIX = (
    "in the stack file, remove upgrade: NoAutoUpgrade from deployment '{name}' "
    "(OnceCurrentVersionExpired is the default)"
)


class Settings(Base):
    allow_no_auto_upgrade: bool = Field(False, description="Allow NoAutoUpgrade on every deployment.")
    exempt_models: list[str] = Field([], description="Models whose deployments may use NoAutoUpgrade.")


def validate(args: ResourceArgs, report_violation: Report) -> None:
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


POLICY = resource_policy(
    NAME,
    ("Standard model deployments must not use NoAutoUpgrade, which stops them when the version retires."),
    validate,
    level=ADVISORY,
    severity=MEDIUM,
    settings=Settings,
    remediation=(
        "Set properties.versionUpgradeOption to OnceCurrentVersionExpired to keep the version until it "
        "retires, or OnceNewDefaultVersionAvailable; in an aoai-infra stack, `upgrade:`."
    ),
)
