"""Every rule's passing and failing cases, from the data files in tests/rules/ (see its README)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from aoai_infra.rules.registry import ALL_RULES
from aoai_infra.validate import Settings, validate_paths

CASES_DIR = Path(__file__).parent / "rules"
CASES_TODAY = datetime.date(2026, 11, 21)  # the day a case is checked as of, unless it says another
# AOAI212 (live quota unreadable) and AOAI126 (closed to a subscription with no deployment of the version)
# fire only with `validate --live`: tests/live/test_validate_live.py covers each against the ARM emulator,
# with a passing and a firing case.
LIVE_RULES = {"AOAI126", "AOAI212"}
CATALOG_RULES = {rule.code for rule in ALL_RULES if rule.code >= "AOAI100"} - LIVE_RULES


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("AOAI*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem, path
        for case in data["cases"]:
            params.append(pytest.param(data["rule"], case, id=f"{path.stem}: {case['name']}"))
    return params


def test_every_catalog_rule_has_a_passing_and_a_failing_case():
    for code in sorted(CATALOG_RULES):
        path = CASES_DIR / f"{code}.yaml"
        assert path.is_file(), f"{code} has no cases"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert any(code not in _codes(case) for case in cases), f"{code} has no passing case"
        assert any(code in _codes(case) for case in cases), f"{code} has no case where it fires"


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_rule_case(rule: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    files = case.get("files") or {"stack.yaml": case["stack"]}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    options = case.get("options", {})
    settings = Settings(
        today=options.get("today", CASES_TODAY), retiring_within=options.get("retiring_within", 90)
    )
    monkeypatch.chdir(tmp_path)  # findings name files as the user named them: here, relative ones
    report = validate_paths(sorted(files), settings)
    found = [(f.file, f.code, f"{f.position.line}:{f.position.column}", f.message) for f in report.findings]
    expected = [_expectation(item, files) for item in case["expect"]]
    assert len(found) == len(expected), found
    for (file, code, where, message), (want_file, want_code, want_where, part) in zip(
        found, expected, strict=True
    ):
        assert (file, code, where) == (want_file, want_code, want_where), message
        assert part in message


def _expectation(item: list[str], files: dict[str, str]) -> tuple[str, str, str, str]:
    if len(item) == 4:
        return (item[0], item[1], item[2], item[3])
    (only,) = files
    return (only, item[0], item[1], item[2])


def _codes(case: dict[str, Any]) -> set[str]:
    return {item[-3] for item in case["expect"]}
