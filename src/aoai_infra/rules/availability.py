"""AOAI101-AOAI109: is this model version offered as this deployment type in this region?

Unknown is not unavailable: where the catalog cannot tell (a model it has never heard of and that looks
like none it knows, a version newer than the catalog, a version newer than the region table of its
deployment type, a version the lifecycle pages list but no region table does), AOAI109 warns with the
catalog's date and the fix, and the errors are kept for what the catalog does know.

Each check reports one thing and stays quiet when an earlier check already explains the deployment
(an unknown model is not also "not offered here"). The full text of each rule is in docs/rules/<CODE>.md.

Imports: aoai_infra.findings, aoai_infra.rules, aoai_infra.suggest.
"""

from __future__ import annotations

from collections.abc import Iterator

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import DeploymentRef, StackContext
from aoai_infra.suggest import closest, listing

E, W = Severity.ERROR, Severity.WARNING

UNKNOWN_REGION = Rule("AOAI101", "unknown-region", E, "The region is not one the catalog knows.")
"""A region written in the stack (the stack's `location`, or an account's `location`) is not a region
of the catalog. Azure's location names are lowercase without spaces (`eastus`, `swedencentral`); the
message suggests the closest one, ignoring case, spaces and hyphens (`East US`, `east-us` → `eastus`).
Deployments of an account in an unknown region are not checked further.

**Fix:** use the region name the message suggests; `aoai-infra catalog where MODEL` lists the regions of a model.
"""  # noqa: E501
UNKNOWN_MODEL = Rule("AOAI102", "unknown-model", E, "The model is not in the catalog.")
"""The deployment's `model` is not in the catalog, not even as a retired model. Retired models stay in
the catalog, so this means a typo or a model the catalog does not know yet.

**Fix:** use the suggested name, or list the models with `aoai-infra catalog models`. For a model newer than the catalog, point `--catalog` at a newer one.
"""  # noqa: E501
UNKNOWN_VERSION = Rule("AOAI103", "unknown-version", E, "The model has no such version.")
"""The model exists, but not in this version. The message lists the versions the catalog knows. Versions
are text: write them quoted (`version: "2024-11-20"`, `version: "1"`).

**Fix:** use one of the listed versions; `aoai-infra catalog show MODEL` shows their lifecycle.
"""
UNKNOWN_TYPE = Rule("AOAI104", "unknown-deployment-type", E, "The deployment type (sku) does not exist.")
"""The deployment's `sku` is not a deployment type: Standard, GlobalStandard, DataZoneStandard,
ProvisionedManaged, GlobalProvisionedManaged, DataZoneProvisionedManaged, GlobalBatch, DataZoneBatch or
DeveloperTier, spelled as Azure spells them. A type in another case (`datazonestandard`) is this error
too, and the only one: the other rules read it as the type it names. Writing it as Azure does keeps the
file, Azure's answers and `aoai-infra plan` in agreement (plan shows a case-only change as an update, never
as a replacement).

**Fix:** use the suggested deployment type, in its spelling.
"""
NOT_OFFERED = Rule(
    "AOAI105",
    "type-not-offered",
    E,
    "The model version is not offered as this deployment type in this region.",
)
"""The model version exists but is not offered as this deployment type in this region: Azure would
answer "SKU ... is not supported in this region" after the account was created. The message names the
types offered in this region and the regions that offer this type.

Source: the availability matrices of Microsoft Learn (`S_DEP_STD` 2026-06-11, `S_DEP_PTU` 2026-05-11,
`S_DEP_BATCH` 2026-08-28 in the catalog's `sources`).

**Fix:** pick one of the types offered here, or move the account to one of the regions listed.
"""
OUTSIDE_DATA_ZONE = Rule(
    "AOAI106", "outside-data-zone", E, "A DataZone type in a region outside every data zone."
)
"""DataZoneStandard, DataZoneProvisionedManaged and DataZoneBatch process data inside the data zone of
the account's region (US or EU). Regions outside both zones (brazilsouth, canadacentral, canadaeast,
switzerlandwest, uksouth, the Asia-Pacific, Middle East and Africa regions) offer no DataZone type.
Microsoft names an APAC data zone, but no region of it is published yet.

**Fix:** use Standard or a Global type in this region, or move the account to a region of the US or EU data zone.
"""  # noqa: E501
DEVELOPER_TIER = Rule("AOAI107", "developer-tier-base-model", E, "DeveloperTier on a base model.")
"""DeveloperTier deploys fine-tuned models for evaluation: 24-hour lifetime, no SLA, no data residency
guarantee (Microsoft's deployment types page, `S_DEPLOY_TYPES`). The catalog's models are base models,
which cannot be deployed as DeveloperTier.

**Fix:** use GlobalStandard or another type the region offers.
"""
ACCOUNT_SKU = Rule(
    "AOAI108", "account-sku-as-deployment-type", E, "The account SKU S0 used as a deployment type."
)
"""`S0` is the SKU of the account (`accounts[].sku`), not a deployment type. A deployment's `sku` is its
deployment type.

**Fix:** set the deployment's `sku` to a deployment type, such as GlobalStandard.
"""

AVAILABILITY_UNKNOWN = Rule(
    "AOAI109", "availability-unknown", W, "The catalog cannot tell whether this is offered: it may be newer."
)
"""The catalog cannot tell whether the deployment is offered, because Azure may simply be newer than the
catalog. Unknown is not unavailable: instead of an error that claims Azure would refuse, this warning
names the catalog's date and what the catalog lacks:

- a model name the catalog has never seen and that resembles none it knows (a name that resembles a
  known model is AOAI102 with a did-you-mean: most likely a typo);
- a version dated after the catalog (`gpt-5.6-sol 2027-01-15` against a catalog of 2026-10-05);
- a version dated after the region table of its deployment type: Microsoft updates the standard,
  provisioned and batch tables on different days, so a model in the 2026-10-05 standard table can be
  missing from the 2026-08-28 batch table only because that table is older;
- a version that the retirement schedule or the quota tier tables list, but no region table does yet.

When the version is in the region table of its type and only the region is missing, or the table is
newer than the version, the catalog does know: that is AOAI105, an error.

**Fix:** run `aoai-infra catalog sync` for the regions you deploy to and point the stack at the result
(`catalog:` or `--catalog`), or upgrade aoai-infra for a newer bundled catalog.
"""

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
