"""The pull-request comment: risks first, tables, collapsed details, and never over GitHub's limit."""

from __future__ import annotations

from aoai_infra.report import plan_markdown
from tests.plan.helpers import SUBSCRIPTION, mini, ptu, stack


def estate(accounts: int, deployments: int, prefix: str) -> str:
    lines = [
        f"subscription_id: {SUBSCRIPTION}",
        "location: eastus",
        "resource_group: {name: rg}",
        "accounts:",
    ]
    for number in range(accounts):
        lines += [f"  - name: {prefix}-account-{number:03}", "    deployments:"]
        lines += [
            f"      - {ptu(15, name=f'{prefix}-deployment-with-a-long-name-{d:03}')}"
            for d in range(deployments)
        ]
    return "\n".join(lines) + "\n"


def test_a_small_plan_shows_risks_then_the_table_then_collapsed_details(plan) -> None:
    text = plan_markdown.render(
        plan(stack(mini(100), ptu(15)), stack(mini(200), ptu(15, sku="ProvisionedManaged")))
    )
    assert text.startswith(
        "<!-- aoai-infra plan -->\n### aoai-infra plan: 0 to create, 1 to update, 1 to replace, 0 to delete "
        "· "
        "+$10,950.00 a month\n"
    )
    caution = text.index(
        "> [!CAUTION]\n> **1 destructive change:**\n> - replace deployment `oai-test/ptu`: sku forces"
    )
    table = text.index("| 🔴 **replace** | deployment | `oai-test/ptu` | sku `GlobalProvisionedManaged` →")
    update = text.index("| 🟡 update | deployment | `oai-test/chat` | capacity `100` → `200` |")
    details = text.index("<details><summary>Every change, field by field</summary>")
    assert caution < table < update < details
    assert (
        "**Monthly cost: +$10,950.00 a month ($10,950.00 → $21,900.00)** (catalog prices, USD)\n"
        "- provisioned: $10,950.00 → $21,900.00 a month"
    ) in text
    assert "<details><summary>Quota: 2 pool(s) change</summary>" in text
    assert "<details><summary>Cost by deployment</summary>" in text
    assert text.rstrip().endswith("catalog: bundled catalog as of 2026-10-05</sub>")


def test_values_from_stack_files_cannot_break_the_table_or_mention_anyone(plan) -> None:
    old = stack(mini(1)).replace(
        "resource_group: {name: rg-plan}", "resource_group: {name: rg-plan}\ntags: {owner: a}"
    )
    new = old.replace("{owner: a}", '{owner: "a|b @security-team"}')
    text = plan_markdown.render(plan(old, new))
    assert "| 🟡 update | account | `oai-test` | tags.owner `a` → `a\\|b @security-team` |" in text


def test_a_huge_plan_stays_under_the_limit_destructive_rows_first(plan) -> None:
    made = plan(estate(40, 30, "old"), estate(40, 30, "new"))
    assert len(made.changes) == 2 * 40 * 31
    text = plan_markdown.render(made)
    assert len(text) <= plan_markdown.LIMIT
    assert "### aoai-infra plan: 1240 to create, 0 to update, 0 to replace, 1240 to delete" in text
    assert "> - and 1230 more, listed below" in text
    assert "_Details left out to keep this comment under GitHub's size limit;" in text
    assert "<details>" not in text
    first_row = text.split("| --- | --- | --- | --- |\n", 1)[1].splitlines()[0]
    assert first_row.startswith("| 🔴 **delete** |")
    assert "more change(s) here (" in text


def test_when_only_the_details_are_too_long_every_row_stays(plan) -> None:
    made = plan(estate(2, 5, "old"), estate(2, 5, "new"))
    full = plan_markdown.render(made)
    shorter = plan_markdown.render(made, limit=len(full) - 1)
    assert "<details>" in full
    assert "<details>" not in shorter
    assert shorter.count("| 🔴 **delete** |") == full.count("| 🔴 **delete** |") == 12
    assert shorter.count("| 🟢 create |") == 12
