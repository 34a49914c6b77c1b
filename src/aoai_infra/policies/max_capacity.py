"""Deployments stay within the capacity the organisation allows per deployment (config `maxCapacity`).

Capacity is in units of 1,000 tokens per minute for the Standard types and in PTUs for the provisioned
ones, and it is what quota and, for provisioned types, the bill are counted in. `maxCapacity` (default
1000) bounds every deployment; `maxCapacityByType` sets another bound for named deployment types, e.g.
`{"GlobalProvisionedManaged": 100}`.

Imports: aoai_infra.policies; pydantic.
"""

from __future__ import annotations

from pydantic import Field, NonNegativeInt

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

NAME = "aoai-deployment-max-capacity"
SPEC_FIELD = "capacity"
SPEC_FIX = "in the stack file, lower capacity of deployment '{name}'"


class Settings(Base):
    max_capacity: NonNegativeInt = Field(1000, description="The largest capacity of any one deployment.")
    max_capacity_by_type: dict[str, NonNegativeInt] = Field(
        {},
        description='Another bound for these deployment types (SKU names), e.g. {"ProvisionedManaged": 100}.',
    )

    def bound(self, sku: str) -> int:
        by_type = {name.lower(): value for name, value in self.max_capacity_by_type.items()}
        return by_type.get(sku.lower(), self.max_capacity)


def validate(args: ResourceArgs, report_violation: Report) -> None:
    if not is_type(args.resource_type, DEPLOYMENT):
        return
    capacity, sku = get(args.props, "sku", "capacity"), get(args.props, "sku", "name")
    if not isinstance(capacity, int | float) or not isinstance(sku, str):
        return
    bound = settings_of(args.get_config(), Settings).bound(sku)
    if capacity > bound:
        report_violation(
            f"deployment '{deployment_label(args.props, args.name)}' asks for {capacity:g} of {sku}, more "
            f"than the {bound} allowed per deployment; lower sku.capacity, or split the load over "
            "deployments in other regions",
            None,
        )


POLICY = resource_policy(
    NAME,
    ("Model deployments must not ask for more capacity than the organisation allows per deployment."),
    validate,
    level=MANDATORY,
    severity=MEDIUM,
    settings=Settings,
    remediation=(
        "Lower sku.capacity to the allowed bound (capacity changes in place), or ask the platform team to "
        "raise maxCapacity or maxCapacityByType for this deployment type."
    ),
)
