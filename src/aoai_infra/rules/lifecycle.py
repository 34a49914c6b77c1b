"""AOAI120-AOAI124, AOAI126: model versions that are retired, retiring, deprecated or in preview.

Dates are compared with the validation date (`--today`, today by default); "soon" is
`--retiring-within` days (90 by default). A version closed to new customers is a warning offline (the
catalog cannot tell whether the subscription is an existing customer) and, with `validate --live`, an
error when the subscription has no deployment of it. The full text of each rule is in
docs/rules/<CODE>.md.

Imports: aoai_infra.findings, aoai_infra.rules, aoai_infra.stack, aoai_infra.words.
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
"""The model version is retired for this deployment type: its retirement date is on or before the
validation date (`--today`, today by default), or the catalog lists it as retired. Deployments of a
retired version fail to create, and existing ones return errors. Retired models stay in the catalog so
that this message can name the date and Microsoft's replacement instead of calling the model unknown.

Azure retires per deployment type: the Standard deployments of gpt-4o 2024-05-13 and 2024-08-06 and
gpt-4o-mini 2024-07-18 retired on 2026-03-31 while their other types live on. When the version is
retired for this type only, the message names the types still open and their dates.

Retirement dates moved several times in 2025 and 2026. The catalog holds the newest published schedule,
with an older page's per-type date kept until a newer page contradicts it (see
[docs/catalog.md](../catalog.md)); `aoai-infra catalog show MODEL` shows each date's source.

**Fix:** move the deployment to the replacement named in the message, a type still open, or a current
version of the model.
"""
RETIRING = Rule("AOAI121", "retiring-version", W, "The model version retires soon.")
"""The model version retires within the warning window (`--retiring-within`, 90 days by default). On the
retirement date Azure upgrades Standard-family deployments to the default version (unless
`upgrade: NoAutoUpgrade`, see AOAI123); provisioned deployments are not upgraded automatically and stop
working (`S_WORKING_WITH_MODELS`).

**Fix:** plan the move to the replacement, and test it before the date.
"""
DEPRECATED = Rule("AOAI122", "deprecated-version", W, "The model version is deprecated or legacy.")
"""The model version is closed to new customers as this deployment type on the validation date (the
"Deprecation Date (No New Customers)" of Microsoft's retirement schedule has come, and the version has
not retired; Azure's `lifecycleStatus` `Deprecating`), or Microsoft lists it as **Legacy** (a newer
version is recommended before it retires).

A subscription that has never deployed a version closed to new customers cannot create it. Offline, the
catalog cannot tell whether this subscription has, so this is a warning that says so; with
`aoai-infra validate --live` the subscription's deployments are read, and a subscription with none of
the version gets the error AOAI126 instead. With `--live`, this warning says that the subscription has
deployments of it (so it may create more until it retires), or why that could not be read.

The date comes from the catalog, per deployment type where Microsoft gives one; `aoai-infra catalog show
MODEL` shows it and its source.

**Fix:** move to the replacement named in the message, or to a current version.
"""
NO_UPGRADE = Rule(
    "AOAI123", "no-upgrade-before-retirement", W, "NoAutoUpgrade on a version that retires soon."
)
"""The deployment pins its version with `upgrade: NoAutoUpgrade`, and that version retires within the
warning window. With NoAutoUpgrade a deployment is never upgraded and stops working at retirement
(`S_WORKING_WITH_MODELS`).

**Fix:** move to a newer version now, or set `upgrade: OnceCurrentVersionExpired` so that Azure upgrades it at retirement.
"""  # noqa: E501
PREVIEW_IN_PROD = Rule(
    "AOAI124", "preview-in-production", W, "A preview model version in a production stack."
)
"""A preview model version is deployed in a production stack (a stack file whose name starts with
`prod`). Preview versions may change behaviour and retire at short notice (Microsoft's model retirement
policy: 90-120 days for previews, `S_RETIRE_POLICY`).

**Fix:** use a generally available version in production, or keep the preview in a non-production stack.
"""
CLOSED_TO_NEW = Rule(
    "AOAI126",
    "closed-to-new-customers",
    E,
    "A version closed to new customers, which the subscription has no deployment of (validate --live).",
)
"""Only with `aoai-infra validate --live`. The model version is closed to new customers for this deployment
type (its "no new customers" date in Microsoft's retirement schedule has come, and it has not retired
yet), and the stack's subscription has no deployment of it in any of its OpenAI or AIServices accounts.
Azure decides "existing customer" per subscription, by whether it has deployed that exact model version
("Deprecated" stage in Microsoft Learn's *Azure OpenAI model deprecations and retirements*,
`tools/catalog-docs/articles/foundry/openai/includes/concepts-model-retirements-content.md`), so the
deployment is refused.

Live mode reads the subscription's accounts (`accounts.list`) and the deployments of each
(`deployments.list`) only when a stack declares such a version; the identity needs **Reader** on the
subscription. Azure lists the deployments that exist now: a subscription that deployed the version once
and deleted every deployment of it may still count as an existing customer, which no API shows.

When the subscription has a deployment of the version, the rule does not fire and AOAI122 warns as
before. When the accounts or a deployment list cannot be read (a missing role, more than 500 accounts,
an answer that is not Azure's shape), AOAI122 warns and says why, and nothing is guessed.

**Fix:** deploy the replacement named in the message, or a current version of the model.
"""
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
