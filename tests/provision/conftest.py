"""Provisioning tests need Pulumi and pulumi-azure-native (the `pulumi` extra, part of `dev`)."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = ("dev", "prod-eastus", "prod-swedencentral")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty Pulumi project folder with `infra/` and `stacks/`, like this repository."""
    (tmp_path / "Pulumi.yaml").write_text("name: aoai-infra\nruntime: python\nmain: infra/\n")
    (tmp_path / "infra").mkdir()
    (tmp_path / "stacks").mkdir()
    return tmp_path
