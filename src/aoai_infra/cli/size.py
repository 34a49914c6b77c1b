"""`aoai-infra size`: the PTUs a workload needs, what they cost, and what pay-per-token would cost.

Imports: aoai_infra.cli; typer.
"""

from __future__ import annotations

from typing import Annotated

import typer

from aoai_infra.cli.catalog import ModelArgument, emit, query
from aoai_infra.cli.options import CatalogOption, FormatOption, OutputFormat, TodayOption, day

MAX_TPM = 10**12  # far above any deployment's throughput; bounds the arithmetic


def size(
    model: ModelArgument,
    input_tpm: Annotated[
        int,
        typer.Option(
            "--input-tpm",
            min=0,
            max=MAX_TPM,
            help="Prompt tokens a minute at the peak, cached ones included.",
        ),
    ],
    output_tpm: Annotated[
        int, typer.Option("--output-tpm", min=0, max=MAX_TPM, help="Completion tokens a minute at the peak.")
    ],
    cached_fraction: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="The share of input tokens served from the prompt cache.")
    ] = 0.0,
    sku: Annotated[
        str | None, typer.Option(help="Only this provisioned type, e.g. DataZoneProvisionedManaged.")
    ] = None,
    version: Annotated[
        str | None, typer.Option(help="The model version; the newest one offered as a provisioned type.")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Only the types offered in this region, at its prices.")
    ] = None,
    catalog: CatalogOption = None,
    output_format: FormatOption = OutputFormat.text,
    today: TodayOption = None,
) -> None:
    """The PTUs a workload needs on each provisioned type of MODEL (Microsoft's formula), their monthly
    cost, the same workload on the pay-per-token types, and the break-even utilisation."""
    from aoai_infra.catalog.sizing import Workload
    from aoai_infra.catalog.sizing import size as answer
    from aoai_infra.report import sizing as renderer

    workload = Workload(input_tpm, output_tpm, cached_fraction)
    on = day(today)
    data = query(lambda found: answer(found, model, workload, on, version, sku, region), catalog)
    emit(data, output_format, lambda: renderer.render(data))
