"""Every malformed input in tests/corpus/malformed/ gets exactly its expected located findings, through the
library and through the real console script (one process for the whole corpus), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from aoai_infra.rules.registry import BY_CODE
from aoai_infra.stack.load import load_stack
from tests.conftest import REPO, run_cli

CORPUS = REPO / "tests" / "corpus" / "malformed"
CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (CORPUS.parent / "malformed.cases.yaml").read_text(encoding="utf-8")
)


def test_corpus_is_large_and_every_file_has_a_case():
    files = {path.name for path in CORPUS.iterdir()}
    assert len(files) >= 40
    assert files == set(CASES)


def test_corpus_covers_every_input_rule():
    expected_codes = {code for case in CASES.values() for code, _line, _column in case["expect"]}
    assert expected_codes == {code for code in BY_CODE if code.startswith(("AOAI00", "AOAI01"))}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_input_gets_its_located_finding(name: str):
    case = CASES[name]
    stack = load_stack(CORPUS / name)
    found = sorted([f.code, f.position.line, f.position.column] for f in stack.findings)
    assert found == sorted(case["expect"]), case["why"]
    assert any(case["says"] in finding.message for finding in stack.findings)
    assert stack.spec is None


def test_whole_corpus_through_the_console_script():
    result = run_cli("validate", str(CORPUS), "--format", "json")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 2  # some files cannot be read at all
    report = json.loads(result.stdout)
    reported = sorted([Path(f["file"]).name, f["code"], f["line"], f["column"]] for f in report["findings"])
    expected = sorted([name, *finding] for name, case in CASES.items() for finding in case["expect"])
    assert reported == expected


@pytest.mark.parametrize(
    ("name", "exit_code"),
    [("latin-1.yaml", 2), ("tab-indentation.yaml", 2), ("billion-laughs.yaml", 2), ("version-float.yaml", 1)],
)
def test_text_output_names_file_line_and_column(name: str, exit_code: int):
    result = run_cli("validate", f"tests/corpus/malformed/{name}")
    code, line, column = CASES[name]["expect"][0]
    assert result.returncode == exit_code
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(f"tests/corpus/malformed/{name}:{line}:{column}: {code} error ")
