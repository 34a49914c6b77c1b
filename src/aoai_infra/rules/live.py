"""What `validate --live` read from Azure, as the rules see it (aoai_infra.live reads it).

Offline, `Options.live` is None and every rule answers from the catalog alone.

Imports: the standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aoai_infra.findings import Finding
    from aoai_infra.rules.quota import Limit, QuotaKey


@dataclass(frozen=True, slots=True)
class Deployed:
    """The model versions a subscription has deployments of, in every account Azure listed for it.

    `unreadable` says why the list may be incomplete (an account or list that could not be read); a
    version found is found all the same."""

    versions: frozenset[tuple[str, str]]  # (model in lower case, version)
    accounts: int  # accounts read
    unreadable: str | None = None

    def has(self, model: str, version: str) -> bool:
        return (model.lower(), version) in self.versions


@dataclass(frozen=True, slots=True)
class LiveFacts:
    """The limit left per quota pool, the versions each subscription already deploys (by subscription in
    lower case; only subscriptions a rule needs), and findings of what could not be read."""

    limits: Mapping[QuotaKey, Limit] = field(default_factory=dict)
    deployed: Mapping[str, Deployed] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
