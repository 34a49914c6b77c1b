"""AOAI101-AOAI109: is this model version offered as this deployment type in this region?

Unknown is not unavailable: where the catalog cannot tell (a model it has never heard of and that looks
like none it knows, a version newer than the catalog, a version newer than the region table of its
deployment type, a version the lifecycle pages list but no region table does), AOAI109 warns with the
catalog's date and the fix, and the errors are kept for what the catalog does know.

Each check reports one thing and stays quiet when an earlier check already explains the deployment
(an unknown model is not also "not offered here"). The full text of each rule is in docs/rules/<CODE>.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import DeploymentRef, StackContext
from aoai_infra.suggest import closest, listing

E, W = Severity.ERROR, Severity.WARNING

UNKNOWN_REGION = Rule("AOAI101", "unknown-region", E, "The region is not one the catalog knows.")
UNKNOWN_MODEL = Rule("AOAI102", "unknown-model", E, "The model is not in the catalog.")
UNKNOWN_VERSION = Rule("AOAI103", "unknown-version", E, "The model has no such version.")
UNKNOWN_TYPE = Rule("AOAI104", "unknown-deployment-type", E, "The deployment type (sku) does not exist.")
NOT_OFFERED = Rule(
    "AOAI105",
    "type-not-offered",
    E,
    "The model version is not offered as this deployment type in this region.",
)
OUTSIDE_DATA_ZONE = Rule(
    "AOAI106", "outside-data-zone", E, "A DataZone type in a region outside every data zone."
)
DEVELOPER_TIER = Rule("AOAI107", "developer-tier-base-model", E, "DeveloperTier on a base model.")
ACCOUNT_SKU = Rule(
    "AOAI108", "account-sku-as-deployment-type", E, "The account SKU S0 used as a deployment type."
)

AVAILABILITY_UNKNOWN = Rule(
    "AOAI109", "availability-unknown", W, "The catalog cannot tell whether this is offered: it may be newer."
)

RULES = (UNKNOWN_REGION, UNKNOWN_MODEL, UNKNOWN_VERSION, UNKNOWN_TYPE, NOT_OFFERED, OUTSIDE_DATA_ZONE,
         DEVELOPER_TIER, ACCOUNT_SKU, AVAILABILITY_UNKNOWN)  # fmt: skip


def check(ctx: StackContext) -> Iterator[Finding]:
    yield from unknown_region(ctx)
    for ref in ctx.deployments:
        if ref.offer is not None:  # offered here: the region, model, version and type all exist and fit
            finding = type_spelling(ref)
            if finding is not None:
                yield finding
            continue
        for rule_check in (unknown_model, unknown_version, account_sku, unknown_type, developer_tier,
                           outside_data_zone, not_offered):  # fmt: skip
            finding = rule_check(ref)
            if finding is not None:
                yield finding


def unknown_region(ctx: StackContext) -> Iterator[Finding]:
    """Each region written in the stack (its `location`, an account's `location`) must be in the catalog."""
    seen: set[tuple[str | int, ...]] = set()
    for account in ctx.accounts():
        path = tuple(account.region_path)
        if path in seen or ctx.catalog.has_region(account.region):
            continue
        seen.add(path)
        guess = closest(account.region, ctx.catalog.regions)
        fix = f"did you mean '{guess}'?" if guess else f"use one of: {listing(ctx.catalog.regions, 28)}"
        message = f"unknown region '{account.region}' (not in the {ctx.catalog.label}); {fix}"
        yield UNKNOWN_REGION.finding(ctx.file, ctx.position(path), message)


def unknown_model(ref: DeploymentRef) -> Finding | None:
    """A name like a known model is a typo (error); a name like none may be newer than the catalog."""
    model = ref.deployment.model
    catalog = ref.stack.catalog
    if catalog.model(model) is not None:
        return None
    guess = closest(model, catalog.current_models(ref.stack.options.today))
    if guess:
        message = f"unknown model '{model}' in deployment '{ref.deployment.name}'; did you mean '{guess}'?"
        return UNKNOWN_MODEL.finding(ref.stack.file, ref.at("model"), message)
    message = (
        f"model '{model}' is not in the {catalog.label}, so its availability could not be checked; if it is "
        f"newer than the catalog, run `aoai-infra catalog sync` or upgrade aoai-infra, else list the models "
        "with `aoai-infra catalog models`"
    )
    return AVAILABILITY_UNKNOWN.finding(ref.stack.file, ref.at("model"), message)


def unknown_version(ref: DeploymentRef) -> Finding | None:
    """A version newer than the catalog may exist (warning); an older one the catalog lacks does not."""
    d = ref.deployment
    catalog = ref.stack.catalog
    if catalog.model(d.model) is None or ref.lifecycle is not None:
        return None
    versions = catalog.versions(d.model)
    if catalog.unknown_because(d.model, d.version, d.sku) is not None:
        message = (
            f"{d.model} {d.version} is newer than the {catalog.label}, so its availability could not be "
            f"checked; run `aoai-infra catalog sync` or upgrade aoai-infra "
            f"(known versions: {listing(versions)})"
        )
        return AVAILABILITY_UNKNOWN.finding(ref.stack.file, ref.at("version"), message)
    message = f"{d.model} has no version '{d.version}'; versions: {listing(versions)}"
    return UNKNOWN_VERSION.finding(ref.stack.file, ref.at("version"), message)


def account_sku(ref: DeploymentRef) -> Finding | None:
    if ref.deployment.sku.lower() != "s0":
        return None
    offered = _types_here(ref)
    example = "GlobalStandard" if "GlobalStandard" in offered or not offered else offered[0]
    message = (
        "S0 is the account SKU, not a deployment type; set the deployment's sku to a deployment type "
        f"such as {example}"
    )
    return ACCOUNT_SKU.finding(ref.stack.file, ref.at("sku"), message)


def type_spelling(ref: DeploymentRef) -> Finding | None:
    """A deployment type in another case than Azure's. The other rules look types up without case, so
    this is the one finding of a case mistake."""
    sku, found = ref.deployment.sku, ref.deployment_type
    if found is None or found[0] == sku:
        return None
    message = f"deployment type '{sku}' is spelled '{found[0]}'; write it so, as Azure names it"
    return UNKNOWN_TYPE.finding(ref.stack.file, ref.at("sku"), message)


def unknown_type(ref: DeploymentRef) -> Finding | None:
    sku = ref.deployment.sku
    if ref.deployment_type is not None:
        return type_spelling(ref)
    if sku.lower() == "s0":
        return None
    known = ref.stack.catalog.deployment_types
    guess = closest(sku, known)
    fix = f"did you mean '{guess}'?" if guess else f"use one of: {listing(known, 9)}"
    return UNKNOWN_TYPE.finding(ref.stack.file, ref.at("sku"), f"unknown deployment type '{sku}'; {fix}")


def developer_tier(ref: DeploymentRef) -> Finding | None:
    found = ref.deployment_type
    if found is None or found[1].family != "developer":
        return None
    message = (
        "DeveloperTier deploys fine-tuned models for evaluation only (24-hour lifetime, no SLA); "
        f"{ref.deployment.model} is a base model: use GlobalStandard or another type offered here"
    )
    return DEVELOPER_TIER.finding(ref.stack.file, ref.at("sku"), message)


def outside_data_zone(ref: DeploymentRef) -> Finding | None:
    found = ref.deployment_type
    catalog = ref.stack.catalog
    if found is None or found[1].scope != "datazone" or not catalog.has_region(ref.region):
        return None
    if catalog.zone_of(ref.region) is not None:
        return None
    zones = "; ".join(f"{zone}: {', '.join(info.regions)}" for zone, info in catalog.data.data_zones.items())
    message = (
        f"{found[0]} needs a region inside a data zone, and {ref.region} is in none; "
        f"use Standard or a Global type here, or move the account to a data zone region ({zones})"
    )
    return OUTSIDE_DATA_ZONE.finding(ref.stack.file, ref.at("sku"), message)


def not_offered(ref: DeploymentRef) -> Finding | None:
    found = ref.deployment_type
    catalog = ref.stack.catalog
    if found is None or found[1].family == "developer" or ref.lifecycle is None or ref.is_retired:
        return None
    if not catalog.has_region(ref.region) or ref.offer is not None:
        return None
    if found[1].scope == "datazone" and catalog.zone_of(ref.region) is None:
        return None  # outside_data_zone explains it
    d = ref.deployment
    elsewhere = catalog.regions_offering(d.model, d.version, found[0])
    if not elsewhere:
        unknown = _not_tabulated(ref, found[0])
        if unknown is not None:
            return unknown
    here = _types_here(ref)
    where = (
        f"it is offered as {found[0]} in {listing(elsewhere)}"
        if elsewhere
        else f"no region offers it as {found[0]}"
    )
    types = f"here it is offered as {', '.join(here)}" if here else f"{ref.region} offers no type of it"
    message = f"{d.model} {d.version} is not offered as {found[0]} in {ref.region}; {types}; {where}"
    return NOT_OFFERED.finding(ref.stack.file, ref.at("sku"), message)


def _not_tabulated(ref: DeploymentRef, sku: str) -> Finding | None:
    """No region offers the version as this type: known not offered, unless the catalog cannot know."""
    d = ref.deployment
    catalog = ref.stack.catalog
    why = catalog.unknown_because(d.model, d.version, sku)
    if why is None:
        return None
    message = (
        f"{d.model} {d.version} as {sku}: {why}, so the {catalog.label} cannot tell where it is offered; "
        "run `aoai-infra catalog sync` for the regions you deploy to, or upgrade aoai-infra"
    )
    return AVAILABILITY_UNKNOWN.finding(ref.stack.file, ref.at("sku"), message)


def _types_here(ref: DeploymentRef) -> list[str]:
    d = ref.deployment
    return ref.stack.catalog.skus_in(ref.region, d.model, d.version)
