"""Role assignments on an account, by built-in role name, with deterministic names.

The assignment's name is a name-based UUID of (account id, principal, role), so the same assignment always
has the same name and a second `pulumi up` changes nothing.

Imports: aoai_infra.stack.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.stack import naming, roles
from aoai_infra.stack.model import Account, RoleAssignment, StackSpec


def role_assignment_args(spec: StackSpec, account: Account, assignment: RoleAssignment) -> dict[str, Any]:
    guid = roles.role_definition_guid(assignment.role)
    if guid is None:  # AOAI408 reports this before anything runs
        raise ValueError(f"unknown role {assignment.role!r}")
    scope = naming.account_id(spec, account)
    return {
        "role_assignment_name": naming.role_assignment_name(scope, assignment.principal, guid),
        "principal_id": assignment.principal,
        "principal_type": assignment.type,
        "role_definition_id": roles.role_definition_id(spec.subscription_id, guid),
    }


def logical_name(account: Account, assignment: RoleAssignment) -> str:
    guid = roles.role_definition_guid(assignment.role) or assignment.role
    return naming.child(account, "role", assignment.principal, guid)
