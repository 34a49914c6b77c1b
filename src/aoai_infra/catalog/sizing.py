"""Answers to `aoai-infra size`: the PTUs a workload needs on each provisioned type of a model, what they
cost a month, and what the same workload costs on the pay-per-token types.

Microsoft's formula (PTU onboarding and sizing pages, `MS_PTU`):

    normalized TPM = input TPM x (1 - cached fraction) + output-to-input ratio x output TPM
    PTUs = normalized TPM / input TPM per PTU, rounded up to the type's increment, at least its minimum

The increments and minimums are the catalog's (Global and Data Zone share theirs; Regional has its own).
A PTU costs its hourly price x 730 a month whether it is used or not. Pay-per-token types are priced at
the same workload held all month (TPM x 60 x 730 tokens), so the break-even utilisation of a provisioned
type is its monthly cost over that of the pay-per-token type of the same scope (Global, Data Zone,
Regional): a workload busier than that share of the month costs less on PTUs. What the catalog does not
know (a model without PTU figures, a type without a price) is said, never guessed.

Imports: aoai_infra.catalog.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from aoai_infra.catalog.catalog import Catalog, released
from aoai_infra.catalog.model import HOURS_PER_MONTH, Price
from aoai_infra.catalog.queries import QueryError, known_model

MINUTES_PER_MONTH = 60 * HOURS_PER_MONTH


@dataclass(frozen=True, slots=True)
class Workload:
    input_tpm: int  # prompt tokens a minute at the peak, cached ones included
    output_tpm: int
    cached_fraction: float = 0.0  # the share of input tokens served from the prompt cache

    def normalized_tpm(self, output_to_input_ratio: float) -> float:
        return self.input_tpm * (1 - self.cached_fraction) + output_to_input_ratio * self.output_tpm


def size(
    catalog: Catalog,
    model: str,
    workload: Workload,
    today: datetime.date,
    version: str | None = None,
    sku: str | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """Every deployment type the model is offered as (in `region`, or anywhere), provisioned ones sized."""
    known_model(catalog, model, today)
    chosen = version or _newest_version(catalog, model, today, region)
    types = _offered_types(catalog, model, chosen, region, sku)
    per_token = {
        _scope(catalog, name): _per_token(catalog, model, chosen, name, region, workload)
        for name in types
        if _family(catalog, name) == "standard"
    }
    options = [
        _provisioned(catalog, model, chosen, name, region, workload, per_token.get(_scope(catalog, name)))
        for name in types
        if _family(catalog, name) == "provisioned"
    ]
    options += per_token.values()
    return {
        "model": model,
        "version": chosen,
        "region": region,
        "workload": {
            "input_tpm": workload.input_tpm,
            "output_tpm": workload.output_tpm,
            "cached_fraction": workload.cached_fraction,
        },
        "catalog": catalog.label,
        "options": options,
    }


def _newest_version(catalog: Catalog, model: str, today: datetime.date, region: str | None) -> str:
    """The newest version offered as a provisioned type and not retired on `today`."""
    found = set()
    for offer in catalog.offers(model):
        lifecycle = catalog.lifecycle(model, offer.version, offer.sku.name)
        retired = lifecycle is not None and lifecycle.is_retired(today)
        if (
            _family(catalog, offer.sku.name) == "provisioned"
            and not retired
            and region in (None, offer.region)
        ):
            found.add(offer.version)
    if not found:
        where = f" in {region}" if region else ""
        raise QueryError(
            f"{model} is not offered as a provisioned deployment type{where}; "
            f"see `aoai-infra catalog where {model}`"
        )
    return max(found, key=lambda version: (released(version) or datetime.date.min, version))


def _offered_types(
    catalog: Catalog, model: str, version: str, region: str | None, sku: str | None
) -> list[str]:
    if version not in catalog.versions(model):
        raise QueryError(
            f"{model} has no version '{version}'; versions: {', '.join(catalog.versions(model))}"
        )
    found = catalog.deployment_type(sku) if sku else None
    wanted = found[0] if found else sku
    names = {offer.sku.name for offer in catalog.offers(model, version) if region in (None, offer.region)}
    order = catalog.deployment_types
    # --sku narrows the provisioned types; every pay-per-token type stays, to compare with.
    chosen = [
        name
        for name in order
        if name in names and (wanted in (None, name) or _family(catalog, name) != "provisioned")
    ]
    if wanted is not None and _family(catalog, wanted) != "provisioned":
        raise QueryError(f"--sku takes a provisioned deployment type, not '{sku}'")
    if not any(_family(catalog, name) == "provisioned" for name in chosen):
        where = f" in {region}" if region else ""
        raise QueryError(f"{model} {version} is not offered as {sku or 'a provisioned type'}{where}")
    return chosen


def _provisioned(
    catalog: Catalog,
    model: str,
    version: str,
    sku: str,
    region: str | None,
    workload: Workload,
    counterpart: dict[str, Any] | None,
) -> dict[str, Any]:
    option: dict[str, Any] = {"sku": sku, "pricing": "provisioned", "ptu": None, "monthly": None}
    figures = catalog.data.ptu.models.get(model)
    if figures is None:
        option["unknown"] = (
            f"the catalog has no PTU figures for {model} (Microsoft's PTU tables have no row for it)"
        )
        return option
    rule = figures.regional if _scope(catalog, sku) == "regional" else figures.global_and_datazone
    normalized = workload.normalized_tpm(figures.output_to_input_ratio)
    exact = normalized / figures.input_tpm_per_ptu
    ptu = max(rule.minimum, math.ceil(exact / rule.step - 1e-9) * rule.step)
    option.update(
        {
            "ptu": ptu,
            "exact_ptu": round(exact, 2),
            "normalized_tpm": normalized,
            "input_tpm_per_ptu": figures.input_tpm_per_ptu,
            "output_to_input_ratio": figures.output_to_input_ratio,
            "minimum": rule.minimum,
            "step": rule.step,
            "ptu_source": catalog.data.ptu.source,
        }
    )
    row = catalog.price(model, version, sku, region or "", "hourly")
    hourly = row.amount("hourly") if row else None
    if row is None or hourly is None:
        option["unknown"] = f"the catalog has no hourly price for {sku}"
        return option
    option["monthly"] = round(ptu * hourly * HOURS_PER_MONTH, 2)
    option.update(_price_fields(catalog, row, region, ("hourly",)))
    reserved = _reserved(catalog, model, version, sku, region, ptu)
    if reserved:
        option["reserved"] = reserved
    if counterpart and counterpart.get("monthly"):
        option["compared_with"] = counterpart["sku"]
        option["break_even_utilization"] = round(option["monthly"] / counterpart["monthly"], 4)
        if reserved:
            yearly = reserved["monthly_1_year"] / counterpart["monthly"]
            option["break_even_utilization_1_year_reservation"] = round(yearly, 4)
    return option


def _reserved(
    catalog: Catalog, model: str, version: str, sku: str, region: str | None, ptu: int
) -> dict[str, Any] | None:
    """What the PTUs cost a month under a reservation: a month's term, or a year's spread over 12."""
    row = catalog.price(model, version, sku, region or "", "reservation_1_year")
    month, year = (
        (row.amount("reservation_1_month"), row.amount("reservation_1_year")) if row else (None, None)
    )
    if row is None or year is None:
        return None
    found: dict[str, Any] = {"monthly_1_year": round(ptu * year / 12, 2)}
    if month is not None:
        found["monthly_1_month"] = round(ptu * month, 2)
    found.update(_price_fields(catalog, row, region, ("reservation_1_month", "reservation_1_year")))
    return found


def _per_token(
    catalog: Catalog, model: str, version: str, sku: str, region: str | None, workload: Workload
) -> dict[str, Any]:
    option: dict[str, Any] = {"sku": sku, "pricing": "per_token", "ptu": None, "monthly": None}
    row = catalog.price(model, version, sku, region or "", "input")
    if row is None:
        option["unknown"] = f"the catalog has no price for {model} {version} as {sku}"
        return option
    input_tokens, output_tokens = (
        workload.input_tpm * MINUTES_PER_MONTH,
        workload.output_tpm * MINUTES_PER_MONTH,
    )
    option["monthly"] = round(row.tokens_cost(input_tokens, output_tokens, workload.cached_fraction), 2)
    option.update(_price_fields(catalog, row, region, ("input", "cached_input", "output")))
    return option


def _price_fields(
    catalog: Catalog, row: Price, region: str | None, columns: tuple[str, ...]
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "prices": {column: amount for column in columns if (amount := row.amount(column)) is not None},
        "unit": row.unit,
        "source": row.source,
        "source_date": catalog.source_date(row.source),
    }
    if row.region is not None and row.region != region:
        fields["price_region"] = row.region  # regional prices differ by region
    if row.secondary:
        fields["secondary"] = True
    return fields


def _family(catalog: Catalog, sku: str) -> str | None:
    found = catalog.deployment_type(sku)
    return found[1].family if found else None


def _scope(catalog: Catalog, sku: str) -> str | None:
    found = catalog.deployment_type(sku)
    return found[1].scope if found else None
