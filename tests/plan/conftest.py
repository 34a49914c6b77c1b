"""A plan between two stack texts, made in-process against the bundled catalog as of its own date."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest

from aoai_infra.plan.build import Plan
from aoai_infra.plan.run import make_plan


@pytest.fixture
def plan(tmp_path: Path, catalog_date: datetime.date) -> Callable[[str, str], Plan]:
    def make(old: str, new: str) -> Plan:
        (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
        (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
        return make_plan([str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")], None, today=catalog_date)

    return make
