"""Put the pages' facts together into a catalog file (the format of aoai_infra.catalog.model).

Choices made here, each visible in the catalog it writes:
- The catalog's date (`as_of`) is the newest page date among the pages read.
- `regions` follows Azure's `models.list(location)` answer, so that `catalog sync` writes the same shape.
  A SKU's `deprecationDate` is its own deployment type's retirement where a page gives one.
- Usage names follow Azure's pattern `OpenAI.<deployment type>.<model>`; provisioned quota is one pool per
  deployment type whatever the model, so provisioned SKUs draw on `OpenAI.<deployment type>.PTU`.
- Quota limits are capacity units (1 unit = 1,000 tokens per minute; for batch, 1,000 enqueued tokens).
- PTU minimums and steps exist only for models the PTU table lists; for others they are not known.
- A replacement is kept only if it names a model version in the catalog that is current on the
  retirement date; otherwise the build reports it and leaves it out, so no suggestion names a retired or
  unknown model.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from aoai_infra.catalog.catalog import released as version_released
from catalog_build import pages as read
from catalog_build import prices as priced
from catalog_build.lifecycle import Conflict, Merged, merge
from catalog_build.markdown import Page

OPENAI = "articles/foundry/openai"
MATRIX = "articles/foundry/foundry-models/includes/model-matrix"
PAGES = {
    "MS_DEPLOYMENTS_STANDARD": f"{MATRIX}/deployments-standard.md",
    "MS_DEPLOYMENTS_PROVISIONED": f"{MATRIX}/deployments-provisioned.md",
    "MS_DEPLOYMENTS_BATCH": f"{MATRIX}/deployments-batch.md",
    "MS_RETIREMENT_SCHEDULE": f"{OPENAI}/includes/concepts-model-retirement-schedule-content.md",
    "MS_RETIREMENT_TABLE": f"{OPENAI}/includes/retirement/models.md",
    "MS_RETIRED_MODELS": f"{OPENAI}/includes/concepts-retired-models-content.md",
    "MS_QUOTAS": f"{OPENAI}/quotas-limits.md",
    **{f"MS_TIER_{n}": f"{OPENAI}/includes/quota-tier/tier-{n}.md" for n in range(1, 7)},
    "MS_BATCH_LIMITS": f"{OPENAI}/includes/global-batch-limits.md",
    "MS_PTU": f"{OPENAI}/how-to/provisioned-throughput-onboarding.md",
    "MS_DEPLOYMENT_TYPES": "articles/foundry/foundry-models/concepts/deployment-types.md",
}
REGION_PAGES = ("MS_DEPLOYMENTS_STANDARD", "MS_DEPLOYMENTS_PROVISIONED", "MS_DEPLOYMENTS_BATCH")
TIERS = tuple(f"tier{n}" for n in range(1, 7))
OFFERS = tuple(read.OFFER_COLUMNS.values())
ARM_STATUS = {
    "ga": "GenerallyAvailable",
    "preview": "Preview",
    "legacy": "Legacy",
    "deprecated": "Deprecating",
}
PROVISIONED = ("GlobalProvisionedManaged", "DataZoneProvisionedManaged", "ProvisionedManaged")


@dataclass
class Inputs:
    pages: dict[str, Page]  # source id: page
    commits: dict[str, str]  # repository path: commit
    hand_kept: dict[str, Any]
    prices: list[dict[str, Any]]  # the researched Retail Prices API facts (tools/catalog-prices/)
    price_items: list[dict[str, Any]]  # the Retail Prices API items they rest on


class Build:
    """One build: the inputs, the source id of each page, and what the build has to report."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.ids = {page.file: key for key, page in inputs.pages.items()}
        self.report: list[str] = []
        self.conflicts: list[Conflict] = []

    def page(self, key: str) -> Page:
        return self.inputs.pages[key]

    def source(self, cite: read.Cite) -> str:
        return self.ids[cite.file]


