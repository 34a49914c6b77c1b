"""Provisioning tests need Pulumi and pulumi-azure-native (the `pulumi` extra, part of `dev`)."""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

EXAMPLES = ("dev", "prod-eastus", "prod-swedencentral")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty Pulumi project folder with `infra/` and `stacks/`, like this repository."""
    (tmp_path / "Pulumi.yaml").write_text("name: aoai-infra\nruntime: python\nmain: infra/\n")
    (tmp_path / "infra").mkdir()
    (tmp_path / "stacks").mkdir()
    return tmp_path


class _CatalogDay(datetime.date):
    """`date.today()` frozen to the catalog's date, so that the real program validates as the tests expect."""

    frozen = datetime.date(2026, 11, 21)

    @classmethod
    def today(cls) -> _CatalogDay:
        return cls(cls.frozen.year, cls.frozen.month, cls.frozen.day)


@pytest.fixture
def frozen_today(monkeypatch, catalog_date):
    _CatalogDay.frozen = catalog_date
    monkeypatch.setattr("aoai_infra.validate.datetime", SimpleNamespace(date=_CatalogDay))
