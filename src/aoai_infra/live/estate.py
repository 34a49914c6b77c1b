"""Read a live Azure OpenAI estate: accounts and what hangs off them, for `export` and `drift`.

For a subscription (optionally narrowed to resource groups or account names): `accounts.list` (or
`list_by_resource_group`), then for each OpenAI or AIServices account, concurrently: its deployments,
its RAI policies (content filters), the role assignments at its scope (Microsoft.Authorization), its
diagnostic settings (Microsoft.Insights), and the private endpoints its connections name, with their DNS
zone groups (Microsoft.Network). The last three go through the same client pipeline, endpoint,
credential, retries and guard as every other call. Each answer is kept as plain data in the SDK's
attribute names; what could not be read is kept as a Problem per account and part, never dropped.

Roles it needs: Reader on the subscription (or on the accounts' resource groups, and on the resource groups
of their private endpoints) covers all of it.

Imports: aoai_infra.live, aoai_infra.quoting, aoai_infra.source; azure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from azure.core.exceptions import HttpResponseError
from azure.core.rest import HttpRequest

from aoai_infra.live.calls import Call, collect, run_all
from aoai_infra.live.client import Connection

# Which accounts hold deployments, how many a subscription may have, and what an account id must look
# like before it is used in a path: as validate --live reads them.
from aoai_infra.live.customers import ACCOUNT_ID, KINDS, MAX_ACCOUNTS
from aoai_infra.live.errors import Problem
from aoai_infra.live.guard import AnswerError
from aoai_infra.quoting import clip, escape
from aoai_infra.source.jsonfile import JsonError, parse_json

READER = "Reader on the subscription or the account's resource group"
ROLE_ASSIGNMENTS_API = "2022-04-01"
DIAGNOSTIC_SETTINGS_API = "2021-05-01-preview"
NETWORK_API = "2024-05-01"
PARTS = ("deployments", "rai_policies", "role_assignments", "diagnostic_settings", "private_endpoints")
MAX_ENDPOINTS = 50  # private endpoints read per account (each is two requests)
ENDPOINT_ID = re.compile(
    r"/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\w._()]{1,90}"
    r"/providers/Microsoft\.Network/privateEndpoints/[a-zA-Z0-9][a-zA-Z0-9_.-]{0,79}",
    re.IGNORECASE,
)


@dataclass
class LiveAccount:
    id: str
    subscription: str
    resource_group: str
    name: str
    data: dict[str, Any]  # the account, as the SDK reads it (attribute names)
    deployments: list[dict[str, Any]] = field(default_factory=list)
    rai_policies: list[dict[str, Any]] = field(default_factory=list)
    role_assignments: list[dict[str, Any]] = field(default_factory=list)  # ARM JSON
    diagnostic_settings: list[dict[str, Any]] = field(default_factory=list)  # ARM JSON
    # Each private endpoint connected to the account: {"endpoint": ARM JSON, "zone_groups": [ARM JSON]}
    private_endpoints: list[dict[str, Any]] = field(default_factory=list)
    problems: dict[str, Problem] = field(default_factory=dict)  # part: why it could not be read


@dataclass
class Estate:
    subscription: str
    accounts: list[LiveAccount]
    problem: Problem | None = None  # the accounts could not be listed


def read_estate(
    connection: Connection, subscription: str, groups: Sequence[str] = (), names: Sequence[str] = ()
) -> Estate:
    """The OpenAI and AIServices accounts of `subscription` (in `groups`, named `names`) with their parts."""
    client = connection.client(subscription)
    pages = connection.limits.max_pages

    def listing(group: str | None) -> Callable[[], list[Any]]:
        if group is None:
            return lambda: collect(client.accounts.list(), pages)
        return lambda: collect(client.accounts.list_by_resource_group(group), pages)

    scopes: list[str | None] = list(groups) or [None]
    listed = run_all(
        [Call(index, listing(group), READER) for index, group in enumerate(scopes)],
        connection.limits.concurrency,
    )
    found: list[LiveAccount] = []
    for index in range(len(scopes)):
        answer = listed[index]
        if isinstance(answer, Problem):
            return Estate(subscription, [], answer)
        try:
            found += [
                account for item in answer if (account := _account(subscription, item, names)) is not None
            ]
        except AnswerError as error:  # an id that is not of this subscription: the answer is not used
            return Estate(subscription, [], Problem(error.code, str(error)))
    if len(found) > MAX_ACCOUNTS:
        message = f"the subscription has {len(found)} accounts, more than {MAX_ACCOUNTS} read at once"
        return Estate(subscription, [], Problem("TooManyAccounts", message + "; name resource groups"))
    _read_parts(connection, found)
    return Estate(subscription, sorted(found, key=lambda account: (account.resource_group, account.name)))


def _account(subscription: str, item: Any, names: Sequence[str]) -> LiveAccount | None:
    data = item.as_dict()
    if str(data.get("kind", "")).lower() not in KINDS:
        return None
    matched = ACCOUNT_ID.fullmatch(str(data.get("id", "")))
    if matched is None or matched["sub"].lower() != subscription.lower():
        shown = escape(clip(str(data.get("id", "")), 120))
        raise AnswerError(
            "MalformedResponse", f"Azure's answer has an account id that is not of this subscription: {shown}"
        )
    if names and matched["name"].lower() not in {name.lower() for name in names}:
        return None
    return LiveAccount(data["id"], subscription, matched["group"], matched["name"], data)


def _read_parts(connection: Connection, accounts: list[LiveAccount]) -> None:
    if not accounts:
        return
    client = connection.client(accounts[0].subscription)
    pages = connection.limits.max_pages
    calls: list[Call[tuple[int, str], list[dict[str, Any]]]] = []
    for at, account in enumerate(accounts):
        calls += [Call((at, part), _reader(client, account, part, pages), READER) for part in PARTS]
    results = run_all(calls, connection.limits.concurrency)
    for (at, part), answer in results.items():
        if isinstance(answer, Problem):
            accounts[at].problems[part] = answer
        else:
            setattr(accounts[at], part, answer)


def _reader(client: Any, account: LiveAccount, part: str, pages: int) -> Callable[[], list[dict[str, Any]]]:
    group, name = account.resource_group, account.name
    if part == "deployments":
        return lambda: [item.as_dict() for item in collect(client.deployments.list(group, name), pages)]
    if part == "rai_policies":
        return lambda: [item.as_dict() for item in collect(client.rai_policies.list(group, name), pages)]
    if part == "role_assignments":
        path = f"{account.id}/providers/Microsoft.Authorization/roleAssignments"
        return lambda: _list(client, path, ROLE_ASSIGNMENTS_API, "$filter=atScope()")
    if part == "diagnostic_settings":
        path = f"{account.id}/providers/Microsoft.Insights/diagnosticSettings"
        return lambda: _list(client, path, DIAGNOSTIC_SETTINGS_API)
    return lambda: _endpoints(client, account)


def _endpoints(client: Any, account: LiveAccount) -> list[dict[str, Any]]:
    """The private endpoints the account's connections name, with their DNS zone groups."""
    connections = (account.data.get("properties") or {}).get("private_endpoint_connections") or []
    found = []
    for connection in connections[:MAX_ENDPOINTS]:
        endpoint_id = str(((connection.get("properties") or {}).get("private_endpoint") or {}).get("id", ""))
        if not ENDPOINT_ID.fullmatch(endpoint_id):
            raise AnswerError("MalformedResponse", "Azure's answer has a private endpoint id that is not one")
        endpoint = _get(client, endpoint_id, NETWORK_API)
        groups = _list(client, f"{endpoint_id}/privateDnsZoneGroups", NETWORK_API)
        found.append({"endpoint": endpoint, "zone_groups": groups})
    return found


