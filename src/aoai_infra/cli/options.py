"""Options that several commands share, and the value types typer offers for them.

Imports: typer.
"""

from __future__ import annotations

import datetime
import enum
from pathlib import Path
from typing import Annotated

import typer

TodayOption = Annotated[
    datetime.datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"], help="Check lifecycle dates as of this day (YYYY-MM-DD).", show_default="today"
    ),
]


def day(today: datetime.datetime | None) -> datetime.date:
    """The day `--today` names, else today."""
    return today.date() if today else datetime.date.today()


class Cloud(enum.StrEnum):  # the names of aoai_infra.live.endpoint.Cloud, without importing it
    AzurePublic = "AzurePublic"
    AzureUSGovernment = "AzureUSGovernment"
    AzureChina = "AzureChina"


CloudOption = Annotated[
    Cloud | None,
    typer.Option(help="Azure cloud to talk to in live mode.", show_default="AzurePublic"),
]
ArmEndpointOption = Annotated[
    str | None,
    typer.Option(
        help="Azure Resource Manager URL for any other endpoint (https; plain http only on loopback, with "
        "the token in AOAI_INFRA_ARM_TOKEN).",
        show_default=False,
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        min=0.1, help="Seconds each request to Azure may take, its whole answer included (live mode)."
    ),
]
RetriesOption = Annotated[
    int,
    typer.Option(
        min=0,
        max=10,
        help="Retries of each request to Azure on throttling (429), 5xx and timeouts (live mode).",
    ),
]


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
CatalogOption = Annotated[
    Path | None, typer.Option("--catalog", help="Catalog file instead of the bundled one.")
]
NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help="No colour, also when writing to a terminal (as does NO_COLOR=1).",
        show_default=False,
    ),
]
StackPaths = Annotated[
    list[str],
    typer.Argument(help="Stack files, or directories to search for *.yaml and *.yml.", show_default=False),
]
