"""`aoai-infra catalog sync`: read models and usages of each region from Azure into a catalog file.

Regions are read concurrently (models.list and usages.list of every region at once, up to the
connection's bound). The file is written only when every region answered, or with `allow_partial` when
at least one did (the others are recorded in its `sync.failed`); it is written whole or not at all.

Imports: aoai_infra.catalog, aoai_infra.live, aoai_infra.source; azure.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from azure.core.exceptions import AzureError
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

from aoai_infra.catalog.model import CatalogFile
from aoai_infra.live import snapshot
from aoai_infra.live.calls import Call, PageLimitError, collect, run_all
from aoai_infra.live.client import Connection
from aoai_infra.live.endpoint import LiveUsageError
from aoai_infra.live.errors import QUOTA_ROLE, Problem, explain
from aoai_infra.source.files import write_atomically

ALL = "all"
ACCOUNT_KINDS = {"openai", "aiservices"}  # account kinds that host Azure OpenAI deployments
READER = "Reader on the subscription"
USAGES_READER = f"{QUOTA_ROLE} or Reader on the subscription"
FATAL = {"AuthenticationFailed", "NoCredentials"}
_REGION = re.compile(r"^[a-z0-9]+$")

Progress = Callable[[int], AbstractContextManager[Callable[[], None] | None]]


def no_progress(total: int) -> AbstractContextManager[None]:
    return nullcontext()


@dataclass(frozen=True, slots=True)
class RegionOutcome:
    region: str
    models: int | None = None  # model entries read, None when the region failed
    usages: int | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.problems)


@dataclass(slots=True)
class SyncResult:
    out: Path
    outcomes: list[RegionOutcome] = field(default_factory=list)
    written: bool = False
    problem: Problem | None = None  # nothing could be read at all (credentials, the region list)

    @property
    def failed(self) -> list[RegionOutcome]:
        return [outcome for outcome in self.outcomes if outcome.failed]


def parse_regions(text: str) -> list[str] | None:
    """`eastus,swedencentral` as a sorted list; `all` as None (every region the subscription may use)."""
    names = sorted({part.strip().lower() for part in text.split(",") if part.strip()})
    if names == [ALL]:
        return None
    wrong = [name for name in names if not _REGION.match(name)]
    if not names or wrong or ALL in names:
        shown = ", ".join(wrong) or text
        raise LiveUsageError(
            f"--regions {shown!r}: give Azure region names separated by commas (eastus,swedencentral) or all"
        )
    return names


def sync(
    connection: Connection,
    subscription: str,
    regions: Sequence[str] | None,
    base: CatalogFile,
    out: Path,
    *,
    allow_partial: bool = False,
    today: datetime.date | None = None,
    progress: Progress = no_progress,
) -> SyncResult:
    """Read the regions, then write `out` if the outcome allows; WriteError propagates."""
    result = SyncResult(out)
    try:
        connection.check_credential()
        client = connection.client(subscription)
        wanted = list(regions) if regions is not None else _all_regions(client, connection.limits.max_pages)
    except AzureError as error:
        result.problem = explain(error, READER)
        return result
    except PageLimitError as error:
        result.problem = Problem("TooManyPages", f"the list of regions: {error}")
        return result
    answers, result.outcomes = _read(client, wanted, connection, progress)
    refused = [p for outcome in result.failed for p in outcome.problems if p.code in FATAL]
    if refused:  # the credentials, not the regions, are wrong: say it once
        result.problem = refused[0]
        return result
    failed = {outcome.region: "; ".join(p.message for p in outcome.problems) for outcome in result.failed}
    if not answers or (failed and not allow_partial):
        return result
    origin = snapshot.Origin(connection.target.endpoint, subscription, today or datetime.date.today(), wanted)
    write_atomically(out, snapshot.render(snapshot.build(base, answers, failed, origin)))
    result.written = True
    return result


def _all_regions(client: CognitiveServicesManagementClient, max_pages: int) -> list[str]:
    """Regions where the subscription may create an OpenAI or AI Services account (resource SKUs)."""
    regions: set[str] = set()
    for sku in collect(client.resource_skus.list(), max_pages):
        if (sku.kind or "").lower() not in ACCOUNT_KINDS or (sku.resource_type or "").lower() != "accounts":
            continue
        blocked = {
            location.lower()
            for restriction in sku.restrictions or []
            if (restriction.type or "").lower() == "location"
            for location in restriction.values or []
        }
        regions.update(
            location.lower() for location in sku.locations or [] if location.lower() not in blocked
        )
    return sorted(regions)


def _read(
    client: CognitiveServicesManagementClient,
    regions: Sequence[str],
    connection: Connection,
    progress: Progress,
) -> tuple[dict[str, snapshot.RegionAnswer], list[RegionOutcome]]:
    pages = connection.limits.max_pages
    calls = [call for region in regions for call in _calls(client, region, pages)]
    with progress(len(calls)) as done:
        results = run_all(calls, connection.limits.concurrency, done)
    answers: dict[str, snapshot.RegionAnswer] = {}
    outcomes = []
    for region in regions:
        models, usages = results[(region, "models")], results[(region, "usages")]
        problems = tuple(answer for answer in (models, usages) if isinstance(answer, Problem))
        if problems or not isinstance(models, list) or not isinstance(usages, list):
            outcomes.append(RegionOutcome(region, problems=problems))
            continue
        answers[region] = snapshot.RegionAnswer(models, usages)
        outcomes.append(RegionOutcome(region, len(models), len(usages)))
    return answers, outcomes


def _calls(
    client: CognitiveServicesManagementClient, region: str, pages: int
) -> Iterator[Call[tuple[str, str], list[dict[str, Any]]]]:
    def models() -> list[dict[str, Any]]:
        found = collect(client.models.list(region), pages)
        return snapshot.check_models([dict(entry.serialize(keep_readonly=True)) for entry in found])

    def usages() -> list[dict[str, Any]]:
        found = collect(client.usages.list(region), pages)
        return snapshot.check_usages([dict(entry.serialize(keep_readonly=True)) for entry in found])

    yield Call((region, "models"), models, READER)
    yield Call((region, "usages"), usages, USAGES_READER)
