"""Lookups over a catalog: which regions, models, versions and deployment types exist, and their limits.

Deployment type names are compared case-insensitively, as Azure does (real catalog data carries both
`Provisioned` and `provisioned`); region names are Azure's lowercase location names.

Imports: aoai_infra.catalog.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aoai_infra.catalog.model import (
    CatalogFile,
    DeploymentType,
    Lifecycle,
    ModelInfo,
    ModelSku,
    Price,
)

ANY_VERSION = "*"  # a retired model whose versions the sources do not list one by one
STALE_AFTER_DAYS = 90  # a catalog older than this, on the day checked, says so


def released(version: str) -> datetime.date | None:
    """The day a version came out, where the version is a date (most are: 2024-11-20); else None."""
    try:
        return datetime.date.fromisoformat(version)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Offer:
    """One deployment type of one model version in one region, as `models.list` reports it."""

    region: str
    model: str
    version: str
    sku: ModelSku


class Catalog:
    def __init__(self, data: CatalogFile, path: Path | None = None) -> None:
        self.data = data
        self.path = path  # None for the bundled catalog
        self._types = {name.lower(): (name, kind) for name, kind in data.deployment_types.items()}
        self._zones = {region: zone for zone, info in data.data_zones.items() for region in info.regions}
        self._offers: dict[tuple[str, str, str], dict[str, ModelSku]] = {}
        for region, info in data.regions.items():
            for entry in info.models:
                key = (region, entry.model.name, entry.model.version)
                skus = self._offers.setdefault(key, {})
                for sku in entry.model.skus:
                    skus[sku.name.lower()] = sku
        # Every deployment of an estate asks for its price; most ask the same question (bench/plan_base.py).
        self._prices: dict[tuple[str, str, str, str, str], Price | None] = {}

    @property
    def label(self) -> str:
        origin = str(self.path) if self.path else "bundled catalog"
        return f"{origin} as of {self.data.as_of.isoformat()}"

    # Regions and data zones

    @property
    def regions(self) -> list[str]:
        return sorted(self.data.regions)

    def has_region(self, region: str) -> bool:
        return region in self.data.regions

    def zone_of(self, region: str) -> str | None:
        return self._zones.get(region)

    # Models and versions

    def model(self, name: str) -> ModelInfo | None:
        return self.data.models.get(name)

    def lifecycle(self, model: str, version: str, sku: str | None = None) -> Lifecycle | None:
        """A version's lifecycle; with `sku`, as it applies to that deployment type."""
        info = self.data.models.get(model)
        if info is None:
            return None
        found = info.versions.get(version) or info.versions.get(ANY_VERSION)
        return found.for_type(sku) if found is not None and sku else found

    def current_models(self, today: datetime.date) -> list[str]:
        """Models with a version that is not retired on `today`: the only ones a suggestion may name."""
        return [
            name
            for name, info in self.data.models.items()
            if any(not lifecycle.is_retired(today) for lifecycle in info.versions.values())
        ]

    def age(self, today: datetime.date) -> int:
        """Days from the catalog's date to `today`."""
        return (today - self.data.as_of).days

    def unknown_because(self, model: str, version: str, sku: str) -> str | None:
        """Why this catalog cannot tell whether a known model's version is offered as `sku` anywhere, or
        None when it can: unknown is not unavailable."""
        if self.model(model) is None:
            return None  # a name it has never seen: the caller decides between a typo and a newer model
        day = released(version)
        if self.lifecycle(model, version) is None:
            newer = day is not None and day > self.data.as_of
            return f"{version} is newer than the catalog" if newer else None
        if self.regions_offering(model, version, sku):
            return None
        found = self.deployment_type(sku)
        table = (found[1].availability_as_of if found else None) or self.data.as_of
        if day is not None and day > table:
            return f"it came out after the {sku} region table of {table.isoformat()}"
        if not self.regions_offering(model, version):
            return "the lifecycle or quota pages list it, but no region table does yet"
        return None

    def versions(self, model: str) -> list[str]:
        info = self.data.models.get(model)
        return [version for version in info.versions if version != ANY_VERSION] if info else []

    # Deployment types

    def deployment_type(self, sku: str) -> tuple[str, DeploymentType] | None:
        """The canonical name and description of a deployment type, whatever its case."""
        return self._types.get(sku.lower())

    @property
    def deployment_types(self) -> list[str]:
        return list(self.data.deployment_types)

    def sku(self, region: str, model: str, version: str, sku: str) -> ModelSku | None:
        """Deployment type `sku` of a model version in a region (usage name, capacity rules), if offered."""
        return self._offers.get((region, model, version), {}).get(sku.lower())

    def skus_in(self, region: str, model: str, version: str) -> list[str]:
        return [sku.name for sku in self._offers.get((region, model, version), {}).values()]

    def regions_offering(self, model: str, version: str | None = None, sku: str | None = None) -> list[str]:
        return sorted({offer.region for offer in self.offers(model, version, sku)})

    def offers(self, model: str, version: str | None = None, sku: str | None = None) -> Iterator[Offer]:
        wanted = sku.lower() if sku else None
        for (region, name, offered_version), skus in self._offers.items():
            if name != model or (version is not None and offered_version != version):
                continue
            for key, entry in skus.items():
                if wanted is None or key == wanted:
                    yield Offer(region, name, offered_version, entry)

    # Quota and limits

    def quota_limit(self, usage_name: str, column: str) -> int | None:
        usage = self.data.quota.usages.get(usage_name)
        return usage.limits.get(column) if usage else None

    def subscription_limit(self, subscription: str, region: str, usage_name: str) -> int | None:
        """The subscription's own limit, when this catalog was synced from that subscription."""
        quota = self.data.subscription
        if quota is None or quota.id.lower() != subscription.lower():
            return None
        usage = quota.regions.get(region, {}).get(usage_name)
        return int(usage.limit) if usage else None

    # Prices

    def price(self, model: str, version: str, sku: str, region: str, column: str) -> Price | None:
        """The most specific price row for a deployment that has `column` (`input`, `hourly`, ...); where no
        row is for its region, the most specific row of another region (the row names its region)."""
        key = (model, version, sku, region, column)
        if key not in self._prices:
            rows = [row for row in self.data.prices if row.amount(column) is not None]
            here = [row for row in rows if row.matches(model, version, sku, region)]
            # A regional price recorded only in other regions: the estimate says where it is from.
            found = here or [row for row in rows if row.matches(model, version, sku, row.region or region)]
            self._prices[key] = max(found, key=lambda row: row.specificity, default=None)
        return self._prices[key]

    def source_date(self, source: str) -> str:
        """The date of a source named in the catalog, as the catalog states it ("unknown" if absent)."""
        found = self.data.sources.get(source)
        return found.date if found else "unknown"
