"""Quota and cost before → after, from the bundled catalog's limits and prices."""

from __future__ import annotations

import pytest

from aoai_infra.plan.cost import HOURS_PER_MONTH, TOKENS_PER_UNIT_PER_MONTH
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
    assert (cost.after.pricing, cost.after.prices, cost.after.source) == (
        "provisioned",
        {"hourly": 1.0},
        "S_INFRACOST_GOLDEN",
    )
    assert cost.after.source_date.startswith("unknown (test fixture")
    assert (made.cost.totals("before").provisioned, made.cost.totals("after").provisioned) == (
        10950.0,
        21900.0,
    )


def test_pay_per_token_cost_gives_prices_and_an_upper_bound_at_full_capacity(plan) -> None:
    made = plan(stack(mini(100)), stack(mini(300)))
    (cost,) = made.cost.changed
    assert cost.after is not None
    assert cost.after.prices == {"input": 0.15, "output": 0.6}
    assert cost.after.monthly is None
    # 300 units x 1,000 tokens a minute x 60 x 730 hours, all at the output price of $0.60 per 1M tokens
    assert cost.after.upper_bound == pytest.approx(300 * TOKENS_PER_UNIT_PER_MONTH / 1e6 * 0.6)
    assert cost.after.upper_bound == pytest.approx(7884.0)
    assert made.cost.totals("before").upper_bound == pytest.approx(2628.0)


def test_a_deployment_without_a_catalog_price_is_counted_apart(plan) -> None:
    unknown = '{name: big, model: gpt-5.4, version: "2026-03-05", sku: GlobalStandard, capacity: 10}'
    made = plan(stack(mini(100)), stack(mini(100), ptu(50, sku="ProvisionedManaged"), unknown))
    unpriced = [cost.name for cost in made.cost.changed if cost.after and cost.after.pricing == "unpriced"]
    assert unpriced == ["oai-test/big"]
    assert made.cost.totals("after").unpriced == 1


def test_batch_is_not_priced_from_a_row_that_does_not_name_the_deployment_type(plan) -> None:
    batch = '{name: batch, model: gpt-4o, version: "2024-11-20", sku: GlobalBatch, capacity: 100}'
    made = plan(stack(mini(1)), stack(mini(1), batch))
    (cost,) = made.cost.changed
    assert cost.after is not None
    assert cost.after.pricing == "unpriced"
