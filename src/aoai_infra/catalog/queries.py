"""Answers to `aoai-infra catalog where / models / show`, as plain data for tables and JSON.

Every status shown is the status on the day asked (`--today`), derived from the dates, the same as
`validate` uses: nothing is shown `ga` after its retirement date. `where` answers where a model can be
deployed on that day, so retired versions (and deployment types retired on their own) are left out.

Imports: aoai_infra.catalog, aoai_infra.suggest.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from aoai_infra.catalog.catalog import ANY_VERSION, Catalog
from aoai_infra.suggest import closest


class QueryError(Exception):
    """The question names something the catalog does not know; the message names the fix."""


def where(
    catalog: Catalog, model: str, today: datetime.date, version: str | None = None, sku: str | None = None
) -> list[dict[str, Any]]:
    """Regions where `model` (at `version`, as `sku`) can be deployed on `today`: one row per region and
    version, without what has retired by then."""
    known_model(catalog, model, today)
    if version is not None and version not in catalog.versions(model):
        raise QueryError(
            f"{model} has no version '{version}'; versions: {', '.join(catalog.versions(model))}"
        )
    if sku is not None and catalog.deployment_type(sku) is None:
        guess = closest(sku, catalog.deployment_types)
        raise QueryError(f"unknown deployment type '{sku}'" + (f"; did you mean '{guess}'?" if guess else ""))
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for offer in catalog.offers(model, version, sku):
        lifecycle = catalog.lifecycle(model, offer.version, offer.sku.name)
        if lifecycle is None or not lifecycle.is_retired(today):
            rows[(offer.region, offer.version)].append(offer.sku.name)
    return [
        {
            "region": region,
            "version": found,
            "status": _status(catalog, model, found, today),
            "data_zone": catalog.zone_of(region),
            "deployment_types": types,
        }
        for (region, found), types in sorted(rows.items())
    ]


def _status(catalog: Catalog, model: str, version: str, today: datetime.date) -> str:
    lifecycle = catalog.lifecycle(model, version)
    return lifecycle.status_on(today) if lifecycle else "unknown"


def models(catalog: Catalog, today: datetime.date, region: str | None = None) -> list[dict[str, Any]]:
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
                    "status": lifecycle.status_on(today),
                    "retirement": lifecycle.retirement.isoformat() if lifecycle.retirement else None,
                    "retired_types": _retired_types(lifecycle, today),
                    "deployment_types": types,
                }
            )
    return rows


def show(catalog: Catalog, model: str, today: datetime.date) -> dict[str, Any]:
    """Everything the catalog knows about one model: versions, lifecycle, types and regions, limits."""
    info = known_model(catalog, model, today)
    versions = []
    for version, lifecycle in info.versions.items():
        regions: dict[str, list[str]] = defaultdict(list)
        for offer in catalog.offers(model, version):
            regions[offer.sku.name].append(offer.region)
        versions.append(
            {
                "version": "any" if version == ANY_VERSION else version,
                **lifecycle.model_dump(mode="json", exclude_none=True, exclude={"deployment_types"}),
                "status": lifecycle.status_on(today),
                "stated_status": lifecycle.status,
                "deployment_types": {
                    sku: {
                        **own.model_dump(mode="json", exclude_none=True),
                        "status": lifecycle.for_type(sku).status_on(today),
                    }
                    for sku, own in lifecycle.deployment_types.items()
                },
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
        "catalog_date": catalog.data.as_of.isoformat(),
        "catalog_age_days": catalog.age(today),
        "today": today.isoformat(),
        "rpm_per_unit": info.rpm_per_unit,
        "versions": versions,
        "quota_limits_in_units": usages,
        "ptu": ptu.model_dump(mode="json") if ptu else None,
        "prices": prices,
    }


def _retired_types(lifecycle: Any, today: datetime.date) -> list[str]:
    """Deployment types retired on their own before the version is."""
    return sorted(sku for sku in lifecycle.deployment_types if lifecycle.for_type(sku).is_retired(today))


def known_model(catalog: Catalog, model: str, today: datetime.date | None = None) -> Any:
    """The model's catalog entry; an unknown name is a QueryError with a did-you-mean."""
    info = catalog.model(model)
    if info is None:
        candidates = catalog.current_models(today) if today else list(catalog.data.models)
        guess = closest(model, candidates)
        hint = f"did you mean '{guess}'?" if guess else "list them with `aoai-infra catalog models`"
        raise QueryError(f"unknown model '{model}'; {hint}")
    return info
