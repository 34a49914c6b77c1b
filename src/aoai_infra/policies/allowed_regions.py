"""Accounts are created only in the regions the organisation allows (config `allowedRegions`).

Data protection agreements, latency budgets and reserved capacity tie an organisation to some regions.
Names are compared as Azure location names (`East US` and `eastus` are the same). With no
`allowedRegions` configured, every region is allowed.

Imports: aoai_infra.policies; pydantic.
"""

from __future__ import annotations

from pydantic import Field

from aoai_infra.policies.base import (
    ACCOUNT,
    HIGH,
    MANDATORY,
    Report,
    ResourceArgs,
    get,
    is_type,
    label,
    resource_policy,
    settings_of,
)
from aoai_infra.policies.base import Settings as Base

NAME = "aoai-account-allowed-regions"
SPEC_FIELD = "location"
SPEC_FIX = (
    "in the stack file, set location on account '{name}' (or the stack's location) to an allowed region"
)


class Settings(Base):
    allowed_regions: list[str] = Field(
        [],
        description="Azure location names where accounts may be created, e.g. eastus; empty allows all.",
    )


def validate(args: ResourceArgs, report_violation: Report) -> None:
    if not is_type(args.resource_type, ACCOUNT):
        return
    allowed = [_location(region) for region in settings_of(args.get_config(), Settings).allowed_regions]
    location = get(args.props, "location")
    if not allowed or not isinstance(location, str) or _location(location) in allowed:
        return
    account = label(args.props, args.name, "accountName")
    report_violation(
        f"account '{account}' is in '{location}', which is not an allowed region; "
        f"use one of: {', '.join(allowed)}",
        None,
    )


def _location(name: str) -> str:
    return name.replace(" ", "").lower()


POLICY = resource_policy(
    NAME,
    "Azure OpenAI accounts must be created in one of the regions the organisation allows.",
    validate,
    level=MANDATORY,
    severity=HIGH,
    settings=Settings,
    remediation=(
        "Move the account to an allowed region (a new location replaces the account), or ask the platform "
        "team to add the region to the policy's allowedRegions."
    ),
)