def assemble(inputs: Inputs) -> tuple[dict[str, Any], list[str]]:
    build = Build(inputs)
    tables = read.RegionTables()
    for key in REGION_PAGES:
        read.region_tables(build.page(key), tables)
    lifecycles = _lifecycles(build, tables)
    models = _models(build, tables, lifecycles)
    versions = {name: [v for v in info["versions"] if v != "*"] for name, info in models.items()}
    price_rows, price_sources, price_report = priced.prices(inputs.prices, inputs.price_items, versions)
    catalog = {
        "format": 1,
        "as_of": _newest(build),
        "note": "Built by tools/build_catalog.py from Microsoft's documentation sources "
        "(MicrosoftDocs/azure-ai-docs; each source below names its file, commit and date) and "
        "tools/catalog-hand-kept.yaml, prices from the Retail Prices API records in tools/catalog-prices/. "
        "Availability, lifecycle, quota tiers, batch quota, service limits and PTU rules are read from the "
        "pages' tables.",
        "built_from": "tools/build_catalog.py --docs tools/catalog-docs",
        "uncertainties": [*inputs.hand_kept["uncertainties"], *map(str, build.conflicts)],
        "deployment_types": _deployment_types(build, tables),
        "data_zones": _data_zones(tables),
        "regions": _regions(build, tables, models),
        "models": models,
        "quota": _quota(build),
        "limits": _limits(build),
        "ptu": _ptu(build, set(models)),
        "prices": price_rows,
        "sources": {**_sources(build), **price_sources},
    }
    build.report[:0] = [f"conflict: {conflict}" for conflict in build.conflicts]
    build.report.extend(price_report)
    build.report.append(_counts(catalog, len(build.conflicts)))
    return catalog, build.report


def render(catalog: dict[str, Any]) -> str:
    return json.dumps(catalog, indent=1, ensure_ascii=False) + "\n"


# Lifecycle


def _lifecycles(build: Build, tables: read.RegionTables) -> dict[tuple[str, str], Merged]:
    offered = {(offer.model, offer.version) for offer in tables.offers}
    listed = {pair for pairs in tables.listed.values() for pair in pairs}
    scope = {model for model, _ in offered | listed}
    statements = [
        *read.retired_models(build.page("MS_RETIRED_MODELS")),
        *read.retirement_table(build.page("MS_RETIREMENT_TABLE")),
        *read.schedule(build.page("MS_RETIREMENT_SCHEDULE"), also=scope),
    ]
    return merge(statements, build.conflicts)


def _models(
    build: Build, tables: read.RegionTables, lifecycles: dict[tuple[str, str], Merged]
) -> dict[str, Any]:
    models: dict[str, dict[str, Any]] = defaultdict(lambda: {"versions": {}})
    for (name, version), merged in lifecycles.items():
        models[name]["versions"][version] = _lifecycle(build, merged)
    for name, versions in build.inputs.hand_kept["retired_versions"].items():
        for version, entry in versions.items():
            models[name]["versions"].setdefault(str(version), dict(entry))  # a page that lists it wins
    for offer in sorted(tables.offers, key=lambda o: (o.model, o.version)):
        versions = models[offer.model]["versions"]
        if offer.version not in versions:  # offered, but no lifecycle page lists it
            versions[offer.version] = {"status": "unknown", "source": build.source(tables.tables[offer.sku])}
    rpm = build.inputs.hand_kept["rpm_per_unit"]["values"]
    for name, info in models.items():
        info["versions"] = dict(sorted(info["versions"].items()))
        if name in rpm:
            info["rpm_per_unit"] = rpm[name]
    result = dict(sorted(models.items()))
    _check_replacements(build, result)
    return result


def _lifecycle(build: Build, merged: Merged) -> dict[str, Any]:
    values, cites = merged.values, merged.cites
    status_cite = cites.get("status") or next(iter(cites.values()))
    entry: dict[str, Any] = {
        "status": values.get("status", "unknown"),
        "stated_on": status_cite.date.isoformat(),
    }
    for name in ("retirement", "no_new_customers"):
        if values.get(name) is not None:
            entry[name] = values[name].isoformat()
    if values.get("replacement"):
        entry["replacement"], version = values["replacement"]
        if version:
            entry["replacement_version"] = version
    if values.get("remark"):
        entry["remark"] = values["remark"]
    entry["source"] = build.source(status_cite)
    own = {name: build.source(cite) for name, cite in cites.items() if build.source(cite) != entry["source"]}
    if own:
        entry["sources"] = dict(sorted(own.items()))
    if merged.per_type:
        entry["deployment_types"] = {
            sku: {
                "retirement": item["retirement"].isoformat(),
                **({"remark": item["remark"]} if item["remark"] else {}),
                "source": build.source(item["cite"]),
            }
            for sku, item in sorted(merged.per_type.items())
        }
    return entry


def _check_replacements(build: Build, models: dict[str, Any]) -> None:
    """Keep a replacement only if the catalog has it current on the day the version retires."""
    for name, info in models.items():
        for version, entry in info["versions"].items():
            target = entry.get("replacement")
            if not target:
                continue
            day = datetime.date.fromisoformat(entry.get("retirement") or _newest(build))
            if not _current(models.get(target), entry.get("replacement_version"), day):
                build.report.append(
                    f"replacement dropped: {name} {version} names {target} "
                    f"{entry.get('replacement_version') or ''}, which the catalog does not have current on "
                    f"{day.isoformat()}".replace("  ", " ")
                )
                entry.pop("replacement")
                entry.pop("replacement_version", None)


