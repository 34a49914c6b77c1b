"""The Pulumi program under mocks: `record` (from `aoai_infra.provision.recording`) and graph helpers."""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path

import pytest

from aoai_infra.provision.recording import Recording, Registration, record
from tests.conftest import REPO

__all__ = ["Recording", "Registration", "longest_chain", "run_main", "run_program", "waits_for"]


def run_program(
    program: Callable[[], object],
    *,
    stack: str = "prod-eastus",
    preview: bool = False,
    config: dict[str, str] | None = None,
) -> Recording:
    return record(program, stack=stack, preview=preview, config=config)


def run_main(
    stack: str, monkeypatch: pytest.MonkeyPatch, config: dict[str, str] | None = None, root: Path = REPO
) -> Recording:
    """Run <root>/infra/__main__.py as Pulumi does: from infra/, as the __main__ module of that folder."""
    monkeypatch.chdir(root / "infra")
    return run_program(
        lambda: runpy.run_path(str(root / "infra"), run_name="__main__"), stack=stack, config=config
    )


def longest_chain(recording: Recording, token: str) -> int:
    """The number of resources of one type on the longest path of dependencies among them."""
    of_type = {r.urn: r for r in recording.of_type(token)}
    memo: dict[str, int] = {}

    def depth(urn: str) -> int:
        if urn not in memo:
            below = [depth(dep) for dep in of_type[urn].dependencies if dep in of_type]
            memo[urn] = 1 + max(below, default=0)
        return memo[urn]

    return max((depth(urn) for urn in of_type), default=0)


def waits_for(recording: Recording, urn: str) -> set[str]:
    """Every URN that `urn` waits for, directly or through others."""
    seen: set[str] = set()
    todo = [urn]
    while todo:
        registration = recording.registrations.get(todo.pop())
        for dependency in registration.dependencies if registration else ():
            if dependency not in seen:
                seen.add(dependency)
                todo.append(dependency)
    return seen
