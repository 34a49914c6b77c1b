"""Where in the stack file each resource the component creates is declared.

Keys are (resource type name, Pulumi logical name) as `AzureOpenAIStack` registers them, e.g.
("Deployment", "oai-prod-eastus-01/chat"); values are paths into the stack document, which a source map
turns into a line and column. `check-policies` uses this to point at the YAML behind a violation. Like
`naming`, this module imports no Pulumi.
"""

from __future__ import annotations

from aoai_infra.provision import naming
from aoai_infra.provision.private_endpoints import named_endpoints
from aoai_infra.provision.role_assignments import logical_name
from aoai_infra.sourcemap import PathItem
from aoai_infra.spec import StackSpec

Declarations = dict[tuple[str, str], tuple[PathItem, ...]]


def declarations(spec: StackSpec) -> Declarations:
    found: Declarations = {("ResourceGroup", spec.resource_group.name): ("resource_group",)}
    for index, account in enumerate(spec.accounts):
        at: tuple[PathItem, ...] = ("accounts", index)
        found[("Account", account.name)] = at
        for filter_name in naming.used_filters(account):
            found[("RaiPolicy", naming.child(account, filter_name))] = ("content_filters", filter_name)
        for number, deployment in enumerate(account.deployments):
            found[("Deployment", naming.child(account, deployment.name))] = (*at, "deployments", number)
        endpoints = account.network.private_endpoints
        for name, endpoint in named_endpoints(account):
            number = next(i for i, declared in enumerate(endpoints) if declared is endpoint)
            path = (*at, "network", "private_endpoints", number)
            found[("PrivateEndpoint", naming.child(account, name))] = path
            found[("PrivateDnsZoneGroup", naming.child(account, name, "dns"))] = path
        for number, assignment in enumerate(account.roles):
            found[("RoleAssignment", logical_name(account, assignment))] = (*at, "roles", number)
        found[("DiagnosticSetting", naming.child(account, "diagnostics"))] = (*at, "diagnostics")
    return found
