"""`aoai-infra size` for people: the workload, then one row per deployment type, provisioned ones first.

Imports: aoai_infra.report.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.report import table
from aoai_infra.report.plan_words import money, unit_price


def render(data: dict[str, Any]) -> str:
    workload = data["workload"]
    where = f" in {data['region']}" if data["region"] else ""
    cached = f" ({workload['cached_fraction']:.0%} of it cached)" if workload["cached_fraction"] else ""
    head = (
        f"{data['model']} {data['version']}{where}: {workload['input_tpm']:,} input TPM{cached}, "
        f"{workload['output_tpm']:,} output TPM at the peak ({data['catalog']})\n\n"
    )
    rows = [_row(option) for option in data["options"]]
    notes = [f"{option['sku']}: {option['unknown']}" for option in data["options"] if option.get("unknown")]
    foot = (
        "\nPTU: normalized TPM (input x (1 - cached) + output-to-input ratio x output) / input TPM per PTU, "
        "rounded up to the increment, at least the minimum; a month is 730 hours. Pay-per-token: the peak "
        "held all month. Break-even: the share of the month the workload must run at its peak for the "
        "provisioned type to cost less than the pay-per-token type of the same scope. Reserved: a one-year "
        "PTU reservation, a month's share.\n"
    )
    columns = ["type", "ptu", "exact_ptu", "monthly", "break_even", "reserved_1_year", "price"]
    body = table.render(rows, columns)
    return head + body + "".join(f"\n{note}" for note in notes) + ("\n" if notes else "") + foot


def _row(option: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": option["sku"],
        "ptu": option["ptu"],
        "exact_ptu": option.get("exact_ptu"),
        "monthly": money(option["monthly"]) if option["monthly"] is not None else None,
        "break_even": _break_even(option, "break_even_utilization"),
        "reserved_1_year": _reserved(option),
        "price": _price(option),
    }


def _reserved(option: dict[str, Any]) -> str | None:
    """`$54,810.00 (142% of GlobalStandard)`: the monthly cost under a one-year reservation."""
    reserved = option.get("reserved")
    if reserved is None:
        return None
    share = option.get("break_even_utilization_1_year_reservation")
    return money(reserved["monthly_1_year"]) + (
        f" ({share:.0%} of {option['compared_with']})" if share else ""
    )


def _break_even(option: dict[str, Any], key: str) -> str | None:
    share = option.get(key)
    if share is None:
        return None
    verdict = "never pays off" if share > 1 else "pays off when busier"
    return f"{share:.0%} of {option['compared_with']} ({verdict})"


def _price(option: dict[str, Any]) -> str | None:
    if "prices" not in option:
        return None
    unit = "per PTU-hour" if option["pricing"] == "provisioned" else "per 1M tokens"
    amounts = " / ".join(
        f"{unit_price(amount)}{'' if column == 'hourly' else ' ' + column.replace('_', ' ')}"
        for column, amount in option["prices"].items()
    )
    where = f", recorded in {option['price_region']}" if option.get("price_region") else ""
    secondary = ", secondary source" if option.get("secondary") else ""
    return f"{amounts} {unit} ({option['source']}, dated {option['source_date']}{where}{secondary})"
