"""Shared helpers: the repository's paths, a minimal valid stack, and running the real console script."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import textwrap
from collections.abc import Collection
from pathlib import Path

import pytest

from aoai_infra.catalog.loader import load_catalog
from aoai_infra.stack.load import LoadedStack, load_stack

REPO = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("aoai-infra")

MINIMAL = """\
subscription_id: 6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7
location: eastus
resource_group: {name: rg-test}
accounts:
  - name: oai-test
    deployments:
      - name: chat
        model: gpt-5.4
        version: "2026-03-05"
        sku: GlobalStandard
        capacity: 10
"""


def run_cli(
    *args: str, cwd: Path = REPO, env: dict[str, str] | None = None, unset: Collection[str] = ()
) -> subprocess.CompletedProcess[str]:
    """The installed `aoai-infra` console script, as a user runs it; `unset` names variables to leave out."""
    inherited = {key: value for key, value in os.environ.items() if key not in unset}
    return subprocess.run(
        [str(CLI), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**inherited, **(env or {})},
        check=False,
    )


# The bundled catalog's own date, read here only: validating the examples as of it keeps them clean as
# time passes.
CATALOG_DATE = load_catalog().data.as_of


@pytest.fixture(scope="session")
def catalog_date() -> datetime.date:
    return CATALOG_DATE


@pytest.fixture
def write_stack(tmp_path: Path):
    """Write YAML text (dedented) to a stack file and return its path."""

    def write(text: str, name: str = "stack.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def load(write_stack):
    """Load YAML text as a stack file."""

    def loader(text: str) -> LoadedStack:
        return load_stack(write_stack(text))

    return loader
