"""Azure built-in roles that make sense on an Azure OpenAI account, by name, with their definition ids.

Role definition ids are the same in every tenant. Sources:
- Cognitive Services *: MicrosoftDocs/azure-docs,
  articles/role-based-access-control/built-in-roles/ai-machine-learning.md
  (commit 0ff2e41d1038f96282c6243d2fc181667ed5ef09, read 2026-11-21).
- Azure AI User / Project Manager / Account Owner: Microsoft Learn, "Role-based access control for
  Microsoft Foundry" (learn.microsoft.com/azure/ai-foundry/concepts/rbac-azure-ai-foundry, read 2026-11-21).
  Microsoft has since renamed them Foundry User / Project Manager / Account Owner with unchanged ids;
  both names are accepted.

A role may also be given as a role definition GUID, for custom roles.

Imports: aoai_infra.stack.
"""

from __future__ import annotations

from aoai_infra.stack.identifiers import is_guid

BUILT_IN_ROLES: dict[str, str] = {
    "Cognitive Services OpenAI User": "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
    "Cognitive Services OpenAI Contributor": "a001fd3d-188f-4b5d-821b-7da978bf7442",
    "Cognitive Services User": "a97b65f3-24c7-4388-baec-2e87135dc908",
    "Cognitive Services Contributor": "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
    "Cognitive Services Usages Reader": "bba48692-92b0-4667-a9ad-c31c7b334ac2",
    "Cognitive Services Data Reader (Preview)": "b59867f0-fa02-499b-be73-45a86b5b3e1c",
    "Azure AI User": "53ca6127-db72-4b80-b1b0-d745d6d5456d",
    "Foundry User": "53ca6127-db72-4b80-b1b0-d745d6d5456d",
    "Azure AI Project Manager": "eadc314b-1a2d-4efa-be10-5d325db5065e",
    "Foundry Project Manager": "eadc314b-1a2d-4efa-be10-5d325db5065e",
    "Azure AI Account Owner": "e47c6f54-e4a2-4754-9501-8e0985b135e1",
    "Foundry Account Owner": "e47c6f54-e4a2-4754-9501-8e0985b135e1",
}
_BY_FOLDED_NAME = {name.casefold(): guid for name, guid in BUILT_IN_ROLES.items()}


def role_definition_guid(role: str) -> str | None:
    """The role definition id of a built-in role name (any case) or of a GUID given as is; else None."""
    if is_guid(role):
        return role.lower()
    return _BY_FOLDED_NAME.get(role.casefold())


def role_definition_id(subscription_id: str, role: str) -> str:
    """The ARM id Azure expects in a role assignment's roleDefinitionId."""
    guid = role_definition_guid(role)
    if guid is None:
        raise ValueError(f"unknown role {role!r}")
    return f"/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{guid}"


def role_name(guid: str) -> str | None:
    """The built-in role of a role definition GUID, by the first of its names above; else None."""
    return next((name for name, known in BUILT_IN_ROLES.items() if known == guid.lower()), None)
