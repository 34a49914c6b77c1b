"""Answers to `aoai-infra catalog where / models / show`, as plain data for tables and JSON."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from aoai_infra.catalog.catalog import ANY_VERSION, Catalog
from aoai_infra.suggest import closest


class QueryError(Exception):
    """The question names something the catalog does not know; the message names the fix."""


def where(
    catalog: Catalog, model: str, version: str | None = None, sku: str | None = None
) -> list[dict[str, Any]]:
    """Regions where `model` (at `version`, as `sku`) can be deployed: one row per region and version."""
    _known_model(catalog, model)
    if version is not None and version not in catalog.versions(model):
        raise QueryError(
            f"{model} has no version '{version}'; versions: {', '.join(catalog.versions(model))}"
        )
    if sku is not None and catalog.deployment_type(sku) is None:
        guess = closest(sku, catalog.deployment_types)
        raise QueryError(f"unknown deployment type '{sku}'" + (f"; did you mean '{guess}'?" if guess else ""))
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for offer in catalog.offers(model, version, sku):
        rows[(offer.region, offer.version)].append(offer.sku.name)
    return [
        {"region": region, "version": found, "data_zone": catalog.zone_of(region), "deployment_types": types}
        for (region, found), types in sorted(rows.items())
    ]


def models(catalog: Catalog, region: str | None = None) -> list[dict[str, Any]]:
    """Every model version with its lifecycle, and the deployment types offered (in `region`, or anywhere)."""
    if region is not None and not catalog.has_region(region):
        guess = closest(region, catalog.regions)
        raise QueryError(f"unknown region '{region}'" + (f"; did you mean '{guess}'?" if guess else ""))
    rows = []
    for name, info in catalog.data.models.items():
        for version, lifecycle in info.versions.items():
            types = sorted(
                {offer.sku.name for offer in catalog.offers(name, version) if region in (None, offer.region)}
            )
            if region is not None and not types:
                continue
            rows.append(
                {
                    "model": name,
                    "version": "any" if version == ANY_VERSION else version,
                    "status": lifecycle.status,
                    "retirement": lifecycle.retirement.isoformat() if lifecycle.retirement else None,
                    "deployment_types": types,
                }
            )
    return rows


def show(catalog: Catalog, model: str) -> dict[str, Any]:
    """Everything the catalog knows about one model: versions, lifecycle, types and regions, limits."""
    info = _known_model(catalog, model)
    versions = []
    for version, lifecycle in info.versions.items():
        regions: dict[str, list[str]] = defaultdict(list)
        for offer in catalog.offers(model, version):
            regions[offer.sku.name].append(offer.region)
        versions.append(
            {
                "version": "any" if version == ANY_VERSION else version,
                **lifecycle.model_dump(mode="json", exclude_none=True),
                "regions_by_deployment_type": {sku: sorted(found) for sku, found in regions.items()},
            }
        )
    usages = {
        usage_name: usage.limits
        for usage_name, usage in catalog.data.quota.usages.items()
        if usage.model == model
    }
    ptu = catalog.data.ptu.models.get(model)
    prices = [
        price.model_dump(mode="json", exclude_none=True)
        for price in catalog.data.prices
        if price.model == model
    ]
    return {
        "model": model,
        "catalog": catalog.label,
        "rpm_per_unit": info.rpm_per_unit,
        "versions": versions,
        "quota_limits_in_units": usages,
        "ptu": ptu.model_dump(mode="json") if ptu else None,
        "prices": prices,
    }


def _known_model(catalog: Catalog, model: str) -> Any:
    info = catalog.model(model)
    if info is None:
        guess = closest(model, list(catalog.data.models))
        hint = f"did you mean '{guess}'?" if guess else "list them with `aoai-infra catalog models`"
        raise QueryError(f"unknown model '{model}'; {hint}")
    return info
