"""How stack policies find what belongs to an account in the resource graph.

During a preview most outputs (ids, often names) are unknown, so a link is found first from the
dependencies Pulumi records: a deployment created with `account_name=account.name`, a private endpoint
whose connection names `account.id`, a diagnostic setting whose `resourceUri` is `account.id` all depend on
the account. Names and ARM ids are compared only when known, for programs that wrote them as plain text.

Imports: aoai_infra.policies; pulumi_policy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from aoai_infra.policies.base import ACCOUNT, DEPLOYMENT, is_type, known, label

_ACCOUNT_SEGMENT = "/providers/microsoft.cognitiveservices/accounts/"


def of_type(resources: Sequence[PolicyResource], kind: str) -> list[PolicyResource]:
    return [resource for resource in resources if is_type(resource.resource_type, kind)]


def account_name(account: PolicyResource) -> str:
    return label(account.props, account.name, "accountName", "name")


def refers_to(resource: PolicyResource, prop: str, account: PolicyResource) -> bool:
    """Whether `resource`'s property `prop` comes from `account` or names its ARM id."""
    if any(dependency.urn == account.urn for dependency in resource.property_dependencies.get(prop, [])):
        return True
    suffix = (_ACCOUNT_SEGMENT + account_name(account)).lower()
    return any(text.lower().rstrip("/").endswith(suffix) for text in _strings(known(resource.props, prop)))


def account_of(deployment: PolicyResource, accounts: Sequence[PolicyResource]) -> PolicyResource | None:
    """The account a deployment belongs to, or None when it is not in this stack."""
    for account in accounts:
        if refers_to(deployment, "accountName", account):
            return account
    name = known(deployment.props, "accountName") or _account_in_id(known(deployment.props, "id"))
    if isinstance(name, str):
        for account in accounts:
            if account_name(account).lower() == name.lower():
                return account
    direct = [dependency for dependency in deployment.dependencies if dependency in accounts]
    return direct[0] if len(direct) == 1 else None


def deployments_by_account(
    resources: Sequence[PolicyResource],
) -> dict[str, tuple[PolicyResource | None, list[PolicyResource]]]:
    """Deployments grouped by account: key the account's URN, or the account name for accounts elsewhere."""
    accounts = of_type(resources, ACCOUNT)
    groups: dict[str, tuple[PolicyResource | None, list[PolicyResource]]] = {}
    for deployment in of_type(resources, DEPLOYMENT):
        account = account_of(deployment, accounts)
        key = account.urn if account else f"name:{known(deployment.props, 'accountName') or '?'}"
        groups.setdefault(key, (account, []))[1].append(deployment)
    return groups


def waits_for(resource: PolicyResource) -> set[str]:
    """The URNs of everything `resource` waits for, directly or through others."""
    seen: set[str] = set()
    todo = list(resource.dependencies)
    while todo:
        dependency = todo.pop()
        if dependency.urn not in seen:
            seen.add(dependency.urn)
            todo.extend(dependency.dependencies)
    return seen


def _account_in_id(value: Any) -> str | None:
    if isinstance(value, str) and _ACCOUNT_SEGMENT in value.lower():
        start = value.lower().index(_ACCOUNT_SEGMENT) + len(_ACCOUNT_SEGMENT)
        return value[start:].split("/", 1)[0]
    return None


def _strings(value: Any) -> Iterator[str]:
    """Every known string inside a property value (ids sit inside lists of objects)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key in value:
            yield from _strings(known(value, key))
    elif isinstance(value, Sequence):
        for index in range(len(value)):
            try:
                element = value[index]
            except UnknownValueError:  # an element not known during a preview names nothing
                continue
            yield from _strings(element)
