"""Quota and cost before → after, from the bundled catalog's limits and prices."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from aoai_infra.catalog.loader import BUNDLED
from aoai_infra.catalog.model import HOURS_PER_MONTH
from aoai_infra.plan.cost import TOKENS_PER_UNIT_PER_MONTH
from aoai_infra.plan.run import make_plan
from aoai_infra.report import plan_words as words
from tests.conftest import CATALOG_DATE
from tests.plan.helpers import mini, ptu, stack


def test_quota_use_moves_against_the_tier_limit(plan) -> None:
    made = plan(stack(mini(100)), stack(mini(300)))
    (line,) = made.quota
    assert (line.region, line.usage_name, line.before, line.after) == (
        "eastus",
        "OpenAI.GlobalStandard.gpt-4o-mini",
        100,
        300,
    )
    assert (line.limit.units if line.limit else None, line.status) == (2000, "ok")


def test_quota_over_the_limit_is_flagged_and_the_validator_says_so(plan) -> None:
    made = plan(stack(mini(100)), stack(mini(2100)))
    assert made.quota[0].status == "over"
    assert "AOAI210" in [finding.code for finding in made.findings]


def test_a_moved_deployment_frees_one_pool_and_fills_another(plan) -> None:
    made = plan(stack(mini(100)), stack(mini(100, sku="DataZoneStandard")))
    assert [(line.usage_name, line.before, line.after) for line in made.quota] == [
        ("OpenAI.DataZoneStandard.gpt-4o-mini", 0, 100),
        ("OpenAI.GlobalStandard.gpt-4o-mini", 100, 0),
    ]


def test_unchanged_capacity_leaves_no_quota_line(plan) -> None:
    made = plan(stack(mini(100)), stack(mini(100), ptu(15)))
    assert [line.usage_name for line in made.quota] == ["OpenAI.GlobalProvisionedManaged.PTU"]


def test_provisioned_cost_is_units_times_hourly_price_times_730(plan) -> None:
    made = plan(stack(ptu(15)), stack(ptu(30)))
    (cost,) = made.cost.changed
    assert cost.before is not None
    assert cost.after is not None
    assert (cost.before.monthly, cost.after.monthly) == (
        15 * 1.0 * HOURS_PER_MONTH,
        30 * 1.0 * HOURS_PER_MONTH,
    )
    # The Retail Prices API meter "Provisioned Managed Global Unit", in effect since 2024-11-01
    assert (cost.after.pricing, cost.after.prices, cost.after.source, cost.after.effective) == (
        "provisioned",
        {"hourly": 1.0},
        "RETAIL_API_FULL_2024_11",
        "2024-11-01",
    )
    assert cost.after.source_date == "2025-08-25"
    assert cost.after.caveats == (
        "recorded 2025-08-25, over a year ago: refresh with `aoai-infra catalog prices`",
    )
    assert (made.cost.totals("before").provisioned, made.cost.totals("after").provisioned) == (
        10950.0,
        21900.0,
    )


def test_pay_per_token_without_declared_usage_gives_prices_and_an_upper_bound(plan) -> None:
    made = plan(stack(mini(100)), stack(mini(300)))
    (cost,) = made.cost.changed
    assert cost.after is not None
    assert cost.after.prices == {"input": 0.15, "output": 0.6, "cached_input": 0.075}
    assert (cost.after.monthly, cost.after.usage) == (None, "undeclared")
    # 300 units x 1,000 tokens a minute x 60 x 730 hours, all at the output price of $0.60 per 1M tokens
    assert cost.after.upper_bound == pytest.approx(300 * TOKENS_PER_UNIT_PER_MONTH / 1e6 * 0.6)
    assert cost.after.upper_bound == pytest.approx(7884.0)
    assert made.cost.totals("before").upper_bound == pytest.approx(2628.0)
    assert (made.cost.totals("after").undeclared, made.cost.totals("after").unpriced) == (1, 0)


def test_declared_usage_is_priced_per_token_with_the_cached_share(plan) -> None:
    usage = (
        "usage: {input_tokens_per_month: 100000000, output_tokens_per_month: 20000000, cached_fraction: 0.5}"
    )
    used = mini(100).replace("}", f", {usage}}}")
    made = plan(stack(mini(100)), stack(used))
    (cost,) = made.cost.changed
    assert cost.after is not None
    # 50M fresh input x $0.15 + 50M cached x $0.075 + 20M output x $0.60, per 1M tokens
    assert cost.after.monthly == pytest.approx(7.5 + 3.75 + 12.0)
    assert (cost.after.usage, cost.after.upper_bound) == ("declared", None)
    before, after = made.cost.totals("before"), made.cost.totals("after")
    assert (before.undeclared, after.undeclared, after.declared) == (1, 0, pytest.approx(23.25))
    assert words.delta(before, after) == "+$23.25 a month ($0.00 → $23.25)"


def test_a_regional_price_recorded_in_another_region_says_so(plan) -> None:
    made = plan(stack(mini(1)), stack(mini(1), mini(10, sku="Standard", name="regional")))
    (cost,) = made.cost.changed
    assert cost.after is not None
    assert cost.after.prices == {"input": 0.165, "output": 0.66, "cached_input": 0.083}
    assert "price recorded in eastus2; regional prices differ by region" in cost.after.caveats


def test_a_deployment_without_a_catalog_price_is_counted_apart(plan) -> None:
    unknown = '{name: big, model: gpt-6-sol, version: "2026-09-22", sku: GlobalStandard, capacity: 10}'
    made = plan(stack(mini(100)), stack(mini(100), ptu(50, sku="ProvisionedManaged"), unknown))
    unpriced = [cost.name for cost in made.cost.changed if cost.after and cost.after.pricing == "unpriced"]
    assert unpriced == ["oai-test/big"]
    assert made.cost.totals("after").unpriced == 1


def test_batch_is_priced_at_its_own_price(plan) -> None:
    batch = '{name: batch, model: gpt-4o-mini, version: "2024-07-18", sku: GlobalBatch, capacity: 100}'
    made = plan(stack(mini(1)), stack(mini(1), batch))
    (cost,) = made.cost.changed
    assert cost.after is not None
    assert (cost.after.pricing, cost.after.prices) == ("per_token", {"input": 0.075, "output": 0.3})
    assert cost.after.upper_bound is None  # batch capacity counts queued tokens, not tokens a minute


def test_batch_is_not_priced_from_a_row_that_does_not_name_the_deployment_type(tmp_path: Path) -> None:
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    data["prices"] = [{"model": "gpt-4o-mini", "unit": "USD per 1M tokens", "input": 1.0, "source": "MS_PTU"}]
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(data), encoding="utf-8")
    batch = '{name: batch, model: gpt-4o-mini, version: "2024-07-18", sku: GlobalBatch, capacity: 100}'
    (tmp_path / "old.yaml").write_text(stack(mini(1)), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(stack(mini(1), batch), encoding="utf-8")
    made = make_plan([str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")], None, catalog, CATALOG_DATE)
    (cost,) = made.cost.changed
    assert cost.after is not None
    assert cost.after.pricing == "unpriced"


def test_a_price_recorded_within_the_year_is_not_called_stale(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(stack(ptu(15)), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(stack(ptu(30)), encoding="utf-8")
    paths = [str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]
    (recent,) = make_plan(paths, None, today=datetime.date(2026, 8, 25)).cost.changed
    (late,) = make_plan(paths, None, today=datetime.date(2026, 8, 26)).cost.changed
    assert recent.after is not None
    assert late.after is not None
    assert (recent.after.caveats, len(late.after.caveats)) == ((), 1)  # 365 days after 2025-08-25, then 366
