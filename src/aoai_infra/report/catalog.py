"""The terminal format of `aoai-infra catalog where / models / show`."""

from __future__ import annotations

from typing import Any

from aoai_infra.report import table


def render_where(rows: list[dict[str, Any]], question: str) -> str:
    if not rows:
        return f"{question}: no region offers it\n"
    return f"{question}: {len({row['region'] for row in rows})} regions\n\n" + table.render(
        rows, ["region", "data_zone", "version", "deployment_types"]
    )


def render_models(rows: list[dict[str, Any]]) -> str:
    return table.render(rows, ["model", "version", "status", "retirement", "deployment_types"])


def render_show(data: dict[str, Any]) -> str:
    parts = [f"{data['model']} ({data['catalog']})\n"]
    if data["rpm_per_unit"] is not None:
        parts.append(f"requests per minute per capacity unit (1,000 TPM): {data['rpm_per_unit']:g}\n")
    versions = [
        {
            "version": version["version"],
            "status": version["status"],
            "retirement": version.get("retirement"),
            "no_new_customers": version.get("no_new_customers"),
            "replacement": version.get("replacement"),
            "deployment_types": [
                f"{sku} ({len(regions)})" for sku, regions in version["regions_by_deployment_type"].items()
            ],
        }
        for version in data["versions"]
    ]
    parts.append("\nversions (deployment type, number of regions):\n")
    parts.append(table.render(versions, ["version", "status", "retirement", "no_new_customers", "replacement",
                                         "deployment_types"]))  # fmt: skip
    if data["quota_limits_in_units"]:
        columns = sorted({column for limits in data["quota_limits_in_units"].values() for column in limits},
                         key=_column_order)  # fmt: skip
        rows = [{"usage_name": usage, **limits} for usage, limits in data["quota_limits_in_units"].items()]
        parts.append("\ndefault quota per subscription and region, in units of 1,000 TPM:\n")
        parts.append(table.render(rows, ["usage_name", *columns]))
    if data["ptu"]:
        ptu = data["ptu"]
        parts.append(
            "\nprovisioned: Global/DataZone minimum {0[minimum]} PTU in steps of {0[step]}; regional minimum "
            "{1[minimum]} in steps of {1[step]}; {2} input TPM per PTU\n".format(
                ptu["global_and_datazone"], ptu["regional"], ptu["input_tpm_per_ptu"]
            )
        )
    for price in data["prices"]:
        values = ", ".join(f"{k} {v}" for k, v in price.items() if isinstance(v, float))
        scope = " ".join(str(price[k]) for k in ("version", "sku", "region") if price.get(k))
        parts.append(f"\nprice {scope or 'any'}: {values} {price['unit']} (source {price['source']})")
    return "".join(parts).rstrip("\n") + "\n"


def _column_order(column: str) -> tuple[int, str]:
    return (0 if column in ("default", "enterprise") else 1, column)
