"""`aoai-infra catalog prices`' report: what was written, and every meter that is not a deployment's price.

Imports: aoai_infra.catalog, aoai_infra.quoting.
"""

from __future__ import annotations

from aoai_infra.catalog.retail import MAX_REPORTED_METERS, PriceReport
from aoai_infra.quoting import clip, escape

REASONS_SHOWN = 50  # the most frequent reasons; a hostile answer could give one per item


def render(report: PriceReport, endpoint: str, currency: str, out: str) -> str:
    lines = [
        f"read {report.items:,} items from {escape(endpoint)} in {currency}",
        f"wrote {escape(out)}: {len(report.rows)} price rows of Azure OpenAI deployments",
    ]
    left = sum(report.not_mapped.values())
    if left:
        lines.append(f"not a deployment's price, or not known to the catalog ({left:,} items), by reason:")
        common = report.not_mapped.most_common(REASONS_SHOWN)
        lines += [f"  {count:>6,}  {clip(escape(reason))}" for reason, count in common]
        if len(report.not_mapped) > REASONS_SHOWN:
            lines.append(f"  ... and {len(report.not_mapped) - REASONS_SHOWN:,} other reasons")
        lines.append("meters left out:")
        lines += [
            f"  {clip(escape(name))}: {clip(escape(reason))}"
            for name, reason in sorted(report.meters.items())
        ]
        if len(report.meters) == MAX_REPORTED_METERS:
            lines.append(
                f"  (the first {MAX_REPORTED_METERS} meters are named; the counts above cover every item)"
            )
    return "\n".join(lines) + "\n"
