"""AOAI201-AOAI203: capacity values Azure accepts, and counts Azure caps.

AOAI201 uses the capacity rules of the offer (minimum, maximum, step: for provisioned types the PTU
minimum and increment per deployment type and model). AOAI202 and AOAI203 use the catalog's limits: 32
deployments per account and 30 accounts per region per subscription, the latter counted over every
stack file given in one call.

Imports: aoai_infra.findings, aoai_infra.rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import AccountRef, DeploymentRef, StackContext

E = Severity.ERROR

CAPACITY = Rule("AOAI201", "capacity", E, "The capacity is below the minimum, above the maximum or off-step.")
"""The capacity is outside what Azure accepts for this deployment type and model:

- Standard-family types: capacity is in units of 1,000 tokens per minute, at least 1.
- Global and Data Zone provisioned types: at least 15 PTU, in steps of 5.
- Regional provisioned (ProvisionedManaged): minimum and step per model, e.g. 50 in steps of 50 for
  gpt-5.4, 25 in steps of 25 for gpt-4.1-mini.
- At most 100,000 PTU per deployment.

Source: `S_PTU_TABLE` (2026-04-07) and `S_QUOTAS_2026_TIERS`. The rules come from the offer's `capacity`
(minimum, maximum, step) in the catalog, as Azure's `models.list` reports them.

**Fix:** use one of the values the message names.
"""
DEPLOYMENTS_PER_ACCOUNT = Rule(
    "AOAI202", "deployments-per-account", E, "More deployments than an account allows."
)
"""An account holds at most 32 deployments (`S_QUOTAS_2026_TIERS`). The finding points at the first
deployment over the limit.

**Fix:** move deployments to a second account.
"""
ACCOUNTS_PER_REGION = Rule(
    "AOAI203", "accounts-per-region", E, "More accounts in a region of a subscription than Azure allows."
)
"""A subscription holds at most 30 Azure OpenAI accounts per region (`S_QUOTAS_2026_TIERS`). Accounts are
counted over every stack file given in one call that shares the subscription.

**Fix:** use fewer accounts (each holds up to 32 deployments), another region, or another subscription.
"""
RULES = (CAPACITY, DEPLOYMENTS_PER_ACCOUNT, ACCOUNTS_PER_REGION)


def check(ctx: StackContext) -> Iterator[Finding]:
    for ref in ctx.deployments:
        finding = capacity(ref)
        if finding is not None:
            yield finding
    yield from deployments_per_account(ctx)


def check_all(stacks: Sequence[StackContext]) -> Iterator[Finding]:
    yield from accounts_per_region(stacks)


def capacity(ref: DeploymentRef) -> Finding | None:
    offer = ref.offer
    if offer is None:
        return None
    rules = offer.capacity
    value = ref.deployment.capacity
    minimum, step = rules.minimum or 1, rules.step or 1
    unit = _unit(ref)
    what = f"capacity {value} {unit} for {ref.deployment.model} {offer.name}"
    if value < minimum:
        problem = f"is below the minimum of {minimum}; use {minimum} or more"
    elif rules.maximum is not None and value > rules.maximum:
        problem = f"is above the maximum of {rules.maximum} per deployment; split it over deployments"
    elif (value - minimum) % step:
        lower = value - (value - minimum) % step
        problem = f"must be {minimum} plus a multiple of {step}; use {lower} or {lower + step}"
    else:
        return None
    return CAPACITY.finding(ref.stack.file, ref.at("capacity"), f"{what} {problem}")


def _unit(ref: DeploymentRef) -> str:
    found = ref.deployment_type
    return "PTU" if found and found[1].family == "provisioned" else "units"


def deployments_per_account(ctx: StackContext) -> Iterator[Finding]:
    limit = ctx.catalog.data.limits.deployments_per_account
    for account in ctx.accounts():
        deployments = account.account.deployments
        if len(deployments) <= limit:
            continue
        message = (
            f"account '{account.account.name}' has {len(deployments)} deployments and Azure allows {limit} "
            "per account; move some to another account"
        )
        position = ctx.position((*account.path, "deployments", limit))
        yield DEPLOYMENTS_PER_ACCOUNT.finding(ctx.file, position, message)


def accounts_per_region(stacks: Sequence[StackContext]) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[AccountRef]] = defaultdict(list)
    for ctx in stacks:
        for account in ctx.accounts():
            groups[(ctx.spec.subscription_id.lower(), account.region)].append(account)
    for (subscription, region), accounts in groups.items():
        limit = accounts[0].stack.catalog.data.limits.accounts_per_region_per_subscription
        if len(accounts) <= limit:
            continue
        first_over = accounts[limit]
        message = (
            f"{len(accounts)} accounts in {region} for subscription {subscription}, "
            f"and Azure allows {limit}; "
            "use fewer accounts (one account holds up to 32 deployments) or another region"
        )
        yield ACCOUNTS_PER_REGION.finding(first_over.stack.file, first_over.at("name"), message)
