"""`AzureOpenAIStack`: a Pulumi component that creates everything one validated stack declares.

It registers exactly the resources `aoai_infra.stack.resources.stack_resources` lists, in that order,
with the dependencies the list names (see there for why Azure needs them), each through the provider of
its subscription, with `delete_before_replace` (every resource here has a fixed Azure name, so a
replacement cannot create the new one first: Azure's PUT would update the old resource in place, and the
delete after it would remove it).

Imports: aoai_infra.provision, aoai_infra.stack; pulumi, pulumi_azure_native.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_azure_native as azure_native
from pulumi_azure_native import authorization, cognitiveservices, monitor, network, resources

from aoai_infra.provision.providers import provider_args
from aoai_infra.stack import naming
from aoai_infra.stack.model import StackSpec
from aoai_infra.stack.resources import Key, Kind, Ref, Resource, stack_resources

COMPONENT_TYPE = naming.COMPONENT_TYPE

# The pulumi-azure-native class of each kind of resource.
CLASSES: dict[Kind, Any] = {
    "resource_group": resources.ResourceGroup,
    "account": cognitiveservices.Account,
    "content_filter": cognitiveservices.RaiPolicy,
    "deployment": cognitiveservices.Deployment,
    "private_endpoint": network.PrivateEndpoint,
    "dns_zone_group": network.PrivateDnsZoneGroup,
    "role_assignment": authorization.RoleAssignment,
    "diagnostic_setting": monitor.DiagnosticSetting,
}


@dataclass
class AccountResources:
    """What was created for one account, for programs that build on the component."""

    account: cognitiveservices.Account
    content_filters: dict[str, cognitiveservices.RaiPolicy] = field(default_factory=dict)
    deployments: dict[str, cognitiveservices.Deployment] = field(default_factory=dict)
    private_endpoints: dict[str, network.PrivateEndpoint] = field(default_factory=dict)
    role_assignments: list[authorization.RoleAssignment] = field(default_factory=list)
    diagnostic_setting: monitor.DiagnosticSetting | None = None


class AzureOpenAIStack(pulumi.ComponentResource):
    """The accounts, deployments, content filters, private endpoints, roles and diagnostics of a stack.

    `spec` must have passed `aoai-infra validate` (see `aoai_infra.provision.program.load_validated`).
    `production` (aoai_infra.stack.production) is the default of `protect` for the accounts and the
    resource group.
    """

    resource_group_name: pulumi.Input[str]
    accounts: dict[str, AccountResources]
    outputs: pulumi.Output[dict[str, Any]]

    def __init__(
        self, name: str, spec: StackSpec, *, production: bool, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(COMPONENT_TYPE, name, None, opts)
        self._providers: dict[str, azure_native.Provider] = {}
        self._created: dict[Key, pulumi.CustomResource] = {}
        self.resource_group_name = spec.resource_group.name
        self.accounts = {}
        for resource in stack_resources(spec, production):
            self._register(resource)
        self.outputs = pulumi.Output.from_input(
            {name: _account_outputs(created) for name, created in self.accounts.items()}
        )
        self.register_outputs({"accounts": self.outputs})

    def _register(self, resource: Resource) -> None:
        opts = pulumi.ResourceOptions(
            parent=self,
            delete_before_replace=True,
            provider=self._provider_for(resource.subscription),
            protect=resource.protect or None,
            depends_on=[self._created[key] for key in resource.depends_on] or None,
        )
        created = CLASSES[resource.kind](resource.name, **self._inputs(resource.args), opts=opts)
        self._created[resource.key] = created
        self._keep(resource, created)

    def _inputs(self, value: Any) -> Any:
        """The arguments with each Ref replaced by the output it names, so that Pulumi tracks it."""
        if isinstance(value, Ref):
            return getattr(self._created[value.key], value.attribute)
        if isinstance(value, Mapping):
            return {name: self._inputs(item) for name, item in value.items()}
        if isinstance(value, list):
            return [self._inputs(item) for item in value]
        return value

    def _keep(self, resource: Resource, created: Any) -> None:
        """Keep what was created where programs that build on the component find it."""
        if resource.kind == "resource_group":
            self.resource_group_name = created.name
            return
        if resource.kind == "account":
            self.accounts[resource.name] = AccountResources(created)
            return
        kept = self.accounts[resource.account or ""]
        own = resource.name.split("/", 1)[-1]  # the name within the account (naming.child)
        if resource.kind == "content_filter":
            kept.content_filters[own] = created
        elif resource.kind == "deployment":
            kept.deployments[own] = created
        elif resource.kind == "private_endpoint":
            kept.private_endpoints[own] = created
        elif resource.kind == "role_assignment":
            kept.role_assignments.append(created)
        elif resource.kind == "diagnostic_setting":
            kept.diagnostic_setting = created

    def _provider_for(self, subscription: str) -> azure_native.Provider:
        """The provider for one subscription (aoai_infra.provision.providers), made once."""
        key = subscription.lower()
        if key not in self._providers:
            self._providers[key] = azure_native.Provider(
                f"{self.pulumi_resource_name}-{key}",
                **provider_args(subscription),
                opts=pulumi.ResourceOptions(parent=self),
            )
        return self._providers[key]


def _account_outputs(created: AccountResources) -> dict[str, Any]:
    """What a stack exports per account: its id, endpoint and deployments; never a key."""
    return {
        "id": created.account.id,
        "endpoint": created.account.properties.endpoint,
        "deployments": {
            name: {
                "model": deployment.properties.model.name,
                "version": deployment.properties.model.version,
                "sku": deployment.sku.name,
                "capacity": deployment.sku.capacity,
            }
            for name, deployment in created.deployments.items()
        },
    }