def _current(info: dict[str, Any] | None, version: str | None, day: datetime.date) -> bool:
    if info is None:
        return False
    for name, entry in info["versions"].items():
        if version is not None and name != version:
            continue
        released = version_released(name)
        retired = entry.get("retirement")
        if retired and datetime.date.fromisoformat(retired) <= day:
            continue
        if entry["status"] == "retired" and not retired:
            continue  # retired on a day no page gives
        if released is None or released <= day:
            return True
    return False


def _newest(build: Build) -> str:
    return max(page.date for page in build.inputs.pages.values()).isoformat()


# Availability


def _deployment_types(build: Build, tables: read.RegionTables) -> dict[str, Any]:
    result = {}
    for name, kept in build.inputs.hand_kept["deployment_types"].items():
        entry = dict(kept)
        cite = tables.tables.get(name)
        if cite is not None:
            entry["availability_source"] = build.source(cite)
            entry["availability_as_of"] = cite.date.isoformat()
        result[name] = entry
    return result


def _data_zones(tables: read.RegionTables) -> dict[str, Any]:
    zones: dict[str, list[str]] = defaultdict(list)
    for region, zone in tables.zones.items():
        zones[zone].append(region)
    source = "MS_DEPLOYMENTS_STANDARD, MS_DEPLOYMENTS_PROVISIONED, MS_DEPLOYMENTS_BATCH"
    return {zone: {"regions": sorted(regions), "source": source} for zone, regions in sorted(zones.items())}


def _regions(build: Build, tables: read.RegionTables, models: dict[str, Any]) -> dict[str, Any]:
    ptu = {row.model: row for row in read.ptu_tables(build.page("MS_PTU"))}
    maximum = read.service_limits(build.page("MS_QUOTAS"))["ptu_per_deployment"][0]
    offers: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for offer in tables.offers:
        lifecycle = models[offer.model]["versions"][offer.version]
        offers[offer.region][(offer.model, offer.version)].append(
            _sku(build, offer, lifecycle, ptu.get(offer.model), maximum)
        )
    order = list(build.inputs.hand_kept["deployment_types"])  # the order users know them in
    result = {}
    for region in sorted(tables.geography):
        entries: list[dict[str, Any]] = []
        for (model, version), skus in sorted(offers[region].items()):
            lifecycle = models[model]["versions"][version]
            arm: dict[str, Any] = {"format": "OpenAI", "name": model, "version": version}
            if lifecycle["status"] in ARM_STATUS:
                arm["lifecycleStatus"] = ARM_STATUS[lifecycle["status"]]
            arm["skus"] = sorted(skus, key=lambda sku: order.index(sku["name"]))
            entries.append({"kind": "OpenAI", "skuName": "S0", "model": arm})
        sources = sorted({sku["source"] for entry in entries for sku in entry["model"]["skus"]})
        result[region] = {
            "geography": tables.geography[region],
            "source": ", ".join(sources) or "MS_DEPLOYMENTS_STANDARD",
            "models": entries,
        }
    return result


def _sku(
    build: Build, offer: read.Offer, lifecycle: dict[str, Any], ptu: read.PtuRow | None, maximum: int
) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": offer.sku}
    if offer.sku in PROVISIONED:
        entry["usageName"] = f"OpenAI.{offer.sku}.PTU"
        capacity: dict[str, int] = {"maximum": maximum}
        if ptu is not None:
            low, step = (
                (ptu.regional_min, ptu.regional_step)
                if offer.sku == "ProvisionedManaged"
                else (ptu.global_min, ptu.global_step)
            )
            capacity.update({k: v for k, v in (("minimum", low), ("step", step)) if v is not None})
        entry["capacity"] = dict(sorted(capacity.items()))
    else:
        entry["usageName"] = f"OpenAI.{offer.sku}.{offer.model}"
    retirement = lifecycle.get("deployment_types", {}).get(offer.sku, {}).get("retirement") or lifecycle.get(
        "retirement"
    )
    if retirement:
        entry["deprecationDate"] = f"{retirement}T00:00:00Z"
    entry["source"] = build.source(offer.cite)
    return entry


# Quota and limits


