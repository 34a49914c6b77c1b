"""`AzureOpenAIStack`: a Pulumi component that creates everything one validated stack declares.

Order matters to Azure, so dependencies are explicit:
- every write to one account runs one after another (Azure answers parallel operations on one account
  with 409 RequestConflict): its content filters, then its deployments, then its private endpoints, each
  waiting for the one before, in the order of their names (so that YAML order changes nothing);
- the first of them waits for the account; the first deployment therefore also waits for the content
  filters, and every deployment names the filters it uses as dependencies too;
- private endpoints wait for the account and all its deployments (an endpoint created while the account
  is still `Accepted` fails with AccountProvisioningStateInvalid);
- different accounts do not wait for each other, so they provision in parallel.

Role assignments and the diagnostic setting are not writes to the account and only wait for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi
import pulumi_azure_native as azure_native
from pulumi_azure_native import authorization, cognitiveservices, monitor, network, resources

from aoai_infra.provision import naming, private_endpoints
from aoai_infra.provision.account import account_args, is_protected, tags
from aoai_infra.provision.content_filters import rai_policy_args
from aoai_infra.provision.deployments import deployment_args, in_creation_order
from aoai_infra.provision.diagnostics import diagnostic_setting_args
from aoai_infra.provision.private_endpoints import (
    dns_zone_group_args,
    endpoint_args,
    named_endpoints,
    service_connection,
)
from aoai_infra.provision.providers import provider_args
from aoai_infra.provision.role_assignments import logical_name, role_assignment_args
from aoai_infra.spec import Account, PrivateEndpoint, StackSpec

COMPONENT_TYPE = naming.COMPONENT_TYPE


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
    `production` (aoai_infra.production) is the default of `protect` for the accounts and resource group.
    """

    resource_group_name: pulumi.Input[str]
    accounts: dict[str, AccountResources]
    outputs: pulumi.Output[dict[str, Any]]

    def __init__(
        self, name: str, spec: StackSpec, *, production: bool, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(COMPONENT_TYPE, name, None, opts)
        self._spec = spec
        self._production = production
        self._providers: dict[str, azure_native.Provider] = {}
        self.resource_group_name = self._resource_group()
        self.accounts = {
            account.name: self._account(account)
            for account in sorted(spec.accounts, key=lambda account: account.name)
        }
        self.outputs = pulumi.Output.from_input(
            {name: _account_outputs(created) for name, created in self.accounts.items()}
        )
        self.register_outputs({"accounts": self.outputs})

    def _opts(self, subscription: str | None = None, **options: Any) -> pulumi.ResourceOptions:
        # Every resource here has a fixed Azure name, so a replacement cannot create the new one first:
        # Azure's PUT would update the old resource in place, and the delete after it would remove it.
        provider = self._provider_for(subscription or self._spec.subscription_id)
        return pulumi.ResourceOptions(parent=self, delete_before_replace=True, provider=provider, **options)

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

    def _resource_group(self) -> pulumi.Input[str]:
        group = self._spec.resource_group
        if not group.create:
            return group.name  # an existing group is only referred to by name
        created = resources.ResourceGroup(
            group.name,
            resource_group_name=group.name,
            location=self._spec.location,
            tags=self._spec.tags,
            opts=self._opts(protect=self._production),
        )
        name: pulumi.Output[str] = created.name
        return name

    def _account(self, account: Account) -> AccountResources:
        created = AccountResources(
            cognitiveservices.Account(
                account.name,
                resource_group_name=self.resource_group_name,
                **account_args(self._spec, account),
                opts=self._opts(protect=is_protected(account, self._production)),
            )
        )
        last_write = self._content_filters(account, created, created.account)
        last_write = self._deployments(account, created, last_write)
        self._private_endpoints(account, created, last_write)
        self._role_assignments(account, created)
        self._diagnostics(account, created)
        return created

    def _content_filters(
        self, account: Account, created: AccountResources, previous: pulumi.Resource
    ) -> pulumi.Resource:
        for filter_name in naming.used_filters(account):
            previous = created.content_filters[filter_name] = cognitiveservices.RaiPolicy(
                naming.child(account, filter_name),
                account_name=account.name,
                resource_group_name=self.resource_group_name,
                **rai_policy_args(filter_name, self._spec.content_filters[filter_name]),
                opts=self._opts(depends_on=[previous]),
            )
        return previous

    def _deployments(
        self, account: Account, created: AccountResources, previous: pulumi.Resource
    ) -> pulumi.Resource:
        for deployment in in_creation_order(account.deployments):
            # The content filter it uses, and the deployment it spills over to, must exist first.
            needs = [
                created.content_filters.get(deployment.content_filter or ""),
                created.deployments.get(deployment.spillover_to or ""),
            ]
            previous = created.deployments[deployment.name] = cognitiveservices.Deployment(
                naming.child(account, deployment.name),
                account_name=account.name,
                resource_group_name=self.resource_group_name,
                **deployment_args(deployment),
                opts=self._opts(depends_on=_unique(created.account, previous, *(n for n in needs if n))),
            )
        return previous

    def _private_endpoints(
        self, account: Account, created: AccountResources, previous: pulumi.Resource
    ) -> None:
        for name, endpoint in named_endpoints(account):
            waits_for = [created.account, *created.deployments.values(), previous]
            subscription = private_endpoints.subscription(endpoint)
            group = self._endpoint_group(endpoint)
            pe = created.private_endpoints[name] = network.PrivateEndpoint(
                naming.child(account, name),
                resource_group_name=group,
                **endpoint_args(name, private_endpoints.location(self._spec, account, endpoint), endpoint),
                private_link_service_connections=[service_connection(name, created.account.id)],
                tags=tags(self._spec, account),
                opts=self._opts(subscription, depends_on=_unique(*waits_for)),
            )
            if endpoint.dns_zones:
                network.PrivateDnsZoneGroup(
                    naming.child(account, name, "dns"),
                    resource_group_name=group,
                    private_endpoint_name=pe.name,
                    **dns_zone_group_args(endpoint),
                    opts=self._opts(subscription),
                )
            previous = pe

    def _endpoint_group(self, endpoint: PrivateEndpoint) -> pulumi.Input[str]:
        """The endpoint's own resource group, else the stack's (the created one, so that it waits for it)."""
        return endpoint.resource_group or self.resource_group_name

    def _role_assignments(self, account: Account, created: AccountResources) -> None:
        for assignment in account.roles:
            created.role_assignments.append(
                authorization.RoleAssignment(
                    logical_name(account, assignment),
                    scope=created.account.id,
                    **role_assignment_args(self._spec, account, assignment),
                    opts=self._opts(),
                )
            )

    def _diagnostics(self, account: Account, created: AccountResources) -> None:
        if account.diagnostics is None:
            return
        created.diagnostic_setting = monitor.DiagnosticSetting(
            naming.child(account, "diagnostics"),
            resource_uri=created.account.id,
            **diagnostic_setting_args(account.diagnostics),
            opts=self._opts(),
        )


def _unique(*resources: pulumi.Resource) -> list[pulumi.Resource]:
    return list(dict.fromkeys(resources))


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
