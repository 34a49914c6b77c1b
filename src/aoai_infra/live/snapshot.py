"""Turn what Azure reported for each region into a catalog file in the bundled catalog's format.

The `regions` block is Azure's own `models.list` answer (kept as ARM sends it: SKUs, usage names, capacity
rules, lifecycle and deprecation fields); the model versions seen gain their live lifecycle; the
subscription's limits and current usage go into `subscription`. What Azure does not report (deployment
types, data zones, default quota tiers, PTU rules, prices) is carried over from the base catalog with
its sources. Everything is sorted, so that two syncs of the same state give the same file.

Imports: aoai_infra.catalog, aoai_infra.live; pydantic.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from aoai_infra.catalog.model import (
    CatalogFile,
    Lifecycle,
    ModelInfo,
    Region,
    RegionModel,
    Source,
    Status,
    SubscriptionQuota,
    SubscriptionUsage,
    Sync,
    TypeLifecycle,
)
from aoai_infra.live.calls import answer_number
from aoai_infra.live.guard import AnswerError

SOURCE = "S_LIVE_SYNC"
API_VERSION = "2025-09-01"  # what azure-mgmt-cognitiveservices 14.x sends

# ARM's ModelLifecycleStatus values, as the catalog's statuses. ARM's names are one stage off the docs':
# "Deprecating" is the docs' Deprecated (closed to new customers) and "Deprecated" is Retired (410 Gone)
# (Microsoft Learn, model deprecations and retirements, "Check model status programmatically";
# tools/catalog-docs/articles/foundry/openai/includes/concepts-model-retirements-content.md).
STATUSES: dict[str, Status] = {
    "preview": "preview",
    "generallyavailable": "ga",
    "stable": "ga",
    "legacy": "legacy",
    "deprecating": "deprecated",
    "deprecated": "retired",
    "retired": "retired",
}


@dataclass(frozen=True, slots=True)
class RegionAnswer:
    """A region's two answers, as ARM JSON (camelCase keys)."""

    models: list[dict[str, Any]]
    usages: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Origin:
    endpoint: str
    subscription: str
    today: datetime.date
    requested: list[str]


def build(
    base: CatalogFile, answers: Mapping[str, RegionAnswer], failed: Mapping[str, str], origin: Origin
) -> CatalogFile:
    regions = {name: _region(base, name, answers[name]) for name in sorted(answers)}
    return base.model_copy(
        update={
            "as_of": origin.today,
            "note": f"Synced by aoai-infra catalog sync from {origin.endpoint} for subscription "
            f"{origin.subscription} on {origin.today.isoformat()}; blocks Azure does not report come from "
            f"the base catalog as of {base.as_of.isoformat()}.",
            "built_from": "aoai-infra catalog sync",
            "regions": regions,
            "models": _models(base, regions),
            "sources": {**base.sources, SOURCE: _source(origin)},
            "subscription": _quota(answers, origin.subscription),
            "sync": Sync(
                endpoint=origin.endpoint,
                subscription=origin.subscription,
                regions=sorted(origin.requested),
                failed=dict(sorted(failed.items())),
            ),
        }
    )


def render(catalog: CatalogFile) -> str:
    """The file's text: JSON with sorted keys, one value per line, as the bundled catalog is written."""
    data = catalog.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _region(base: CatalogFile, name: str, answer: RegionAnswer) -> Region:
    models = [RegionModel.model_validate(entry) for entry in answer.models if _is_model(entry)]
    models = [
        entry.model_copy(
            update={"model": entry.model.model_copy(update={"skus": sorted(entry.model.skus, key=_sku_key)})}
        )
        for entry in models
    ]
    models.sort(key=lambda e: (e.model.format, e.model.name, e.model.version, e.kind, e.sku_name))
    known = base.regions.get(name)
    return Region(geography=known.geography if known else None, source=SOURCE, models=models)


