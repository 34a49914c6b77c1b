"""The bundled catalog is built from Microsoft's documentation pages, and holds together on every day."""

from __future__ import annotations

import datetime
import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aoai_infra.catalog.loader import BUNDLED, load_catalog
from aoai_infra.catalog.queries import models, show
from tests.conftest import CATALOG_DATE, REPO

DOCS = REPO / "tools" / "catalog-docs"
SHARED = REPO.parent / "shared" / "facts" / "docs"  # the researched copies, where this checkout has them
STANDARD = "articles/foundry/foundry-models/includes/model-matrix/deployments-standard.md"
SCHEDULE = "articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md"


def build(docs: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(REPO / "tools/build_catalog.py"), "--docs", str(docs), "--out", str(out)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_the_bundled_catalog_is_rebuilt_exactly_from_the_pages(tmp_path: Path):
    result = build(DOCS, tmp_path / "catalog.json")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "catalog.json").read_bytes() == BUNDLED.read_bytes()
    # Each conflict between pages is reported with both places, and how it was resolved.
    assert (
        "conflict: gpt-4o 2024-05-13: Standard keeps its own retirement 2026-03-31 (more specific) "
        "beside the "
        "version's 2026-12-09 (kept articles/foundry/openai/includes/retirement/models.md:23; "
        f"over {SCHEDULE}:32)"
    ) in result.stdout
    assert "page states two retirement dates, 2027-04-06 and 2026-09-21; the earlier holds" in result.stdout


@pytest.mark.skipif(not SHARED.is_dir(), reason="the researched copies are not beside this checkout")
def test_the_kept_pages_are_the_researched_copies():
    compared = filecmp.dircmp(SHARED, DOCS)
    assert not (compared.left_only)
    assert not (compared.right_only)
    assert not (compared.diff_files)
    for path in SHARED.rglob("*.md"):
        assert path.read_bytes() == (DOCS / path.relative_to(SHARED)).read_bytes(), path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "| **Model** | **Version** | **brazilsouth**",
            "| **Model name** | **Version** | **brazilsouth**",
            f"{STANDARD}:25: table without column(s) Model",
        ),
        (
            "## Data Zone Standard",
            "## Data Zone Standard (new)",
            f"{STANDARD}:519: unknown deployment type heading '## Data Zone Standard (new)'",
        ),
        (
            "| codex-mini | 2025-05-16 | - | - | - | ✅",
            "| codex-mini | 2025-05-16 | - | - | - | ✔",
            f"{STANDARD}:27: mark '✔' in centralus is neither ✅ nor -",
        ),
    ],
)
def test_a_page_the_parser_does_not_understand_stops_the_build_with_its_place(
    tmp_path: Path, old: str, new: str, message: str
):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    page = docs / STANDARD
    page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = build(docs, tmp_path / "catalog.json")
    assert result.returncode == 2
    assert result.stderr.startswith(f"build_catalog: {message}")
    assert not (tmp_path / "catalog.json").exists()


def test_every_retirement_of_the_schedule_is_in_the_catalog_with_its_types():
    catalog = load_catalog()
    rows = [line.split("|")[1:6] for line in (DOCS / SCHEDULE).read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and line.count("|") == 6]  # fmt: skip
    azure_openai = [r for r in rows if catalog.model(r[0].strip()) is not None and r[1].strip() != "Version"]
    assert len(azure_openai) > 60
    for model, version, _, date, _ in azure_openai:
        lifecycle = catalog.lifecycle(model.strip(), version.strip())
        assert lifecycle is not None, (model, version)
        if date.strip() != "—":
            assert lifecycle.retirement is not None
    standard = catalog.lifecycle("gpt-4o", "2024-08-06", "Standard")
    assert standard is not None
    assert str(standard.retirement) == "2026-03-31"
    other = catalog.lifecycle("gpt-4o", "2024-08-06", "GlobalStandard")
    assert other is not None
    assert str(other.retirement) == "2027-04-14"


def test_the_catalog_knows_what_the_newest_pages_list():
    catalog = load_catalog()
    for model in ("gpt-5.6-luna", "gpt-5.6-sol", "gpt-5.6-terra"):
        assert catalog.regions_offering(model, "2026-07-09", "GlobalStandard"), model
    assert catalog.lifecycle("o1-pro", "2025-03-19") is not None
    assert catalog.lifecycle("gpt-chat-latest", "2026-08-06") is not None
    assert catalog.quota_limit("OpenAI.GlobalStandard.gpt-5.6-sol", "tier1") == 1000


def test_what_the_rebuilt_catalog_holds():
    # The hand-copied catalog this build replaced had 76 models, 97 versions, 28 regions and 60 pools
    # (commit 344efe9). These counts change with each rebuild; the rebuild's commit says why.
    data = load_catalog().data
    counted = (
        len(data.models),
        sum(len(info.versions) for info in data.models.values()),
        len(data.regions),
        len(data.quota.usages),
    )
    assert counted == (115, 140, 29, 104)
    assert "northeurope" in data.regions
    assert len(data.data_zones["APAC"].regions) == 5


def _days() -> list[datetime.date]:
    start = CATALOG_DATE
    return [start + datetime.timedelta(days=n) for n in range(366)]


def test_no_status_contradicts_its_dates_on_any_day_of_the_year_after_the_catalog():
    catalog = load_catalog()
    for day in _days():
        for info in catalog.data.models.values():
            for lifecycle in info.versions.values():
                for kind in (None, *lifecycle.deployment_types):
                    applied = lifecycle.for_type(kind) if kind else lifecycle
                    status = applied.status_on(day)
                    if applied.retirement is not None and applied.retirement <= day:
                        assert status == "retired"
                    if status in ("ga", "preview", "legacy"):
                        assert applied.no_new_customers is None or applied.no_new_customers > day


def test_every_replacement_is_a_model_current_on_the_retirement_date():
    catalog = load_catalog()
    for name, info in catalog.data.models.items():
        for version, lifecycle in info.versions.items():
            if lifecycle.replacement is None:
                continue
            day = lifecycle.retirement or CATALOG_DATE
            assert lifecycle.replacement in catalog.current_models(day), (
                name,
                version,
                lifecycle.replacement,
            )


def test_catalog_show_and_models_show_no_status_against_the_dates():
    catalog = load_catalog()
    for day in _days()[::30]:
        for row in models(catalog, day):
            if row["retirement"] and row["retirement"] <= day.isoformat():
                assert row["status"] == "retired", (day, row)
        for name in catalog.data.models:
            for version in show(catalog, name, day)["versions"]:
                if version.get("retirement") and version["retirement"] <= day.isoformat():
                    assert version["status"] == "retired", (day, name, version)
