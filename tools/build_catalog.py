"""Build the bundled catalog (src/aoai_infra/catalog/data/catalog.json) from researched facts.

    python tools/build_catalog.py [tools/catalog-facts.yaml] [out.json]

`tools/catalog-facts.yaml` is a verbatim copy of the project's researched facts (each block names its
source; the sources resolve to repository, path and commit, or URL, in the `sources` block that this
script copies into the catalog). A test rebuilds the catalog and compares it with the shipped file, so
the two cannot drift apart and nobody edits the JSON by hand.

Choices made here, each written into the catalog next to the values it produced:
- The `regions` block follows Azure's `models.list(location)` answer (`kind`, `skuName`, `model` with
  `format`, `name`, `version`, `lifecycleStatus` and `skus[]` of `name`, `usageName`, `capacity`,
  `deprecationDate`), so that `catalog sync` can later write the same shape from live Azure.
- Usage names follow Azure's documented pattern `OpenAI.<deployment type>.<model>` for token-based types;
  provisioned quota is one pool per deployment type, whatever the model (S_PTU_CONCEPT), so provisioned
  SKUs consume `OpenAI.<deployment type>.PTU`. Live sync replaces them with the names Azure reports.
- Quota limits are stored in capacity units (1 unit = 1,000 TPM, S_WORKING_WITH_MODELS).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "tools" / "catalog-facts.yaml"
OUTPUT = ROOT / "src" / "aoai_infra" / "catalog" / "data" / "catalog.json"

FORMAT = 1
TIERS = ("tier1", "tier2", "tier3", "tier4", "tier5", "tier6")
SCOPES = {
    "Standard": ("standard", "regional"),
    "GlobalStandard": ("standard", "global"),
    "DataZoneStandard": ("standard", "datazone"),
    "ProvisionedManaged": ("provisioned", "regional"),
    "GlobalProvisionedManaged": ("provisioned", "global"),
    "DataZoneProvisionedManaged": ("provisioned", "datazone"),
    "GlobalBatch": ("batch", "global"),
    "DataZoneBatch": ("batch", "datazone"),
    "DeveloperTier": ("developer", "global"),
}
# The retirement schedule's status words, and what Azure's models.list calls the same state.
STATUS = {
    "GA": "ga",
    "Preview": "preview",
    "Legacy": "legacy",
    "Deprecated": "deprecated",  # "no longer available to new customers" (S_RETIRE_POLICY definitions)
    "Retired": "retired",
}
ARM_STATUS = {
    "ga": "GenerallyAvailable",
    "preview": "Preview",
    "legacy": "Legacy",
    "deprecated": "Deprecating",  # ARM: only customers with existing deployments can create new ones
}
DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
# RPM per capacity unit (1,000 TPM), S_QUOTAS_2026_02_LEGACYTABLES and S_QUOTAS_2025_05.
RPM_PER_UNIT = {
    "gpt-4o": 6,
    "gpt-4o-mini": 6,
    "o1": 1 / 6,
    "o3": 1,
    "o4-mini": 1,
    "o3-mini": 0.1,
    "o3-pro": 0.1,
}


def main(argv: list[str]) -> int:
    facts_path = Path(argv[1]) if len(argv) > 1 else FACTS
    output = Path(argv[2]) if len(argv) > 2 else OUTPUT
    facts = yaml.safe_load(facts_path.read_text(encoding="utf-8"))
    output.parent.mkdir(parents=True, exist_ok=True)
    text = render(build(facts))
    temporary = output.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(output)  # never leave a half-written catalog behind
    return 0


def render(catalog: dict[str, Any]) -> str:
    return json.dumps(catalog, indent=1, ensure_ascii=False) + "\n"


def build(facts: dict[str, Any]) -> dict[str, Any]:
    models = _models(facts)
    return {
        "format": FORMAT,
        "as_of": facts["as_of"],
        "note": facts["as_of_note"],
        "built_from": "tools/catalog-facts.yaml by tools/build_catalog.py",
        "uncertainties": facts["uncertainties"],
        "deployment_types": _deployment_types(facts),
        "data_zones": _data_zones(facts),
        "regions": _regions(facts, models),
        "models": models,
        "quota": _quota(facts),
        "limits": _limits(facts),
        "ptu": _ptu(facts),
        "prices": _prices(facts),
        "sources": _sources(facts),
    }


def _date(value: Any) -> tuple[str | None, str | None]:
    """The leading ISO date of a fact, and the rest of its text as a remark."""
    if value is None:
        return None, None
    text = str(value)
    match = DATE.match(text)
    if not match:
        return None, text
    rest = text[match.end() :].strip()
    return match.group(1), (rest.strip("() ") or None)


def _deployment_types(facts: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for name, fact in facts["deployment_types"].items():
        if name not in SCOPES:
            continue
        family, scope = SCOPES[name]
        result[name] = {
            "family": family,
            "scope": scope,
            "data_processing": fact.get("data_processing") or fact.get("notes"),
            "source": fact["source"],
        }
    return result


def _data_zones(facts: dict[str, Any]) -> dict[str, Any]:
    observed = facts["data_residency"]["data_zone_membership_observed"]
    return {
        zone: {"regions": observed[zone]["regions"], "source": observed[zone]["source"]}
        for zone in ("US", "EU")  # the APAC zone is named, but no region is published for it
    }


def _geography(facts: dict[str, Any]) -> dict[str, str]:
    regions = facts["regions"]
    return {
        region: geography
        for geography in ("americas", "europe", "asia_pacific", "middle_east_africa")
        for region in regions[geography]
    }


def _models(facts: dict[str, Any]) -> dict[str, Any]:
    models: dict[str, Any] = {}
    for name, model in facts["models"].items():
        versions = {}
        for version, fact in model["versions"].items():
            versions[str(version)] = _lifecycle(fact["lifecycle"])
        models[name] = {"versions": versions}
        if name in RPM_PER_UNIT:
            models[name]["rpm_per_unit"] = RPM_PER_UNIT[name]
    for fact in facts["retired_models"]:
        for name, version in _retired_names(fact):
            entry = models.setdefault(name, {"versions": {}})
            retired, remark = _date(fact.get("retired"))
            entry["versions"].setdefault(
                version,
                {
                    "status": "retired",
                    "retirement": retired,
                    "replacement": fact.get("replacement"),
                    "remark": fact.get("note") or remark,
                    "source": fact["source"],
                },
            )
    return dict(sorted(models.items()))


def _retired_names(fact: dict[str, Any]) -> list[tuple[str, str]]:
    """`gpt-4 / gpt-4-32k` with `0314 and 0613` names four model versions."""
    names = [part.strip() for part in str(fact["model"]).split("(")[0].split("/")]
    raw = fact.get("version")
    versions = [part.strip() for part in str(raw).split(" and ")] if raw is not None else ["*"]
    return [(name, version) for name in names for version in versions]


def _lifecycle(fact: dict[str, Any]) -> dict[str, Any]:
    raw_status = str(fact["status_per_newest_schedule"])
    retirement, remark = _date(fact.get("retirement_date"))
    no_new, _ = _date(fact.get("deprecation_date_no_new_customers"))
    entry: dict[str, Any] = {
        "status": STATUS.get(raw_status, "unknown"),
        "retirement": retirement,
        "no_new_customers": no_new,
        "replacement": fact.get("replacement"),
        "remark": remark,
        "source": fact.get("source", "unknown"),
    }
    if no_new:
        entry["no_new_customers_source"] = fact["deprecation_source"]
    return entry


def _regions(facts: dict[str, Any], models: dict[str, Any]) -> dict[str, Any]:
    geography = _geography(facts)
    ptu = facts["ptu"]["per_model"]
    offers: dict[str, list[dict[str, Any]]] = {region: [] for region in geography}
    for name, model in facts["models"].items():
        for version, fact in model["versions"].items():
            lifecycle = models[name]["versions"][str(version)]
            per_region: dict[str, list[dict[str, Any]]] = {}
            for sku, offer in fact["availability"].items():
                if sku not in SCOPES:
                    continue
                for region in offer["regions"]:
                    per_region.setdefault(region, []).append(_sku(name, sku, lifecycle, ptu, offer["source"]))
            for region, skus in per_region.items():
                offers[region].append(_arm_model(name, str(version), lifecycle, skus))
    return {
        region: {
            "geography": geography[region],
            "source": facts["regions"]["source"],
            "models": offers[region],
        }
        for region in sorted(offers)
    }


def _arm_model(name: str, version: str, lifecycle: dict[str, Any], skus: list[Any]) -> dict[str, Any]:
    model: dict[str, Any] = {"format": "OpenAI", "name": name, "version": version}
    if lifecycle["status"] in ARM_STATUS:
        model["lifecycleStatus"] = ARM_STATUS[lifecycle["status"]]
    model["skus"] = skus
    return {"kind": "OpenAI", "skuName": "S0", "model": model}


def _sku(model: str, sku: str, lifecycle: dict[str, Any], ptu: dict[str, Any], source: str) -> dict[str, Any]:
    family, scope = SCOPES[sku]
    entry: dict[str, Any] = {"name": sku}
    if family == "provisioned":
        entry["usageName"] = f"OpenAI.{sku}.PTU"
        entry["capacity"] = _ptu_capacity(model, scope, ptu)
    else:
        entry["usageName"] = f"OpenAI.{sku}.{model}"
        entry["capacity"] = {"minimum": 1, "step": 1}
    if lifecycle["retirement"]:
        entry["deprecationDate"] = f"{lifecycle['retirement']}T00:00:00Z"
    entry["source"] = source
    return entry


def _ptu_capacity(model: str, scope: str, ptu: dict[str, Any]) -> dict[str, Any]:
    # Global and Data Zone provisioned: 15 PTU in steps of 5 for every model in the table; regional
    # minimums and steps differ by model. Unknown rules are left out rather than guessed.
    row = ptu.get(model)
    capacity: dict[str, Any] = {"maximum": 100000}  # max PTU per deployment (S_QUOTAS_2026_TIERS)
    if isinstance(row, dict):
        if scope == "regional":
            capacity.update(minimum=row["regional_min_ptu"], step=row["regional_increment"])
        else:
            capacity.update(
                minimum=row["global_and_datazone_min_ptu"], step=row["global_and_datazone_increment"]
            )
    elif scope != "regional":
        capacity.update(minimum=15, step=5)
    return dict(sorted(capacity.items()))


def _quota(facts: dict[str, Any]) -> dict[str, Any]:
    quotas = facts["quotas"]
    usages: dict[str, dict[str, Any]] = {}

    def put(sku: str, model: str, column: str, tpm: Any, source: str) -> None:
        if not isinstance(tpm, int):
            return  # "not listed"
        usage = usages.setdefault(
            f"OpenAI.{sku}.{model}", {"model": model, "sku": sku, "limits": {}, "sources": {}}
        )
        usage["limits"][column] = tpm // 1000
        usage["sources"][column] = source

    legacy = quotas["legacy_default_vs_enterprise_2026_02"]
    for sku in ("GlobalStandard", "DataZoneStandard", "Standard"):
        for raw_name, row in legacy.get(sku, {}).items():
            if not isinstance(row, dict):
                continue
            for model in _legacy_names(raw_name):
                for column, key in (("default", "default"), ("enterprise", "enterprise_mca_e")):
                    cell = row.get(key)
                    if isinstance(cell, dict):
                        put(sku, model, column, cell.get("tpm"), legacy["source"])
    tiers = quotas["quota_tiers_2026"]
    for model, per_sku in tiers["by_model"].items():
        for sku, per_tier in per_sku.items():
            for tier in TIERS:
                cell = per_tier.get(tier)
                if isinstance(cell, dict):
                    source = tiers["tier_sources"][tier].split(" ")[0]
                    put(sku, model, tier, cell.get("tpm"), source)
    for usage in usages.values():
        usage["limits"] = {
            column: usage["limits"][column] for column in _columns() if column in usage["limits"]
        }
        usage["sources"] = {
            column: usage["sources"][column] for column in _columns() if column in usage["sources"]
        }
    return {
        "unit": "capacity units: 1 unit = 1,000 tokens per minute (S_WORKING_WITH_MODELS)",
        "scope": quotas["scope"],
        "columns": list(_columns()),
        "note": (
            "default and enterprise are the last Default and Enterprise/MCA-E tables "
            "(S_QUOTAS_2026_02_LEGACYTABLES); tier1..tier6 are the 2026 quota tiers. " + tiers["gaps"]
        ),
        "usages": dict(sorted(usages.items())),
    }


def _columns() -> tuple[str, ...]:
    return ("default", "enterprise", *TIERS)


def _legacy_names(raw: str) -> list[str]:
    """`o1 / o1-preview` and `gpt-4 (turbo-2024-04-09)` as the model names they stand for."""
    return [part.strip() for part in raw.split("(")[0].split("/") if part.strip()]


def _limits(facts: dict[str, Any]) -> dict[str, Any]:
    limits = facts["quotas"]["limits"]
    return {
        "accounts_per_region_per_subscription": limits["azure_openai_resources_per_region_per_subscription"],
        "deployments_per_account": limits["max_standard_deployments_per_resource"],
        "ptu_per_deployment": limits["max_provisioned_throughput_units_per_deployment"],
        "source": limits["source"],
    }


def _ptu(facts: dict[str, Any]) -> dict[str, Any]:
    table = facts["ptu"]["per_model"]
    models = {
        name: {
            "global_and_datazone": {
                "minimum": row["global_and_datazone_min_ptu"],
                "step": row["global_and_datazone_increment"],
            },
            "regional": {"minimum": row["regional_min_ptu"], "step": row["regional_increment"]},
            "input_tpm_per_ptu": row["input_tpm_per_ptu"],
            "output_to_input_ratio": row["output_to_input_ratio"],
        }
        for name, row in table.items()
        if isinstance(row, dict)
    }
    return {
        "source": table["source"],
        "default_global_and_datazone": {"minimum": 15, "step": 5},
        "notes": table["notes"],
        "models": models,
    }


def _prices(facts: dict[str, Any]) -> list[dict[str, Any]]:
    pricing = facts["pricing"]
    seed = pricing["seed_facts_confirmed_by_requester"]
    mini = seed["gpt-4o-mini (2024-07-18)"]
    secondary = pricing["secondary_observations"]
    ptu = secondary["ptu_hourly_usd"]
    per_token = "USD per 1M tokens"
    per_ptu = "USD per PTU-hour"
    return [
        _price(
            "gpt-4o-mini",
            "2024-07-18",
            "GlobalStandard",
            None,
            per_token,
            mini["GlobalStandard_per_1M"],
            "S_SEED",
        ),
        _price(
            "gpt-4o-mini",
            "2024-07-18",
            "Standard",
            None,
            per_token,
            mini["Standard_regional_per_1M"],
            "S_SEED",
        ),
        _price(
            "gpt-4o", None, None, None, per_token, seed["gpt-4o"]["per_1M"], "S_SEED", seed["gpt-4o"]["note"]
        ),
        *(
            _price("o1", "2024-12-17", "Standard", region, per_token, value, "S_INFRACOST_GOLDEN")
            for regions, value in secondary["o1 (2024-12-17) Standard per_1M"].items()
            for region in regions.split("/")
        ),
        _price(
            None,
            None,
            "GlobalProvisionedManaged",
            None,
            per_ptu,
            {"hourly": ptu["GlobalProvisionedManaged"]},
            "S_INFRACOST_GOLDEN",
        ),
        _price(
            None,
            None,
            "DataZoneProvisionedManaged",
            None,
            per_ptu,
            {"hourly": ptu["DataZoneProvisionedManaged"]},
            "S_INFRACOST_GOLDEN",
        ),
        _price(
            None,
            None,
            "ProvisionedManaged",
            None,
            per_ptu,
            {"hourly": ptu["ProvisionedManaged (regional)"]},
            "S_INFRACOST_GOLDEN",
        ),
    ]


def _price(
    model: str | None,
    version: str | None,
    sku: str | None,
    region: str | None,
    unit: str,
    values: dict[str, float],
    source: str,
    note: str | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"model": model, "version": version, "sku": sku, "region": region, "unit": unit}
    entry.update(values)
    entry["source"] = source
    if note:
        entry["note"] = note
    return entry


def _sources(facts: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for key, source in facts["sources"].items():
        if "repo" in source:
            paths = source.get("paths") or [f"{source['path']}@{source.get('commit', 'unknown')}"]
            location = f"{source['repo']}: " + "; ".join(paths)
        else:
            location = source.get("url") or source.get("note", "unknown")
        result[key] = {"location": location, "date": source.get("doc_date", "unknown")}
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv))
