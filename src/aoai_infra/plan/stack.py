"""One version of one stack as the plan's impact calculations see it: its spec and its catalog.

Imports: aoai_infra.catalog, aoai_infra.stack.
"""

from __future__ import annotations

from dataclasses import dataclass

from aoai_infra.catalog.catalog import Catalog
from aoai_infra.stack.model import StackSpec


@dataclass(frozen=True, slots=True)
class StackVersion:
    name: str  # the stack name: the file name without its suffix
    file: str  # where this version came from, as shown in messages (`main:stacks/dev.yaml` for git)
    spec: StackSpec
    catalog: Catalog
