"""Provisioning tests need Pulumi and pulumi-azure-native (the `pulumi` extra, part of `dev`)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from tests.conftest import REPO

EXAMPLES = ("dev", "prod-eastus", "prod-swedencentral")


@pytest.fixture(scope="session")
def catalog_date() -> datetime.date:
    """Validate against the bundled catalog's own date, so that the examples stay clean as time passes."""
    catalog = json.loads((REPO / "src/aoai_infra/catalog/data/catalog.json").read_text())
    return datetime.date.fromisoformat(catalog["as_of"])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty Pulumi project folder with `infra/` and `stacks/`, like this repository."""
    (tmp_path / "Pulumi.yaml").write_text("name: aoai-infra\nruntime: python\nmain: infra/\n")
    (tmp_path / "infra").mkdir()
    (tmp_path / "stacks").mkdir()
    return tmp_path
