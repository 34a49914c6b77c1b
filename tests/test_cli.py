"""The command line as a user meets it: output formats, exit codes, paths, schema and version."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aoai_infra import __version__
from aoai_infra.cli import app as cli
from aoai_infra.stack.model import json_schema
from tests.conftest import MINIMAL, REPO, run_cli

runner = CliRunner()
LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): "
    r"(?P<code>AOAI\d{3}) (?P<severity>error|warning|info) .+$"
)


def invoke(*args: str):
    return runner.invoke(cli.app, list(args))


def test_example_stacks_validate_clean():
    result = run_cli("validate", "stacks/")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "checked 3 files: no problems found\n"
    assert result.stderr == ""


def test_findings_grouped_by_file_then_summary(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(
        MINIMAL.replace("capacity: 10", "capacity: 0").replace("gpt-5.4", "gpt-5.4\n        modle: x")
    )
    (tmp_path / "b.yaml").write_text(MINIMAL.replace('"2026-03-05"', "2.0"))
    (tmp_path / "c.yaml").write_text(MINIMAL)
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 1
    *findings, blank, summary = result.output.splitlines()
    assert blank == ""
    assert summary == "checked 3 files: 3 errors, 0 warnings"
    groups = [group.splitlines() for group in "\n".join(findings).split("\n\n")]
    assert [len(group) for group in groups] == [2, 1]
    for group in groups:
        parsed = [LINE.match(line) for line in group]
        assert all(parsed), group
        assert len({match["file"] for match in parsed if match}) == 1
    assert groups[0][0].startswith(f"{tmp_path / 'a.yaml'}:9:9: AOAI010 error unknown key 'modle'")


def test_json_output_shape(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(MINIMAL.replace("capacity: 10", "capacity: 0"))
    (tmp_path / "good.yml").write_text(MINIMAL)
    result = invoke("validate", str(tmp_path), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["version"] == 1
    assert document["files"] == [
        {
            "path": str(tmp_path / "bad.yaml"),
            "stack": "bad",
            "readable": True,
            "valid": False,
            "errors": 1,
            "warnings": 0,
        },
        {
            "path": str(tmp_path / "good.yml"),
            "stack": "good",
            "readable": True,
            "valid": True,
            "errors": 0,
            "warnings": 0,
        },
    ]
    assert document["findings"] == [
        {
            "file": str(tmp_path / "bad.yaml"),
            "line": 11,
            "column": 19,
            "code": "AOAI014",
            "rule": "out-of-range",
            "severity": "error",
            "message": "capacity must be at least 1, not 0",
        }
    ]
    assert document["summary"] == {
        "files": 2,
        "errors": 1,
        "warnings": 0,
        "info": 0,
        "unreadable": 0,
        "exit_code": 1,
    }


def test_unreadable_input_exits_2_even_with_other_errors(tmp_path: Path):
    (tmp_path / "broken.yaml").write_text("a: [\n")
    (tmp_path / "invalid.yaml").write_text(MINIMAL.replace("capacity: 10", "capacity: 0"))
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "checked 2 files: 2 errors, 0 warnings; 1 could not be read"


def test_missing_path_and_empty_directory_exit_2(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = invoke("validate", str(tmp_path / "nope.yaml"), str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.yaml'}:1:1: AOAI001 error no such file; check the path" in result.output
    assert (
        f"{tmp_path / 'empty'}:1:1: AOAI001 error no stack files (*.yaml, *.yml) in this directory"
        in result.output
    )


def test_directories_are_searched_recursively_skipping_hidden_and_other_files(tmp_path: Path):
    for name in ["a.yaml", "nested/deeper/b.yml", ".hidden/c.yaml", "nested/.d.yaml", "notes.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(MINIMAL)
    document = json.loads(invoke("validate", str(tmp_path), "-f", "json").output)
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in document["files"]] == [
        "a.yaml",
        "nested/deeper/b.yml",
    ]


def test_a_file_named_twice_is_checked_once(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(MINIMAL)
    result = invoke("validate", str(tmp_path), str(tmp_path / "a.yaml"))
    assert result.output == "checked 1 file: no problems found\n"


def test_explicit_file_with_any_suffix_is_checked(tmp_path: Path):
    path = tmp_path / "stack.txt"
    path.write_text(MINIMAL)
    assert invoke("validate", str(path)).exit_code == 0


def test_version():
    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, f"aoai-infra {__version__}\n")


def test_schema_command_prints_the_schema():
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.output) == json_schema()


def test_no_arguments_shows_help():
    result = invoke()
    assert "validate" in result.output
    assert "schema" in result.output


def test_validate_without_paths_is_a_usage_error():
    result = run_cli("validate")
    assert result.returncode == 2
    assert "Missing argument" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "aoai_infra", "validate", "stacks/dev.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "checked 1 file: no problems found\n")


def test_internal_error_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    def explode(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("aoai_infra.validate.validate_paths", explode)
    monkeypatch.setattr(sys, "argv", ["aoai-infra", "validate", "stacks/"])
    monkeypatch.delenv("AOAI_INFRA_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 3
    error = capsys.readouterr().err
    assert error.startswith("aoai-infra: internal error: RuntimeError: boom\n")
    assert "Traceback" not in error


def test_validating_again_and_again_keeps_nothing_it_made():
    # validate pauses the cyclic collector and freezes what it made (aoai_infra.validate): anything
    # left in a reference cycle would then never be freed, and a long-running caller would grow.
    import gc

    from aoai_infra.validate import Settings, validate_paths

    settings = Settings(today=datetime.date(2026, 10, 5))
    stacks = [str(REPO / "stacks" / "prod-eastus.yaml"), str(REPO / "stacks" / "dev.yaml")]
    validate_paths(stacks, settings)
    before = gc.get_freeze_count()
    for _ in range(3):
        validate_paths(stacks, settings)
    assert gc.get_freeze_count() == before


def test_a_clean_file_keeps_no_node_tree():
    # Positions are looked up in a node tree composed again on demand (aoai_infra.source.sourcemap): a
    # file without findings never needs one, and 100,000 deployments fit in 350 MiB (bench/memory.py).
    from aoai_infra.validate import Settings, validate_paths

    report = validate_paths([str(REPO / "stacks")], Settings(today=datetime.date(2026, 10, 5)))
    assert report.findings == []
    assert [stack.source.composed for stack in report.stacks if stack.source] == [False, False, False]
    broken = validate_paths([str(REPO / "docs/examples/prod-westeurope.yaml")], Settings())
    (stack,) = broken.stacks
    assert stack.source is not None
    assert stack.source.composed
