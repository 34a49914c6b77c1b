"""Names of what provisioning creates: Pulumi logical names and the Azure names derived from the spec.

Everything here is a pure function of the spec, never of its order: a logical name comes from the
account's and the child's own names, so that reordering accounts or deployments in the YAML changes no
resource. This module imports no Pulumi, so that `plan` can name the same resources.

Imports: aoai_infra.stack.
"""

from __future__ import annotations

import hashlib
import uuid

from aoai_infra.stack.model import Account, PrivateEndpoint, StackSpec, is_built_in_filter

# The component every resource of a stack file is a child of (aoai_infra.provision.component); policies
# read it in URNs to tell a stack file's resources from other programs'.
COMPONENT_TYPE = "aoai-infra:index:AzureOpenAIStack"

# Microsoft.Network/privateEndpoints: 2-64 characters (Azure naming rules and restrictions).
PRIVATE_ENDPOINT_MAX = 64
DIAGNOSTIC_SETTING_NAME = "aoai-infra"
DNS_ZONE_GROUP_NAME = "default"
PRIVATE_LINK_GROUP = "account"  # the group id of a Cognitive Services account's private link resource
# Role assignment names are GUIDs; a name-based (version 5) UUID in our own namespace makes the same
# (scope, principal, role) always give the same name, as Bicep's guid() does, so a second `up` is a no-op.
# Never change the namespace: every existing assignment would be replaced.
ROLE_ASSIGNMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:aoai-infra:role-assignment")


def account_id(spec: StackSpec, account: Account) -> str:
    group = spec.resource_group.name
    return (
        f"/subscriptions/{spec.subscription_id}/resourceGroups/{group}"
        f"/providers/Microsoft.CognitiveServices/accounts/{account.name}"
    )


def child(account: Account, *parts: str) -> str:
    """The logical name of a resource that belongs to an account: `<account>/<part>/...`."""
    return "/".join((account.name, *parts))


def private_endpoint_name(account: Account, endpoint: PrivateEndpoint) -> str:
    """The endpoint's own name, else `pe-<account>-<subnet>`, shortened with a hash of the subnet id
    when it would pass Azure's limit, or when two endpoints of the account sit in same-named subnets."""
    if endpoint.name:
        return endpoint.name
    subnet = endpoint.subnet.rstrip("/").rsplit("/", 1)[-1]
    name = f"pe-{account.name}-{subnet}"
    same_subnet_name = [
        other
        for other in account.network.private_endpoints
        if not other.name and other.subnet.rstrip("/").rsplit("/", 1)[-1].lower() == subnet.lower()
    ]
    if len(name) <= PRIVATE_ENDPOINT_MAX and len(same_subnet_name) <= 1:
        return name
    digest = hashlib.sha256(endpoint.subnet.lower().encode()).hexdigest()[:8]
    return f"{name[: PRIVATE_ENDPOINT_MAX - len(digest) - 1].rstrip('-._')}-{digest}"


def dns_zone_config_name(zone_id: str) -> str:
    """`privatelink.openai.azure.com` → `privatelink-openai-azure-com`, as the portal names them."""
    return zone_id.rstrip("/").rsplit("/", 1)[-1].replace(".", "-")


def role_assignment_name(scope: str, principal: str, role_definition_guid: str) -> str:
    key = f"{scope}|{principal}|{role_definition_guid}".lower()
    return str(uuid.uuid5(ROLE_ASSIGNMENT_NAMESPACE, key))


def used_filters(account: Account) -> list[str]:
    """The stack's own content filters that this account's deployments use, sorted."""
    names = {d.content_filter for d in account.deployments if d.content_filter}
    return sorted(name for name in names if not is_built_in_filter(name))
