"""The text report of `aoai-infra catalog sync`: one line per region, then what was written.

Imports: aoai_infra.report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aoai_infra.report import table

if TYPE_CHECKING:
    from aoai_infra.live.sync import SyncResult


def render(result: SyncResult) -> str:
    if result.problem is not None:
        return f"nothing read: {result.problem.message}\n"
    rows = [
        {
            "region": outcome.region,
            "models": "-" if outcome.models is None else str(outcome.models),
            "usages": "-" if outcome.usages is None else str(outcome.usages),
            "problem": "; ".join(problem.message for problem in outcome.problems),
        }
        for outcome in result.outcomes
    ]
    text = table.render(rows, ["region", "models", "usages", "problem"]) if rows else ""
    return text + _verdict(result) + "\n"


def _verdict(result: SyncResult) -> str:
    total, failed = len(result.outcomes), len(result.failed)
    if not total:
        return f"{result.out} not written: the subscription offers no region for Azure OpenAI accounts"
    if result.written and failed:
        return (
            f"wrote {result.out}: {total - failed} of {total} regions; the {failed} that failed are listed "
            "under sync.failed in the file"
        )
    if result.written:
        return f"wrote {result.out}: {total} regions"
    if failed == total:
        return f"{result.out} not written: no region could be read"
    return (
        f"{result.out} not written: {failed} of {total} regions failed; fix them, or pass --allow-partial "
        "to write the others and record the failures"
    )
