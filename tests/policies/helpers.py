"""Call policies as the Pulumi engine does, through the shim `check-policies` uses
(aoai_infra.policies.engine), on resources written as pulumi-azure-native sends them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pulumi_policy import (
    Policy,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
)

from aoai_infra.policies import engine
from aoai_infra.policies.pack import POLICIES

ACCOUNT = "azure-native:cognitiveservices:Account"
DEPLOYMENT = "azure-native:cognitiveservices:Deployment"
PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint"
DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # the engine's unknown string during a preview
RESOURCE_POLICIES = [policy for policy in POLICIES if isinstance(policy, ResourceValidationPolicy)]
STACK_POLICIES = [policy for policy in POLICIES if not isinstance(policy, ResourceValidationPolicy)]

# A compliant account and deployment, with the properties pulumi-azure-native sends on the wire.
COMPLIANT_ACCOUNT: dict[str, Any] = {
    "accountName": "oai-prod-eastus-01",
    "resourceGroupName": "rg-aoai-prod-eastus",
    "kind": "OpenAI",
    "location": "eastus",
    "sku": {"name": "S0"},
    "identity": {"type": "SystemAssigned"},
    "properties": {
        "customSubDomainName": "contoso-prod-eastus-01",
        "disableLocalAuth": True,
        "publicNetworkAccess": "Disabled",
        "networkAcls": {
            "defaultAction": "Deny",
            "bypass": "AzureServices",
            "ipRules": [],
            "virtualNetworkRules": [],
        },
        "restrictOutboundNetworkAccess": True,
    },
}
COMPLIANT_DEPLOYMENT: dict[str, Any] = {
    "accountName": "oai-prod-eastus-01",
    "deploymentName": "chat",
    "resourceGroupName": "rg-aoai-prod-eastus",
    "sku": {"name": "GlobalStandard", "capacity": 100.0},  # numbers arrive as floats
    "properties": {
        "model": {"format": "OpenAI", "name": "gpt-5.4", "version": "2026-03-05"},
        "raiPolicyName": "strict",
        "versionUpgradeOption": "OnceNewDefaultVersionAvailable",
    },
}


def urn(token: str, name: str, stack: str = "prod-eastus") -> str:
    return f"urn:pulumi:{stack}::app::{token}::{name}"


def edited(props: dict[str, Any], edit: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """A deep copy of `props` with one thing changed by `edit`."""
    changed = copy.deepcopy(props)
    edit(changed)
    return changed


def resource_args(
    token: str, props: dict[str, Any], *, stack: str = "prod-eastus", config: dict[str, Any] | None = None
) -> ResourceValidationArgs:
    name = props.get("deploymentName") or props.get("accountName") or "resource"
    return engine.resource_args(token, props, urn(token, name, stack), name, config or {})


def call(policy: Policy, args: Any) -> list[str]:
    """The messages `policy` reports; an unknown value it reads is reported as the engine does."""
    messages: list[str] = []

    def report(message: str, _urn: str | None = None) -> None:
        messages.append(message)

    cannot_judge = engine.call(policy, args, report)
    if cannot_judge is not None:
        messages.append(cannot_judge)
    return messages


def violated(
    token: str,
    props: dict[str, Any],
    *,
    stack: str = "prod-eastus",
    config: dict[str, dict[str, Any]] | None = None,
) -> dict[str, list[str]]:
    """Every resource policy of the pack on one resource: {policy name: messages} for those that report."""
    found = {}
    for policy in RESOURCE_POLICIES:
        args = resource_args(token, props, stack=stack, config=(config or {}).get(policy.name))
        messages = call(policy, args)
        if messages:
            found[policy.name] = messages
    return found


class Graph:
    """A stack's resources as `AnalyzeStack` gives them: outputs, dependencies, property dependencies."""

    def __init__(self, stack: str = "prod-eastus") -> None:
        self.stack = stack
        self.resources: list[PolicyResource] = []

    def add(
        self,
        token: str,
        name: str,
        props: dict[str, Any],
        depends_on: list[PolicyResource] | None = None,
        property_dependencies: dict[str, list[PolicyResource]] | None = None,
    ) -> PolicyResource:
        property_dependencies = property_dependencies or {}
        dependencies = list(depends_on or [])
        dependencies += [r for rs in property_dependencies.values() for r in rs if r not in dependencies]
        resource = PolicyResource(
            token,
            engine.properties(props),
            urn(token, name, self.stack),
            name,
            engine.options(),
            None,
            None,
            dependencies,
            property_dependencies,
        )
        self.resources.append(resource)
        return resource

    def violated(self, config: dict[str, dict[str, Any]] | None = None) -> dict[str, list[str]]:
        found = {}
        for policy in STACK_POLICIES:
            messages = call(
                policy, StackValidationArgs(self.resources, (config or {}).get(policy.name) or {})
            )
            if messages:
                found[policy.name] = messages
        return found
