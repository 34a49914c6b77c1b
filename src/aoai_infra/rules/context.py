"""What a catalog rule sees: a loaded stack with its catalog and options, and each of its deployments.

Positions are looked up only when a rule reports something, so clean stacks pay nothing for them.

Imports: the standard library only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the rule registry is imported by the loader: keep this module free of import cycles
    from aoai_infra.catalog.catalog import Catalog
    from aoai_infra.catalog.model import DeploymentType, Lifecycle, ModelSku
    from aoai_infra.findings import Position
    from aoai_infra.rules.live import LiveFacts
    from aoai_infra.source.sourcemap import KeyPath, SourceMap
    from aoai_infra.stack.load import LoadedStack
    from aoai_infra.stack.model import Account, Deployment, StackSpec

DEFAULT_RETIRING_WITHIN_DAYS = 90


@dataclass(frozen=True, slots=True)
class Options:
    today: datetime.date
    retiring_within: int = DEFAULT_RETIRING_WITHIN_DAYS  # days before retirement that warn
    live: LiveFacts | None = None  # validate --live: what was read from Azure; None offline


class StackContext:
    def __init__(
        self, stack: LoadedStack, spec: StackSpec, source: SourceMap, catalog: Catalog, options: Options
    ):
        self.stack = stack
        self.spec = spec
        self.source = source
        self.catalog = catalog
        self.options = options

    @property
    def file(self) -> str:
        return self.stack.file

    @property
    def name(self) -> str:
        return self.stack.name

    def position(self, path: KeyPath) -> Position:
        return self.source.position(path)

    def where(self, path: KeyPath) -> str:
        """`file:line` of a value, for messages that point at other places."""
        return f"{self.file}:{self.position(path).line}"

    def accounts(self) -> Iterator[AccountRef]:
        for index, account in enumerate(self.spec.accounts):
            yield AccountRef(self, index, account)

    def release(self) -> None:
        """Drop the deployment refs, which point back at this context: without the cycle, reference
        counting frees the context and what only it holds (validate pauses the cyclic collector)."""
        self.__dict__.pop("deployments", None)

    @cached_property
    def deployments(self) -> list[DeploymentRef]:
        return [
            DeploymentRef(account, index, deployment)
            for account in self.accounts()
            for index, deployment in enumerate(account.account.deployments)
        ]


@dataclass(frozen=True, slots=True)
class AccountRef:
    stack: StackContext
    index: int
    account: Account

    @property
    def path(self) -> tuple[str, int]:
        return ("accounts", self.index)

    @property
    def region(self) -> str:
        return self.stack.spec.location_of(self.account)

    @property
    def region_path(self) -> KeyPath:
        """Where the account's region is written: its own `location`, or the stack's."""
        return (*self.path, "location") if self.account.location else ("location",)

    def at(self, field: str) -> Position:
        return self.stack.position((*self.path, field))


class DeploymentRef:
    """One deployment, with what the catalog says about it, looked up once and shared by the rules."""

    __slots__ = ("account", "deployment", "deployment_type", "index", "lifecycle", "offer", "region", "stack")

    def __init__(self, account: AccountRef, index: int, deployment: Deployment) -> None:
        self.account = account
        self.index = index
        self.deployment = deployment
        self.stack = account.stack
        self.region = account.region
        catalog = self.stack.catalog
        # Plain lookups done once, here: a repository of 10,000 deployments asks each rule about each.
        self.lifecycle: Lifecycle | None = catalog.lifecycle(
            deployment.model, deployment.version, deployment.sku
        )
        self.deployment_type: tuple[str, DeploymentType] | None = catalog.deployment_type(deployment.sku)
        self.offer: ModelSku | None = catalog.sku(
            self.region, deployment.model, deployment.version, deployment.sku
        )

    @property
    def path(self) -> tuple[str | int, ...]:
        return (*self.account.path, "deployments", self.index)

    def at(self, field: str) -> Position:
        return self.stack.position((*self.path, field))

    def where(self, field: str = "name") -> str:
        return self.stack.where((*self.path, field))

    @property
    def is_retired(self) -> bool:
        return self.lifecycle is not None and self.lifecycle.is_retired(self.stack.options.today)
