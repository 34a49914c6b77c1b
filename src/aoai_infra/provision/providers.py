"""The azure-native providers a stack's resources are created through: one per subscription.

Without an explicit provider, Pulumi's default one deploys into whatever subscription the ambient
credential defaults to when a Pulumi stack sets no `azure-native:subscriptionId` (a new `pulumi stack
init`), while the stack file says where its resources belong and role assignment ids are built from it.
So every resource goes through a provider pinned to the subscription the stack file names (or, for a
private endpoint, the subscription of its subnet). Everything else the Pulumi stack configures for
azure-native (tenant, client, OIDC, cloud environment, ...) is passed on unchanged, so signing in works as
it did with the default provider.

Moving existing resources from the default provider to this one does not replace them: the engine asks
the provider whether its configuration changed in a way that needs a replacement (pulumi/pulumi#18509),
and it did not, as long as the subscription is the same.

Imports: pulumi.
"""

from __future__ import annotations

from typing import Any

import pulumi

_SECRETS = ("clientSecret", "clientCertificatePassword", "oidcToken", "oidcRequestToken")
_FLAGS = (
    "useMsi",
    "useOidc",
    "useDefaultAzureCredential",
    "disablePulumiPartnerId",
    "disableInstanceDiscovery",
)
_LISTS = ("auxiliaryTenantIds",)
_TEXTS = (
    "clientCertificatePath",
    "clientId",
    "environment",
    "location",
    "metadataHost",
    "msiEndpoint",
    "oidcRequestUrl",
    "oidcTokenFilePath",
    "partnerId",
    "tenantId",
)


def provider_args(subscription: str) -> dict[str, Any]:
    """The stack's azure-native configuration as provider arguments, with `subscription` pinned."""
    config = pulumi.Config("azure-native")
    found: dict[str, Any] = {}
    for key in _TEXTS:
        found[key] = config.get(key)
    for key in _SECRETS:
        found[key] = config.get_secret(key)
    for key in _FLAGS:
        found[key] = config.get_bool(key)
    for key in _LISTS:
        found[key] = config.get_object(key)
    args = {_snake(key): value for key, value in found.items() if value is not None}
    args["subscription_id"] = subscription
    return args


def _snake(camel: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in camel)
