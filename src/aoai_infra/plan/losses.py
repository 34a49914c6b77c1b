"""What a destructive change loses, said the way a reviewer needs to hear it.

Provisioning replaces with delete-before-replace (Azure names are fixed), so every replacement is a
delete followed by a create: what the delete loses is lost until the create has finished.

Azure facts used here: a deleted Azure AI services account stays soft-deleted for 48 hours, and no new
account of the same name can be created until it is purged
(https://learn.microsoft.com/azure/ai-services/manage-resources, "Recover or purge deleted Azure AI
services resources").

Imports: aoai_infra.plan.
"""

from __future__ import annotations

from aoai_infra.plan.resources import Resource, Resources

PURGE = (
    "Azure keeps a deleted account soft-deleted for 48 hours and refuses a new account of the same name "
    "until it is purged (az cognitiveservices account purge)"
)


GROUP = (
    "Azure deletes a resource group with everything in it, whether this stack declares it or not: every "
    "account, deployment and endpoint there is gone"
)


def of_delete(old: Resource, before: Resources) -> tuple[str, ...]:
    if old.kind == "resource_group":
        return (GROUP,)
    if old.kind == "account":
        return (*_account(old, before), PURGE)
    if old.kind == "deployment":
        return (f"requests to deployment '{_short(old)}' fail and traffic in flight is cut", _quota(old))
    if old.kind == "content_filter":
        return (f"the settings of content filter '{_short(old)}' on account {old.account} are gone",)
    if old.kind == "private_endpoint":
        return (
            f"clients in the virtual network lose private access to {old.account} through this endpoint "
            "(its private IP address and DNS records are removed)",
        )
    return (_access(old, "loses"),)


def of_replace(old: Resource, before: Resources) -> tuple[str, ...]:
    if old.kind == "resource_group":
        return (GROUP + " until they are created again",)
    if old.kind == "account":
        found = [*_account(old, before), PURGE]
        if old.fields.get("identity") not in (None, "None"):
            found.append(
                "its managed identity is new: access granted to the old one elsewhere must be granted again"
            )
        return tuple(found)
    if old.kind == "deployment":
        return (
            f"requests to deployment '{_short(old)}' fail until it is created again; "
            "traffic in flight is cut",
            _quota(old) + " while it is recreated, and another deployment may take them",
        )
    if old.kind == "private_endpoint":
        return (
            f"clients in the virtual network lose private access to {old.account} until the new endpoint "
            "and its DNS records exist; its private IP address changes",
        )
    if old.kind == "role_assignment":
        return (_access(old, "loses") + " until the new assignment takes effect",)
    return (f"the settings of content filter '{_short(old)}' are gone until it is created again",)


def _account(old: Resource, before: Resources) -> list[str]:
    endpoint = f"https://{old.fields.get('custom_subdomain')}.openai.azure.com/"
    found = [f"the endpoint {endpoint} goes away: every client configured with it stops working"]
    deployments = sorted(
        _short(resource)
        for (kind, _), resource in before.items()
        if kind == "deployment" and resource.account == old.account
    )
    if deployments:
        found.append(
            f"{_deployments(len(deployments))} ({', '.join(deployments)}) "
            f"{'goes' if len(deployments) == 1 else 'go'} with it, and traffic in flight is cut"
        )
    return found


def _quota(old: Resource) -> str:
    sku = str(old.fields.get("sku"))
    units = "PTU" if "provisioned" in sku.lower() else "units (1,000 tokens per minute each)"
    return f"its {old.fields.get('capacity')} {units} of {old.fields.get('model')} {sku} quota are released"


def _access(old: Resource, verb: str) -> str:
    return (
        f"{old.fields.get('type')} {old.fields.get('principal')} {verb} {old.fields.get('role')} on "
        f"{old.account}: its calls are refused"
    )


def _short(resource: Resource) -> str:
    """The resource's own name, without its account's."""
    return resource.name.split("/", 1)[-1]


def _deployments(count: int) -> str:
    return "its deployment" if count == 1 else f"its {count} deployments"
