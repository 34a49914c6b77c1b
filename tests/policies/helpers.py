"""Call policies as the Pulumi engine does: props deserialized from the wire and wrapped with
`unknown_checking_proxy`, a `report_violation` callback, awaitables awaited, `UnknownValueError` caught."""

from __future__ import annotations

import asyncio
import copy
import inspect
from collections.abc import Callable
from typing import Any

from pulumi_policy import (
    Policy,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
)
from pulumi_policy.deserialize import deserialize_properties
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

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


def _options() -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)


def resource_args(
    token: str, props: dict[str, Any], *, stack: str = "prod-eastus", config: dict[str, Any] | None = None
) -> ResourceValidationArgs:
    name = props.get("deploymentName") or props.get("accountName") or "resource"
    wrapped = unknown_checking_proxy(deserialize_properties(copy.deepcopy(props)))
    return ResourceValidationArgs(
        token, wrapped, urn(token, name, stack), name, _options(), None, config or {}
    )


def call(policy: Policy, args: Any) -> list[str]:
    """The messages `policy` reports; an unknown value it reads is reported as the engine does."""
    messages: list[str] = []
    try:
        result = policy.validate(args, lambda message, _urn=None: messages.append(message))  # type: ignore[attr-defined]
        if inspect.isawaitable(result):
            asyncio.run(_await(result))
    except UnknownValueError as error:
        messages.append(f"can't run during preview: {error.message}")
    return messages


async def _await(result: Any) -> None:
    await result


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
            unknown_checking_proxy(deserialize_properties(copy.deepcopy(props))),
            urn(token, name, self.stack),
            name,
            _options(),
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