def _quota(build: Build) -> dict[str, Any]:
    cells = []
    for number in range(1, 7):
        cells.extend(read.tier(build.page(f"MS_TIER_{number}"), number))
    cells.extend(read.batch_limits(build.page("MS_BATCH_LIMITS"), _corrections(build, "MS_BATCH_LIMITS")))
    cells.extend(read.model_router_limits(build.page("MS_QUOTAS")))
    usages: dict[str, dict[str, Any]] = {}
    for cell in cells:
        usage = usages.setdefault(
            f"OpenAI.{cell.sku}.{cell.model}",
            {"model": cell.model, "sku": cell.sku, "limits": {}, "sources": {}, "notes": {}},
        )
        _put(build, usage, cell)
    for usage in usages.values():
        order = [column for column in (*TIERS, *OFFERS) if column in usage["sources"]]
        usage["limits"] = {c: usage["limits"][c] for c in order if c in usage["limits"]}
        usage["sources"] = {c: usage["sources"][c] for c in order}
        usage["notes"] = {c: usage["notes"][c] for c in order if c in usage["notes"]}
        if not usage["notes"]:
            del usage["notes"]
    return {
        "unit": "capacity units: 1 unit = 1,000 tokens per minute (batch: 1,000 enqueued tokens)",
        "scope": "per Azure subscription, per region, per model and deployment type (MS_QUOTAS)",
        "columns": [*TIERS, *OFFERS],
        "note": "tier1..tier6 are the quota tier tables; enterprise, pay-as-you-go (the pages' Default), "
        "credit-card, "
        "msdn and free-trial are the offer types of the tables that give limits by offer "
        "(batch, model-router). "
        "A pool without a value for a stack's tier or offer has no known limit: validate says so (AOAI213).",
        "usages": dict(sorted(usages.items())),
    }


def _put(build: Build, usage: dict[str, Any], cell: read.QuotaCell) -> None:
    column = cell.column
    before = usage["limits"].get(column)
    if column in usage["sources"] and before != cell.units:
        build.report.append(
            f"quota: {cell.cite} gives {usage['model']} {usage['sku']} {column} {cell.units} beside "
            f"{before}; the lower holds"
        )
        if before is None or (cell.units is not None and cell.units > before):
            return
    if cell.units is not None:
        usage["limits"][column] = cell.units
    usage["sources"][column] = build.source(cell.cite)
    if cell.note:
        usage["notes"][column] = cell.note


def _corrections(build: Build, key: str) -> dict[str, str]:
    file = build.page(key).file
    found = {}
    for fix in build.inputs.hand_kept.get("name_corrections", []):
        if fix["file"] == file:
            found[fix["written"]] = fix["means"]
            build.report.append(
                f"correction: {file} writes '{fix['written']}' for {fix['means']} ({fix['why']})"
            )
    return found


def _limits(build: Build) -> dict[str, Any]:
    limits = read.service_limits(build.page("MS_QUOTAS"))
    return {**{key: value for key, (value, _) in sorted(limits.items())}, "source": "MS_QUOTAS"}


def _ptu(build: Build, models: set[str]) -> dict[str, Any]:
    rows = [row for row in read.ptu_tables(build.page("MS_PTU")) if row.model in models]
    result = {}
    for row in rows:
        entry: dict[str, Any] = {}
        if row.global_min is not None and row.global_step is not None:
            entry["global_and_datazone"] = {"minimum": row.global_min, "step": row.global_step}
        if row.regional_min is not None and row.regional_step is not None:
            entry["regional"] = {"minimum": row.regional_min, "step": row.regional_step}
        entry["input_tpm_per_ptu"] = row.input_tpm
        entry["output_to_input_ratio"] = row.ratio
        result[row.model] = entry
    return {
        "source": "MS_PTU",
        "notes": [
            "Models without a row here have no published PTU minimum or increment: the catalog does not know "
            "them, and validate does not check them.",
        ],
        "models": dict(sorted(result.items())),
    }


def _sources(build: Build) -> dict[str, Any]:
    result = {}
    for key, page in build.inputs.pages.items():
        commit = build.inputs.commits.get(page.file, "unknown commit")
        result[key] = {
            "location": f"MicrosoftDocs/azure-ai-docs: {page.file}@{commit}",
            "date": f"{page.date.isoformat()} (ms.date)",
        }
    return {**dict(sorted(result.items())), **build.inputs.hand_kept["sources"]}


def _counts(catalog: dict[str, Any], conflicts: int) -> str:
    versions = sum(len(info["versions"]) for info in catalog["models"].values())
    return (
        f"catalog as of {catalog['as_of']}: {len(catalog['models'])} models, {versions} model versions, "
        f"{len(catalog['regions'])} regions, {len(catalog['quota']['usages'])} quota pools, "
        f"{conflicts} conflicts between pages"
    )
