"""docs/getting-started.md, followed step by step in an empty folder: its files validate, and its Pulumi
program creates what its stack declares (under Pulumi's mocks)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from aoai_infra.stack.model import json_schema
from tests.conftest import REPO, run_cli
from tests.provision.harness import run_main

GUIDE = (REPO / "docs/getting-started.md").read_text(encoding="utf-8")


def write_guide_files(folder: Path) -> list[str]:
    """Every file the guide says to create ("Create `path`:" and the code block after it)."""
    created = re.findall(r"Create `([^`]+)`:\n\n```\w+\n(.*?)```", GUIDE, re.DOTALL)
    for name, text in created:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return [name for name, _ in created]


def test_the_guide_creates_a_stack_a_project_and_a_program(tmp_path: Path):
    assert write_guide_files(tmp_path) == ["stacks/dev.yaml", "Pulumi.yaml", "infra/__main__.py"]


def test_the_guides_stack_validates_as_shown(tmp_path: Path, catalog_date):
    write_guide_files(tmp_path)
    (tmp_path / "schema").mkdir()
    schema = run_cli("schema", cwd=tmp_path)
    assert json.loads(schema.stdout) == json_schema()
    result = run_cli("validate", "stacks/", "--today", catalog_date.isoformat(), cwd=tmp_path)
    shown = re.search(r"aoai-infra validate stacks/\n```\n\n```text\n(.*?)```", GUIDE, re.DOTALL)
    assert shown
    assert (result.returncode, result.stdout) == (0, shown.group(1))


def test_the_guides_mistakes_are_caught(tmp_path: Path, catalog_date):
    write_guide_files(tmp_path)
    stack = tmp_path / "stacks/dev.yaml"
    stack.write_text(
        stack.read_text(encoding="utf-8").replace("capacity: 50", "capacity: 0"), encoding="utf-8"
    )
    result = run_cli("validate", "stacks/", cwd=tmp_path)
    assert result.returncode == 1
    assert "stacks/dev.yaml:19:19: AOAI014 error" in result.stdout


def test_the_guides_program_provisions_the_stack(tmp_path: Path, monkeypatch, frozen_today):
    write_guide_files(tmp_path)
    config = {"azure-native:subscriptionId": "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"}
    recording = run_main("dev", monkeypatch, config=config, root=tmp_path)
    assert recording.error is None, recording.errors()
    created = sorted(registration.type for registration in recording.registrations.values())
    assert created == [
        "aoai-infra:index:AzureOpenAIStack",
        "azure-native:cognitiveservices:Account",
        "azure-native:cognitiveservices:Deployment",
        "azure-native:monitor:DiagnosticSetting",
        "azure-native:resources:ResourceGroup",
        "pulumi:providers:azure-native",
    ]
    deployments = recording.exports["accounts"]["oai-contoso-dev-01"]["deployments"]
    assert deployments == {
        "chat": {"model": "gpt-5.4", "version": "2026-03-05", "sku": "GlobalStandard", "capacity": 50}
    }


def test_the_guides_stack_passes_the_policy_pack_its_next_section_recommends(tmp_path: Path, catalog_date):
    write_guide_files(tmp_path)
    assert "Guard `pulumi up` with the policy pack" in GUIDE
    result = run_cli("check-policies", "stacks/", "--today", catalog_date.isoformat(), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("no violations\n")
