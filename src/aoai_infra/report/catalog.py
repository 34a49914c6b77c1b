"""The terminal format of `aoai-infra catalog where / models / show`.

Imports: aoai_infra.report.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.report import table


def render_where(rows: list[dict[str, Any]], question: str) -> str:
    if not rows:
        return f"{question}: no region offers it\n"
    return f"{question}: {len({row['region'] for row in rows})} regions (retired versions left out)\n\n" + (
        table.render(rows, ["region", "data_zone", "version", "status", "deployment_types"])
    )


def render_models(rows: list[dict[str, Any]]) -> str:
    return table.render(
        rows, ["model", "version", "status", "retirement", "retired_types", "deployment_types"]
    )


def render_show(data: dict[str, Any]) -> str:
    parts = [
        f"{data['model']} ({data['catalog']})\n",
        f"catalog date {data['catalog_date']}: {data['catalog_age_days']} days old on {data['today']}; "
        "statuses are as of that day\n",
    ]
    if data["rpm_per_unit"] is not None:
        parts.append(f"requests per minute per capacity unit (1,000 TPM): {data['rpm_per_unit']:g}\n")
    versions = [
        {
            "version": version["version"],
            "status": version["status"],
            "retirement": version.get("retirement"),
            "no_new_customers": version.get("no_new_customers"),
            "replacement": " ".join(
                filter(None, (version.get("replacement"), version.get("replacement_version")))
            ),
            "per_type": [
                f"{sku} retires {own['retirement']} ({own['status']})"
                for sku, own in version["deployment_types"].items()
            ],
            "deployment_types": [
                f"{sku} ({len(regions)})" for sku, regions in version["regions_by_deployment_type"].items()
            ],
        }
        for version in data["versions"]
    ]
    parts.append("\nversions (deployment type, number of regions):\n")
    parts.append(table.render(versions, ["version", "status", "retirement", "no_new_customers", "replacement",
                                         "per_type", "deployment_types"]))  # fmt: skip
    if data["quota_limits_in_units"]:
        columns = sorted({column for limits in data["quota_limits_in_units"].values() for column in limits},
                         key=_column_order)  # fmt: skip
        rows = [{"usage_name": usage, **limits} for usage, limits in data["quota_limits_in_units"].items()]
        parts.append(
            "\nquota limits per subscription and region, by tier and offer, in units of 1,000 tokens:\n"
        )
        parts.append(table.render(rows, ["usage_name", *columns]))
    if data["ptu"]:
        parts.append(_ptu(data["ptu"]))
    for price in data["prices"]:
        values = ", ".join(f"{k} {v}" for k, v in price.items() if isinstance(v, float))
        scope = " ".join(str(price[k]) for k in ("version", "sku", "region") if price.get(k))
        parts.append(f"\nprice {scope or 'any'}: {values} {price['unit']} (source {price['source']})")
    return "".join(parts).rstrip("\n") + "\n"


def _ptu(ptu: dict[str, Any]) -> str:
    def rule(scope: dict[str, int] | None) -> str:
        return f"minimum {scope['minimum']} PTU in steps of {scope['step']}" if scope else "not published"

    return (
        f"\nprovisioned: Global/DataZone {rule(ptu.get('global_and_datazone'))}; regional "
        f"{rule(ptu.get('regional'))}; {ptu['input_tpm_per_ptu']} input TPM per PTU\n"
    )


COLUMNS = ("tier1", "tier2", "tier3", "tier4", "tier5", "tier6", "enterprise", "pay-as-you-go", "credit-card",
           "msdn", "free-trial")  # fmt: skip


def _column_order(column: str) -> tuple[int, str]:
    return (COLUMNS.index(column) if column in COLUMNS else len(COLUMNS), column)
