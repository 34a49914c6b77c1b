"""`validate --live`: everything one run reads from Azure, for the rules (aoai_infra.rules.live).

Quota left per pool (aoai_infra.live.quota) and, for subscriptions whose stacks declare a version closed
to new customers, the versions they already deploy (aoai_infra.live.customers).

Imports: aoai_infra.live, aoai_infra.rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from aoai_infra.live.client import Connection
from aoai_infra.live.customers import CustomerReader
from aoai_infra.live.quota import QuotaReader
from aoai_infra.rules.context import StackContext
from aoai_infra.rules.live import LiveFacts


class LiveReader:
    """`Settings.live` of aoai_infra.validate."""

    def __init__(self, connection: Connection) -> None:
        self.quota = QuotaReader(connection)
        self.customers = CustomerReader(connection)

    def __call__(self, stacks: Sequence[StackContext]) -> LiveFacts:
        limits, findings = self.quota(stacks)
        return LiveFacts(limits, self.customers(stacks), findings)
