"""`validate --live`: whether each subscription is an existing customer of the versions closed to new ones.

Microsoft closes a model version to new customers on its deprecation date ("No New Customers" in the
retirement schedule) and retires it later. Until then "existing customer is determined at the
subscription level: whether that Azure subscription has ever deployed the specific model version"
(Microsoft Learn, model deprecations and retirements, the "Deprecated" stage;
tools/catalog-docs/articles/foundry/openai/includes/concepts-model-retirements-content.md).

Only subscriptions whose stacks declare such a version are read: `accounts.list` of the subscription,
then `deployments.list` of each OpenAI or AIServices account in it (at most MAX_ACCOUNTS). Azure lists
the deployments there are now, not those deleted, so "no deployment" is what live mode can see.

Imports: aoai_infra.live, aoai_infra.quoting, aoai_infra.rules.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from aoai_infra.live.calls import Call, collect, run_all
from aoai_infra.live.client import Connection
from aoai_infra.live.errors import ABSENT, Problem
from aoai_infra.live.guard import AnswerError
from aoai_infra.quoting import escape
from aoai_infra.rules.context import StackContext
from aoai_infra.rules.live import Deployed

ACCOUNTS_ROLE = "Reader on the subscription"
DEPLOYMENTS_ROLE = "Reader on the account's resource group"
KINDS = frozenset({"openai", "aiservices"})  # the account kinds that hold OpenAI model deployments
# A subscription with more accounts than this is not read account by account (each is one request).
MAX_ACCOUNTS = 500
# What the SDK accepts in a deployments.list path, checked before asking (an id from the answer is
# not trusted: a malformed one would make the SDK raise instead of asking).
ACCOUNT_ID = re.compile(
    r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<group>[^/]{1,90})"
    r"/providers/Microsoft\.CognitiveServices/accounts/(?P<name>[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63})",
    re.IGNORECASE,
)

AccountKey = tuple[str, str, str]  # (subscription, resource group, account)


class CustomerReader:
    """Reads, per subscription that needs it, the model versions it has deployments of."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def __call__(self, stacks: Sequence[StackContext]) -> dict[str, Deployed]:
        subscriptions = closed_to_new(stacks)
        if not subscriptions:
            return {}
        limits = self.connection.limits
        listed = run_all([self._accounts(sub) for sub in subscriptions], limits.concurrency)
        accounts: dict[str, list[AccountKey]] = {}
        problems: dict[str, str] = {}
        for sub in subscriptions:
            answer = listed[("accounts", sub)]
            if isinstance(answer, Problem):
                problems[sub] = answer.message
            elif len(answer) > MAX_ACCOUNTS:
                problems[sub] = f"the subscription has {len(answer)} accounts, more than {MAX_ACCOUNTS} read"
            else:
                accounts[sub] = answer
        keys = [key for found in accounts.values() for key in found]
        results = run_all([self._deployments(key) for key in keys], limits.concurrency)
        return {sub: _deployed(accounts.get(sub, []), results, problems.get(sub)) for sub in subscriptions}

    def _accounts(self, sub: str) -> Call[tuple[str, ...], Any]:
        client = self.connection.client(sub)
        pages = self.connection.limits.max_pages

        def read() -> list[AccountKey]:
            found = collect(client.accounts.list(), pages)
            return [key for account in found if (key := _account_key(sub, account)) is not None]

        return Call(("accounts", sub), read, ACCOUNTS_ROLE)

    def _deployments(self, key: AccountKey) -> Call[tuple[str, ...], Any]:
        sub, group, account = key
        client = self.connection.client(sub)
        pages = self.connection.limits.max_pages

        def read() -> set[tuple[str, str]]:
            found = collect(client.deployments.list(group, account), pages)
            return {
                ((d.properties.model.name or "").lower(), d.properties.model.version or "")
                for d in found
                if d.properties and d.properties.model
            }

        return Call(("deployments", *key), read, DEPLOYMENTS_ROLE)


def closed_to_new(stacks: Sequence[StackContext]) -> list[str]:
    """The subscriptions (lower case) whose stacks declare a version closed to new customers today."""
    found: dict[str, None] = {}
    for ctx in stacks:
        today = ctx.options.today
        for ref in ctx.deployments:
            if ref.lifecycle is not None and ref.lifecycle.status_on(today) == "deprecated":
                found[ctx.spec.subscription_id.lower()] = None
    return list(found)


def _account_key(sub: str, account: Any) -> AccountKey | None:
    """The account's (subscription, group, name) when it can hold OpenAI deployments."""
    if not isinstance(account.kind, str) or account.kind.lower() not in KINDS:
        return None
    match = ACCOUNT_ID.fullmatch(account.id or "")
    if match is None or match["sub"].lower() != sub:
        shown = escape(str(account.id))[:120]
        raise AnswerError("MalformedResponse", f"Azure's answer lists an account with the id {shown}")
    return sub, match["group"], match["name"]


def _deployed(keys: list[AccountKey], results: dict[Any, Any], problem: str | None) -> Deployed:
    versions: set[tuple[str, str]] = set()
    unread: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        answer = results[("deployments", *key)]
        if isinstance(answer, Problem):
            if answer.code not in ABSENT:  # an account deleted since it was listed has no deployments
                unread[answer.message].append(key[2])
        else:
            versions |= answer
    if unread and problem is None:
        message, names = next(iter(unread.items()))
        problem = f"the deployments of {', '.join(names[:3])} could not be read: {message}"
    return Deployed(frozenset(versions), len(keys), problem)
