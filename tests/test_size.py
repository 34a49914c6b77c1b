"""`aoai-infra size`: Microsoft's PTU formula on the worked examples of its documentation, and the costs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CATALOG_DATE, run_cli

TODAY = ("--today", CATALOG_DATE.isoformat())


def size(*args: str) -> dict[str, Any]:
    done = run_cli("size", *args, "--format", "json", *TODAY)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def option(answer: dict[str, Any], sku: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [item for item in answer["options"] if item["sku"] == sku]
    assert len(found) == 1, [item["sku"] for item in answer["options"]]
    return found[0]


# provisioned-throughput-sizing.md, "Worked example": gpt-5.2 Data Zone provisioned, 1,000 RPM x 200 prompt
# tokens and 20 response tokens; 105.88 PTU -> 110, and with half the input cached 76.47 -> 80.
# provisioned-throughput-onboarding.md, "Worked example" and its table: gpt-5.2 rounded to the Regional
# increment of 50; 1,000 RPM x 100/50 tokens -> 147.06 -> 150 (25% cached: 139.71 -> 150), and
# 1,000 RPM x 500/200 tokens -> 617.65 -> 650 (25% cached: 580.88 -> 600).
MICROSOFT_EXAMPLES = [
    ("DataZoneProvisionedManaged", 200_000, 20_000, 0.0, 105.88, 110),
    ("DataZoneProvisionedManaged", 200_000, 20_000, 0.5, 76.47, 80),
    ("ProvisionedManaged", 100_000, 50_000, 0.0, 147.06, 150),
    ("ProvisionedManaged", 100_000, 50_000, 0.25, 139.71, 150),
    ("ProvisionedManaged", 500_000, 200_000, 0.0, 617.65, 650),
    ("ProvisionedManaged", 500_000, 200_000, 0.25, 580.88, 600),
]


@pytest.mark.parametrize(("sku", "input_tpm", "output_tpm", "cached", "exact", "ptu"), MICROSOFT_EXAMPLES)
def test_the_worked_examples_of_microsofts_ptu_pages(
    sku: str, input_tpm: int, output_tpm: int, cached: float, exact: float, ptu: int
) -> None:
    answer = size(
        "gpt-5.2", "--input-tpm", str(input_tpm), "--output-tpm", str(output_tpm),
        "--cached-fraction", str(cached), "--sku", sku,
    )  # fmt: skip
    (found,) = [item for item in answer["options"] if item["pricing"] == "provisioned"]
    assert (found["sku"], found["exact_ptu"], found["ptu"]) == (sku, exact, ptu)
    assert (found["input_tpm_per_ptu"], found["output_to_input_ratio"]) == (3400, 8.0)


def test_each_provisioned_type_is_sized_priced_and_compared_with_pay_per_token() -> None:
    answer = size("gpt-5.2", "--input-tpm", "200000", "--output-tpm", "20000", "--cached-fraction", "0.5")
    assert (answer["model"], answer["version"]) == ("gpt-5.2", "2025-12-11")
    assert answer["workload"] == {"input_tpm": 200000, "output_tpm": 20000, "cached_fraction": 0.5}
    global_ptu = option(answer, "GlobalProvisionedManaged")
    assert (global_ptu["ptu"], global_ptu["minimum"], global_ptu["step"]) == (80, 15, 5)
    assert global_ptu["monthly"] == 80 * 1.0 * 730  # PTU x hourly x 730
    tokens = option(answer, "GlobalStandard")
    # The peak held all month: 200,000 input TPM (half cached) and 20,000 output TPM x 60 x 730 minutes
    minutes = 60 * 730
    expected = (100_000 * 1.75 + 100_000 * 0.175 + 20_000 * 14.0) * minutes / 1e6
    assert tokens["monthly"] == pytest.approx(expected, abs=0.01)
    assert (global_ptu["compared_with"], global_ptu["break_even_utilization"]) == (
        "GlobalStandard",
        round(global_ptu["monthly"] / tokens["monthly"], 4),
    )
    regional = option(answer, "ProvisionedManaged")
    assert (regional["ptu"], regional["price_region"]) == (100, "eastus2")  # priced where it was recorded


def test_the_text_answer_reads_as_a_table_with_the_verdict() -> None:
    done = run_cli("size", "gpt-5.2", "--input-tpm", "200000", "--output-tpm", "20000", *TODAY)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "gpt-5.2 2025-12-11: 200,000 input TPM, 20,000 output TPM at the peak (bundled catalog as of "
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("GlobalProvisionedManaged"))
    assert "110" in line.split()
    assert "$80,300.00" in line  # 110 PTU x $1.00 x 730
    assert "of GlobalStandard (never pays off)" in line
    assert (
        "DataZoneStandard: the catalog has no price for gpt-5.2 2025-12-11 as DataZoneStandard" in done.stdout
    )


def test_a_model_without_ptu_figures_says_so_and_still_prices_pay_per_token() -> None:
    answer = size("gpt-5.5", "--input-tpm", "1000", "--output-tpm", "100")
    provisioned = option(answer, "GlobalProvisionedManaged")
    assert (provisioned["ptu"], provisioned["monthly"]) == (None, None)
    assert provisioned["unknown"] == (
        "the catalog has no PTU figures for gpt-5.5 (Microsoft's PTU tables have no row for it)"
    )
    assert option(answer, "GlobalStandard")["monthly"] == pytest.approx(
        (1000 * 5.0 + 100 * 30.0) * 60 * 730 / 1e6, abs=0.01
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gtp-5.2"], "unknown model 'gtp-5.2'; did you mean 'gpt-5.2'?"),
        (
            ["gpt-5.2", "--sku", "GlobalStandard"],
            "--sku takes a provisioned deployment type, not 'GlobalStandard'",
        ),
        (["gpt-5.2", "--version", "2099-01-01"], "gpt-5.2 has no version '2099-01-01'"),
        (
            ["text-embedding-3-large"],
            "text-embedding-3-large is not offered as a provisioned deployment type",
        ),
    ],
)
def test_questions_the_catalog_cannot_answer_exit_2_with_the_fix(args: list[str], message: str) -> None:
    done = run_cli("size", *args, "--input-tpm", "1000", "--output-tpm", "100", *TODAY)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_out_of_range_workloads_are_refused_by_the_command_line() -> None:
    done = run_cli("size", "gpt-5.2", "--input-tpm", "1000", "--output-tpm", "1", "--cached-fraction", "1.5")
    assert done.returncode == 2
    assert "--cached-fraction" in done.stderr


def test_a_reservation_is_priced_per_month_and_compared_when_the_catalog_has_one() -> None:
    answer = size(
        "gpt-4.1", "--input-tpm", "300000", "--output-tpm", "30000", "--sku", "DataZoneProvisionedManaged"
    )
    zone = option(answer, "DataZoneProvisionedManaged")
    tokens = option(answer, "DataZoneStandard")
    assert zone["ptu"] == 140  # (300,000 + 4 x 30,000) / 3,000 per PTU
    # Data Zone reservation, effective 2026-09-01: 3,180 per PTU a year, 312 a month
    assert zone["reserved"]["monthly_1_year"] == 140 * 3180 / 12
    assert zone["reserved"]["monthly_1_month"] == 140 * 312
    assert zone["break_even_utilization_1_year_reservation"] == round(140 * 3180 / 12 / tokens["monthly"], 4)
    answer = size("gpt-4.1", "--input-tpm", "300000", "--output-tpm", "30000")
    global_ptu = option(answer, "GlobalProvisionedManaged")
    # The Global reservation of the Retail Prices API items: 2,652 per PTU a year, since 2024-12-04
    assert (global_ptu["reserved"]["monthly_1_year"], global_ptu["reserved"]["source"]) == (
        140 * 2652 / 12,
        "RETAIL_API_ITEMS_2025_08",
    )
