"""The policy pack: every policy module in the order users meet them, assembled as the engine runs them.

`POLICIES` is what `policies/__main__.py` hands to `PolicyPack` and what `aoai-infra check-policies`
runs offline; `BY_NAME` finds a policy's module by its name.

Imports: aoai_infra.policies; pulumi_policy.
"""

from __future__ import annotations

from types import ModuleType

from pulumi_policy import Policy

from aoai_infra.policies import (
    allowed_models,
    allowed_regions,
    content_filter,
    custom_subdomain,
    deployment_types,
    deployments_chained,
    diagnostic_setting,
    local_auth,
    managed_identity,
    max_capacity,
    model_offered,
    network_access,
    outbound_access,
    private_endpoint,
    spillover,
    version_upgrade,
)
from aoai_infra.policies.base import in_stack_file_terms

PACK_NAME = "aoai-infra"

MODULES: tuple[ModuleType, ...] = (
    local_auth,
    network_access,
    custom_subdomain,
    managed_identity,
    outbound_access,
    private_endpoint,
    diagnostic_setting,
    allowed_regions,
    allowed_models,
    deployment_types,
    max_capacity,
    content_filter,
    version_upgrade,
    model_offered,
    deployments_chained,
    spillover,
)
POLICIES: tuple[Policy, ...] = tuple(
    in_stack_file_terms(module.POLICY, module.SPEC_FIX) for module in MODULES
)
BY_NAME: dict[str, ModuleType] = {module.POLICY.name: module for module in MODULES}

__all__ = ["BY_NAME", "MODULES", "PACK_NAME", "POLICIES"]