def check_models(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A region's model list as Azure sent it, once every model in it has the documented shape; a
    malformed one makes the region's answer unusable (AnswerError), before anything is built from it."""
    for entry in entries:
        if _is_model(entry):
            try:
                RegionModel.model_validate(entry)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                raise AnswerError(
                    "MalformedResponse", f"a model in Azure's answer is malformed at {where}: {first['msg']}"
                ) from None
    return entries


def check_usages(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A region's usages as Azure sent them, once every name, limit and current value is sound."""
    for usage in entries:
        name = usage.get("name")
        if name is not None and not (
            isinstance(name, dict) and isinstance(name.get("value", ""), str | None)
        ):
            raise AnswerError("MalformedResponse", "a usage in Azure's answer has a malformed name")
        label = f"the usage {str((name or {}).get('value'))[:80]}"
        if usage.get("limit") is not None:
            answer_number(usage["limit"], f"a limit for {label}")
        answer_number(usage.get("currentValue") or 0, f"a current value for {label}")
    return entries


def _is_model(entry: Mapping[str, Any]) -> bool:
    model = entry.get("model")
    return isinstance(model, dict) and bool(model.get("name")) and bool(model.get("version"))


def _sku_key(sku: Any) -> tuple[str, str]:
    return (sku.name.lower(), sku.usage_name)


def _models(base: CatalogFile, regions: Mapping[str, Region]) -> dict[str, ModelInfo]:
    """The base catalog's lifecycle per model version, with what Azure now says about each version seen."""
    models = dict(base.models)
    seen: dict[tuple[str, str], list[RegionModel]] = defaultdict(list)
    for region in regions.values():
        for entry in region.models:
            seen[(entry.model.name, entry.model.version)].append(entry)
    for (name, version), entries in sorted(seen.items()):
        info = models.get(name) or ModelInfo(versions={})
        lifecycle = _lifecycle(info.versions.get(version), entries)
        models[name] = info.model_copy(update={"versions": {**info.versions, version: lifecycle}})
    return dict(sorted(models.items()))


def _lifecycle(known: Lifecycle | None, entries: list[RegionModel]) -> Lifecycle:
    """A version's lifecycle from Azure's entries for it (one per region), over what the base catalog knew.

    Azure's status and inference date are taken from the first region that gives them (regions answer
    alike); each SKU's `deprecationDate` is that deployment type's retirement, the latest any region
    gives, so that a region's stale date never makes validate call a live type retired."""
    model = next((e.model for e in entries if e.model.lifecycle_status), entries[0].model)
    status = STATUSES.get((model.lifecycle_status or "").lower())
    inference = next((day for e in entries if (day := _inference(e)) is not None), None)
    retirement = inference.date() if inference else None
    types = _type_retirements(known, entries)
    if known is None:
        return Lifecycle(
            status=status or "unknown", retirement=retirement, source=SOURCE, deployment_types=types
        )
    return known.model_copy(
        update={
            "status": status or known.status,
            "retirement": retirement or known.retirement,
            "source": SOURCE if status or retirement else known.source,
            "deployment_types": types,
        }
    )


def _inference(entry: RegionModel) -> datetime.datetime | None:
    return entry.model.deprecation.inference if entry.model.deprecation else None


def _type_retirements(known: Lifecycle | None, entries: list[RegionModel]) -> dict[str, TypeLifecycle]:
    """The base catalog's per-type lifecycle, with each SKU's live retirement date over it."""
    types = dict(known.deployment_types) if known else {}
    dates: dict[str, datetime.date] = {}
    for entry in entries:
        for sku in entry.model.skus:
            if sku.deprecation_date is not None:
                day = sku.deprecation_date.date()
                dates[sku.name] = max(day, dates.get(sku.name, day))
    for sku_name, day in dates.items():
        name = next((k for k in types if k.lower() == sku_name.lower()), sku_name)
        before = types.get(name)
        kept = before.no_new_customers if before else None
        types[name] = TypeLifecycle(retirement=day, no_new_customers=kept, source=SOURCE)
    return dict(sorted(types.items()))


def _quota(answers: Mapping[str, RegionAnswer], subscription: str) -> SubscriptionQuota:
    regions: dict[str, dict[str, SubscriptionUsage]] = {}
    for name in sorted(answers):
        usages: dict[str, SubscriptionUsage] = {}
        for usage in answers[name].usages:
            usage_name = (usage.get("name") or {}).get("value")
            if usage_name and usage.get("limit") is not None:
                usages[usage_name] = SubscriptionUsage(
                    limit=_number(usage["limit"]),
                    current=_number(usage.get("currentValue") or 0),
                    unit=usage.get("unit"),
                )
        regions[name] = dict(sorted(usages.items()))
    return SubscriptionQuota(id=subscription, source=SOURCE, regions=regions)


def _number(value: float) -> float:
    # ARM sends whole numbers as floats (1000.0); keep them whole in the file.
    return int(value) if float(value).is_integer() else float(value)


def _source(origin: Origin) -> Source:
    location = (
        f"{origin.endpoint}subscriptions/{origin.subscription}/providers/Microsoft.CognitiveServices/"
        f"locations/{{region}}/models and .../usages, api-version {API_VERSION}"
    )
    return Source(location=location, date=origin.today.isoformat())
