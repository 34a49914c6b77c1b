"""AOAI120-AOAI124, AOAI126: model versions that are retired, retiring, deprecated or in preview.

Dates are compared with the validation date (`--today`, today by default); "soon" is
`--retiring-within` days (90 by default). A version closed to new customers is a warning offline (the
catalog cannot tell whether the subscription is an existing customer) and, with `validate --live`, an
error when the subscription has no deployment of it. The full text of each rule is in
docs/rules/<CODE>.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import DeploymentRef, StackContext
from aoai_infra.stack.production import is_production
from aoai_infra.words import plural

if TYPE_CHECKING:
    import datetime

    from aoai_infra.catalog.model import Lifecycle

E, W = Severity.ERROR, Severity.WARNING

RETIRED = Rule("AOAI120", "retired-version", E, "The model version is retired.")
RETIRING = Rule("AOAI121", "retiring-version", W, "The model version retires soon.")
DEPRECATED = Rule("AOAI122", "deprecated-version", W, "The model version is deprecated or legacy.")
NO_UPGRADE = Rule(
    "AOAI123", "no-upgrade-before-retirement", W, "NoAutoUpgrade on a version that retires soon."
)
PREVIEW_IN_PROD = Rule(
    "AOAI124", "preview-in-production", W, "A preview model version in a production stack."
)
CLOSED_TO_NEW = Rule(
    "AOAI126",
    "closed-to-new-customers",
    E,
    "A version closed to new customers, which the subscription has no deployment of (validate --live).",
)
RULES = (RETIRED, RETIRING, DEPRECATED, NO_UPGRADE, PREVIEW_IN_PROD, CLOSED_TO_NEW)


def check(ctx: StackContext) -> Iterator[Finding]:
    for ref in ctx.deployments:
        lifecycle = ref.lifecycle
        if lifecycle is None:
            continue
        if ref.is_retired:
            yield retired(ref, lifecycle)
            continue
        for rule_check in (retiring, no_upgrade, deprecated, preview_in_production):
            finding = rule_check(ref, lifecycle)
            if finding is not None:
                yield finding


def retired(ref: DeploymentRef, lifecycle: Lifecycle) -> Finding:
    d = ref.deployment
    when = f"on {lifecycle.retirement.isoformat()}" if lifecycle.retirement else "(date not published)"
    open_types = _open_types(ref)
    if open_types:  # retired for this deployment type only
        message = (
            f"{d.model} {d.version} retired as {d.sku} {when}, and Azure refuses {d.sku} deployments of it; "
            f"it stays open as {open_types}; use one of those types, or {_move_to(ref, lifecycle)}"
        )
    else:
        message = f"{d.model} {d.version} retired {when}; deployments of it fail; {_move_to(ref, lifecycle)}"
    return RETIRED.finding(ref.stack.file, ref.at("version"), message)


def _open_types(ref: DeploymentRef) -> str:
    """The deployment types of this version still open on the day checked, with their retirement dates."""
    d = ref.deployment
    catalog, today = ref.stack.catalog, ref.stack.options.today
    found = []
    offered = {offer.sku.name for offer in catalog.offers(d.model, d.version)}
    for sku in sorted(offered, key=lambda name: _order(catalog.deployment_types, name)):
        lifecycle = catalog.lifecycle(d.model, d.version, sku)
        if sku.lower() != d.sku.lower() and lifecycle is not None and not lifecycle.is_retired(today):
            found.append(f"{sku} (until {_date(lifecycle)})")
    return ", ".join(found)


def retiring(ref: DeploymentRef, lifecycle: Lifecycle) -> Finding | None:
    days = _days_left(ref, lifecycle)
    if days is None or ref.deployment.upgrade == "NoAutoUpgrade":
        return None  # no_upgrade says it more sharply
    d = ref.deployment
    found = ref.deployment_type
    then = "Azure upgrades it to the default version then"
    if found is not None and found[1].family == "provisioned":
        then = "provisioned deployments are not upgraded automatically and stop working then"
    when = f"retires on {_date(lifecycle)} (in {plural(days, 'day')})"
    message = f"{d.model} {d.version} {when}; {then}; {_move_to(ref, lifecycle)}"
    return RETIRING.finding(ref.stack.file, ref.at("version"), message)


def no_upgrade(ref: DeploymentRef, lifecycle: Lifecycle) -> Finding | None:
    days = _days_left(ref, lifecycle)
    if days is None or ref.deployment.upgrade != "NoAutoUpgrade":
        return None
    d = ref.deployment
    message = (
        f"upgrade: NoAutoUpgrade keeps {d.model} {d.version}, which retires on {_date(lifecycle)} "
        f"(in {plural(days, 'day')}), and the deployment stops working then; {_move_to(ref, lifecycle)}, "
        "or set upgrade: OnceCurrentVersionExpired"
    )
    return NO_UPGRADE.finding(ref.stack.file, ref.at("upgrade"), message)


def deprecated(ref: DeploymentRef, lifecycle: Lifecycle) -> Finding | None:
    d = ref.deployment
    status = lifecycle.status_on(ref.stack.options.today)
    if status == "deprecated":
        return closed_to_new(ref, lifecycle)
    if status != "legacy":
        return None
    message = (
        f"{d.model} {d.version} is legacy: Microsoft recommends moving off it before it retires "
        f"on {_date(lifecycle)}; {_move_to(ref, lifecycle)}"
    )
    return DEPRECATED.finding(ref.stack.file, ref.at("version"), message)


def closed_to_new(ref: DeploymentRef, lifecycle: Lifecycle) -> Finding:
    """Closed to new customers: whether this subscription may still create it, only Azure can tell."""
    d = ref.deployment
    since = f" since {lifecycle.no_new_customers.isoformat()}" if lifecycle.no_new_customers else ""
    closed = f"{d.model} {d.version} is closed to new customers as {d.sku}{since}"
    live = ref.stack.options.live
    subscription = ref.stack.spec.subscription_id.lower()
    deployed = live.deployed.get(subscription) if live is not None else None
    move = _move_to(ref, lifecycle)
    if deployed is not None and deployed.unreadable is None and not deployed.has(d.model, d.version):
        accounts = plural(deployed.accounts, "account")
        message = (
            f"{closed}, and subscription {subscription} has no deployment of it in its {accounts}, so "
            f"Azure refuses to create it; {move}"
        )
        return CLOSED_TO_NEW.finding(ref.stack.file, ref.at("version"), message)
    if deployed is None:
        why = "a subscription that has never deployed it cannot create it (`aoai-infra validate --live` "
        why += "tells whether this one can)"
    elif deployed.has(d.model, d.version):
        why = f"subscription {subscription} has deployments of it, so it may create more until it retires"
    else:
        why = f"whether subscription {subscription} has deployments of it could not be read: "
        why += str(deployed.unreadable)
    return DEPRECATED.finding(ref.stack.file, ref.at("version"), f"{closed}: {why}; {move}")


def preview_in_production(ref: DeploymentRef, lifecycle: Lifecycle) -> Finding | None:
    if lifecycle.status_on(ref.stack.options.today) != "preview" or not is_production(ref.stack.name):
        return None
    d = ref.deployment
    message = (
        f"{d.model} {d.version} is a preview version in production stack '{ref.stack.name}': previews "
        "may change or retire at short notice; use a generally available version"
    )
    return PREVIEW_IN_PROD.finding(ref.stack.file, ref.at("version"), message)


def _days_left(ref: DeploymentRef, lifecycle: Lifecycle) -> int | None:
    """Days until retirement when that is within the warning window, else None."""
    if lifecycle.retirement is None:
        return None
    days = (lifecycle.retirement - ref.stack.options.today).days
    return days if 0 < days <= ref.stack.options.retiring_within else None


def _order(types: list[str], sku: str) -> int:
    return types.index(sku) if sku in types else len(types)


def _date(lifecycle: Lifecycle) -> str:
    return lifecycle.retirement.isoformat() if lifecycle.retirement else "a date not yet published"


def _move_to(ref: DeploymentRef, lifecycle: Lifecycle) -> str:
    """The fix: the replacement Microsoft names while it is current, else the current versions of the same
    model; never a retired or unknown model."""
    today = ref.stack.options.today
    if lifecycle.replacement and lifecycle.replacement in ref.stack.catalog.current_models(today):
        version = f" {lifecycle.replacement_version}" if lifecycle.replacement_version else ""
        return f"move to {lifecycle.replacement}{version}"
    current = _current_versions(ref, ref.stack.options.today)
    if current:
        return f"move to a current version ({', '.join(current)}) or a newer model"
    return f"move to a newer model (see `aoai-infra catalog show {ref.deployment.model}`)"


def _current_versions(ref: DeploymentRef, today: datetime.date) -> list[str]:
    info = ref.stack.catalog.model(ref.deployment.model)
    if info is None:
        return []
    return [
        version
        for version, lifecycle in info.versions.items()
        if version != ref.deployment.version and lifecycle.status_on(today) in ("ga", "preview")
    ]
