"""`validate --live`: what each quota pool of the stacks' subscriptions has left, read from Azure.

For every (subscription, region) the stacks deploy to, `usages.list` is asked for the usage names they
need ($filter); for every account, `deployments.list` says what already runs there. What is left for
these stacks is

    limit - current usage + capacity already held by the stacks' own deployments

where "own" means a deployment of the same name in the same account, so that re-applying an unchanged
stack never counts twice; deployments the stacks do not declare keep their quota. A pool whose usage or
deployments cannot be read is reported as unverified (AOAI212) and checked offline instead.

Imports: aoai_infra.findings, aoai_infra.live, aoai_infra.rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from aoai_infra.findings import Finding
from aoai_infra.live.calls import Call, answer_number, collect, run_all
from aoai_infra.live.client import Connection
from aoai_infra.live.errors import ABSENT, QUOTA_ROLE, Problem
from aoai_infra.rules.context import AccountRef, DeploymentRef, StackContext
from aoai_infra.rules.quota import UNVERIFIED, Limit, QuotaKey, pools

USAGES_ROLE = f"{QUOTA_ROLE} or Reader on the subscription"
DEPLOYMENTS_ROLE = "Reader on the resource group"

AccountKey = tuple[str, str, str]  # (subscription, resource group, account) in lower case


class QuotaReader:
    """Reads live quota for the stacks of one validate run."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def __call__(self, stacks: Sequence[StackContext]) -> tuple[dict[QuotaKey, Limit], list[Finding]]:
        """The limit left per pool the stacks draw on, and AOAI212 for each pool that could not be read."""
        need = pools(stacks)
        if not need:
            return {}, []
        accounts = _accounts(stacks)
        usage_calls = [
            self._usages(sub, region, sorted(names)) for (sub, region), names in _by_region(need).items()
        ]
        deployment_calls = [self._deployments(key) for key in accounts]
        results = run_all([*usage_calls, *deployment_calls], self.connection.limits.concurrency)
        return _limits(need, accounts, results)

    def _usages(self, sub: str, region: str, names: list[str]) -> Call[tuple[str, ...], Any]:
        client = self.connection.client(sub)
        query = " or ".join(f"name.value eq '{name}'" for name in names)
        pages = self.connection.limits.max_pages

        def read() -> dict[str, tuple[float, float]]:
            usages = collect(client.usages.list(region, filter=query), pages)
            return {
                u.name.value: (
                    answer_number(u.limit or 0.0, f"a limit for {u.name.value}"),
                    answer_number(u.current_value or 0.0, f"a usage for {u.name.value}"),
                )
                for u in usages
                if u.name and isinstance(u.name.value, str) and u.name.value
            }

        return Call(("usages", sub, region), read, USAGES_ROLE)

    def _deployments(self, key: AccountKey) -> Call[tuple[str, ...], Any]:
        sub, group, account = key
        client = self.connection.client(sub)
        pages = self.connection.limits.max_pages

        def read() -> list[tuple[str, str, str, str, int]]:
            found = collect(client.deployments.list(group, account), pages)
            return [
                (
                    d.name or "",
                    d.properties.model.name or "",
                    d.properties.model.version or "",
                    d.sku.name or "",
                    int(answer_number(d.sku.capacity or 0, f"a capacity of deployment {d.name}")),
                )
                for d in found
                if d.properties and d.properties.model and d.sku
            ]

        return Call(("deployments", *key), read, DEPLOYMENTS_ROLE)


def _accounts(stacks: Sequence[StackContext]) -> dict[AccountKey, AccountRef]:
    found: dict[AccountKey, AccountRef] = {}
    for ctx in stacks:
        group = ctx.spec.resource_group.name
        for account in ctx.accounts():
            found.setdefault(
                (ctx.spec.subscription_id.lower(), group.lower(), account.account.name.lower()), account
            )
    return found


def _by_region(need: dict[QuotaKey, list[DeploymentRef]]) -> dict[tuple[str, str], set[str]]:
    regions: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sub, region, usage in need:
        regions[(sub, region)].add(usage)
    return regions


def _limits(
    need: dict[QuotaKey, list[DeploymentRef]], accounts: dict[AccountKey, AccountRef], results: dict[Any, Any]
) -> tuple[dict[QuotaKey, Limit], list[Finding]]:
    own, blind = _own_capacity(accounts, results)
    limits: dict[QuotaKey, Limit] = {}
    findings = []
    for key, refs in need.items():
        sub, region, usage = key
        answer = results[("usages", sub, region)]
        why = _unverified(answer, usage, region) or blind.get((sub, region))
        if why is not None:
            findings.append(_unverified_finding(key, refs[0], why))
            continue
        limit, current = answer[usage]
        held = own.get(key, 0)
        units = int(limit - current + held)
        origin = f"live: limit {int(limit)}, {int(current)} in use, {held} of it by these stacks' deployments"
        limits[key] = Limit(units, origin)
    return limits, findings


def _own_capacity(
    accounts: dict[AccountKey, AccountRef], results: dict[Any, Any]
) -> tuple[dict[QuotaKey, int], dict[tuple[str, str], Problem]]:
    """Capacity held by the deployments the stacks declare, per pool; and regions with unreadable accounts."""
    own: dict[QuotaKey, int] = defaultdict(int)
    blind: dict[tuple[str, str], Problem] = {}
    for key, account in accounts.items():
        answer = results[("deployments", *key)]
        if isinstance(answer, Problem):
            if answer.code not in ABSENT:
                blind.setdefault((key[0], account.region), answer)
            continue
        for usage, capacity in _declared(account, answer):
            own[(key[0], account.region, usage)] += capacity
    return own, blind


def _declared(
    account: AccountRef, existing: list[tuple[str, str, str, str, int]]
) -> Iterator[tuple[str, int]]:
    declared = {deployment.name.lower() for deployment in account.account.deployments}
    catalog = account.stack.catalog
    for name, model, version, sku, capacity in existing:
        if name.lower() not in declared:
            continue
        offer = catalog.sku(account.region, model, version, sku)
        if offer is not None and offer.usage_name:
            yield offer.usage_name, capacity


def _unverified(answer: Any, usage: str, region: str) -> Problem | None:
    if isinstance(answer, Problem):
        return answer
    if usage not in answer:
        return Problem("UsageNotReported", f"Azure reports no quota named {usage} in {region}")
    return None


def _unverified_finding(key: QuotaKey, ref: DeploymentRef, why: Problem) -> Finding:
    sub, region, usage = key
    message = (
        f"quota {usage} in {region} for subscription {sub} could not be read live, so it was checked "
        f"against the catalog instead: {why.message}"
    )
    return UNVERIFIED.finding(ref.stack.file, ref.at("capacity"), message)