def _get(client: Any, path: str, api_version: str) -> dict[str, Any]:
    return _object(client, f"{path}?api-version={api_version}")


def _object(client: Any, url: str) -> dict[str, Any]:
    """One JSON object through the client's own pipeline (the SDK has no client for these resources)."""
    response = client._send_request(HttpRequest("GET", url))
    if response.status_code != 200:
        raise HttpResponseError(response=response)
    try:
        body = parse_json(response.content)
    except JsonError:
        raise AnswerError("MalformedResponse", "Azure's answer is not JSON") from None
    if not isinstance(body, dict):
        raise AnswerError("MalformedResponse", "Azure's answer is not an object")
    return body


def _list(client: Any, path: str, api_version: str, query: str = "") -> list[dict[str, Any]]:
    """A plain ARM list, page by page (nextLink, on the same origin: the guard refuses any other)."""
    url = f"{path}?api-version={api_version}" + (f"&{query}" if query else "")
    items: list[dict[str, Any]] = []
    for _ in range(100):
        body = _object(client, url)
        value = body.get("value")
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise AnswerError("MalformedResponse", "Azure's answer has no list of values")
        items += value
        url = str(body.get("nextLink") or "")
        if not url:
            return items
    raise AnswerError("TooManyPages", "the list went on for more than 100 pages")
