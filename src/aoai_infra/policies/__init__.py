"""aoai-infra's CrossGuard policy pack: the organisation's guardrails for Azure OpenAI, one module each.

Each module has `POLICY` (a pulumi_policy resource or stack policy with its name, description,
remediation, severity, enforcement level and config schema), its documentation as the module docstring,
and `SPEC_FIELD`, the key of an aoai-infra stack file that fixes it (where `check-policies` points).
`policies/__main__.py` assembles `POLICIES` into the pack that `pulumi preview --policy-pack policies/`
runs; `aoai-infra check-policies` runs the same objects offline. docs/policies.md is generated from here.
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
from aoai_infra.policies.policy import in_stack_file_terms

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
