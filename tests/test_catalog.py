"""The bundled catalog, catalog files an organisation keeps, and the `aoai-infra catalog` queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aoai_infra.catalog.loader import BUNDLED, CatalogError, load_catalog
from tests.conftest import MINIMAL, run_cli


def test_every_block_of_the_bundled_catalog_cites_a_known_source():
    catalog = load_catalog()
    known = set(catalog.data.sources)
    cited = {
        sku.source
        for region in catalog.data.regions.values()
        for entry in region.models
        for sku in entry.model.skus
    }
    versions = [version for model in catalog.data.models.values() for version in model.versions.values()]
    cited |= {version.source for version in versions}
    cited |= {source for version in versions for source in version.sources.values()}
    cited |= {own.source for version in versions for own in version.deployment_types.values()}
    cited |= {kind.source for kind in catalog.data.deployment_types.values()}
    cited |= {kind.availability_source for kind in catalog.data.deployment_types.values()} - {None}
    cited |= {source for usage in catalog.data.quota.usages.values() for source in usage.sources.values()}
    cited |= {
        catalog.data.limits.source,
        catalog.data.ptu.source,
        *(price.source for price in catalog.data.prices),
    }
    cited = {part for source in cited if source for part in source.split(", ")}  # rpm_per_unit cites two
    assert cited <= known, cited - known


def test_bundled_catalog_answers_from_the_pages():
    catalog = load_catalog()
    assert catalog.data.as_of.isoformat() == "2026-10-05"  # the newest page read
    assert catalog.regions_offering("gpt-5.4", "2026-03-05", "ProvisionedManaged") == [
        "australiaeast", "centralus", "germanywestcentral", "japaneast", "koreacentral", "swedencentral",
        "uksouth", "westus3",
    ]  # fmt: skip
    assert catalog.zone_of("swedencentral") == "EU"
    assert catalog.zone_of("japaneast") == "APAC"  # the 2026-10-05 Data Zone Standard table lists APAC
    assert catalog.zone_of("uksouth") is None
    assert catalog.quota_limit("OpenAI.GlobalStandard.gpt-5.4", "tier2") == 2000  # 2M TPM in tier 2
    assert catalog.quota_limit("OpenAI.GlobalBatch.gpt-4.1", "enterprise") == 5_000_000  # 5B tokens
    assert catalog.quota_limit("OpenAI.GlobalBatch.gpt-4.1", "free-trial") == 0  # N/A
    retired = catalog.lifecycle("gpt-35-turbo", "0125")
    assert retired is not None
    assert (retired.status, str(retired.retirement), retired.replacement) == (
        "retired",
        "2025-11-14",
        "gpt-4.1-mini",
    )


def test_a_stack_names_its_own_catalog_relative_to_itself(tmp_path: Path):
    catalog = json.loads(BUNDLED.read_text(encoding="utf-8"))
    catalog["quota"]["usages"]["OpenAI.GlobalStandard.gpt-5.4"]["limits"]["tier1"] = 5
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "org.json").write_text(json.dumps(catalog), encoding="utf-8")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "dev.yaml").write_text(
        "catalog: ../catalogs/org.json\n" + MINIMAL, encoding="utf-8"
    )
    result = run_cli("validate", "stacks/dev.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "AOAI210 error quota OpenAI.GlobalStandard.gpt-5.4 in eastus" in result.stdout
    assert "over the limit of 5 (tier1 limit, the lowest tier)" in result.stdout


def test_broken_json_catalog_gets_a_located_error_and_exit_2(tmp_path: Path):
    (tmp_path / "stack.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "org.json").write_text(
        '{\n  "format": 1,\n  "as_of": "2026-11-21"\n  "regions": {}\n}\n', encoding="utf-8"
    )
    result = run_cli("validate", "stack.yaml", "--catalog", "org.json", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "org.json:4:3: AOAI020 error the catalog cannot be read: not valid JSON: Expecting ',' delimiter"
        in result.stdout
    )
    assert "Traceback" not in result.stderr


def test_json_catalog_with_a_wrong_value_points_at_it(tmp_path: Path):
    catalog = json.loads(BUNDLED.read_text(encoding="utf-8"))
    catalog["limits"]["deployments_per_account"] = -1
    path = tmp_path / "org.json"
    path.write_text(json.dumps(catalog, indent=1), encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        load_catalog(path)
    (finding,) = error.value.findings
    line = path.read_text(encoding="utf-8").splitlines().index('  "deployments_per_account": -1,') + 1
    assert (finding.code, finding.position.line, finding.position.column) == ("AOAI021", line, 30)
    assert finding.message == "deployments_per_account must be at least 0, not -1"


def test_yaml_catalog_with_a_misspelt_key_suggests_the_right_one(tmp_path: Path):
    catalog = json.loads(BUNDLED.read_text(encoding="utf-8"))
    catalog["limitz"] = catalog.pop("limits")
    path = tmp_path / "org.yaml"
    import yaml

    path.write_text(yaml.safe_dump(catalog, sort_keys=False), encoding="utf-8")
    with pytest.raises(CatalogError) as error:
        load_catalog(path)
    messages = sorted((f.code, f.message) for f in error.value.findings)
    assert ("AOAI021", "the catalog is missing the required key 'limits'; add it") in messages
    assert any("unknown key 'limitz' in the catalog; did you mean 'limits'?" in m for _, m in messages)


def test_missing_catalog_file(tmp_path: Path):
    (tmp_path / "stack.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run_cli("validate", "stack.yaml", "--catalog", "nowhere.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere.json:1:1: AOAI020 error no such file; check the path" in result.stdout


def test_catalog_where_answers_with_regions_as_a_table_and_as_json():
    table = run_cli("catalog", "where", "gpt-4.1", "--sku", "DataZoneStandard", "--today", "2026-11-21")
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("gpt-4.1 as DataZoneStandard: 14 regions (retired versions left out)\n")
    assert "swedencentral       EU         2025-04-14  deprecated  DataZoneStandard" in table.stdout
    rows = json.loads(
        run_cli("catalog", "where", "gpt-4.1", "--sku", "DataZoneStandard", "-f", "json").stdout
    )
    assert {row["region"] for row in rows} >= {"eastus", "swedencentral"}
    assert all(row["data_zone"] in ("US", "EU") for row in rows)


def test_catalog_models_of_a_region_and_show_of_a_model():
    models = json.loads(
        run_cli("catalog", "models", "--region", "uksouth", "--today", "2026-11-21", "-f", "json").stdout
    )
    types = ["GlobalBatch", "GlobalProvisionedManaged", "GlobalStandard", "ProvisionedManaged"]
    row = {"model": "gpt-5.4", "version": "2026-03-05", "status": "ga", "retirement": "2027-09-02"}
    assert {**row, "retired_types": [], "deployment_types": types} in models
    shown = run_cli("catalog", "show", "gpt-5.4", "--today", "2026-11-21")
    assert "catalog date 2026-10-05: 47 days old on 2026-11-21" in shown.stdout
    assert "OpenAI.GlobalStandard.gpt-5.4    1000   2000   4000   7000   10000  15000" in shown.stdout
    assert "regional minimum 50 PTU in steps of 50" in shown.stdout


def test_catalog_query_for_an_unknown_model_suggests_and_exits_2():
    result = run_cli("catalog", "show", "gtp-4.1")
    assert result.returncode == 2
    assert result.stderr == "aoai-infra: unknown model 'gtp-4.1'; did you mean 'gpt-4.1'?\n"


def test_catalog_that_is_not_a_mapping_says_what_a_catalog_holds(tmp_path: Path):
    (tmp_path / "org.yaml").write_text("- a\n", encoding="utf-8")
    result = run_cli("catalog", "models", "--catalog", "org.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("org.yaml:1:1: AOAI021 error a catalog file must be a mapping")


def test_today_and_retiring_within_set_the_lifecycle_window(tmp_path: Path):
    (tmp_path / "stack.yaml").write_text(MINIMAL, encoding="utf-8")  # gpt-5.4 retires on 2027-09-02
    wide = run_cli("validate", "stack.yaml", "--today", "2027-07-01", cwd=tmp_path)
    assert wide.returncode == 0
    assert "AOAI121 warning gpt-5.4 2026-03-05 retires on 2027-09-02 (in 63 days)" in wide.stdout
    narrow = run_cli(
        "validate", "stack.yaml", "--today", "2027-07-01", "--retiring-within", "30", cwd=tmp_path
    )
    assert "AOAI121" not in narrow.stdout
    bad = run_cli("validate", "stack.yaml", "--today", "2027-13-01", cwd=tmp_path)
    assert bad.returncode == 2
    assert "Invalid value for '--today'" in bad.stderr
    assert "Traceback" not in bad.stderr
