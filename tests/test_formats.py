"""validate's output where engineers look: SARIF for code scanning, GitHub annotations, and the terminal
(--strict, --quiet, colour and NO_COLOR, shell completion)."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import subprocess
import urllib.parse
from pathlib import Path

import jsonschema
import pytest

from aoai_infra.findings import Finding, Position, Severity
from aoai_infra.report import github
from aoai_infra.rules.registry import ALL_RULES
from tests.conftest import CLI, MINIMAL, REPO, run_cli

SARIF_SCHEMA = json.loads((REPO / "tests/schemas/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
TEXT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>AOAI\d{3}) (?P<severity>\w+) ")
ANNOTATION = re.compile(
    r"^::(?P<command>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<code>AOAI\d{3})::(?P<message>.+)$"
)
# A retirement window of ten years makes the example's models "retiring": warnings, no errors.
WARN_ONLY = ("--retiring-within", "3650", "--today", "2026-11-21")
COLOR_VARIABLES = ("NO_COLOR", "FORCE_COLOR", "TERM", "GITHUB_WORKSPACE")


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The console script with colour decided by `env` alone, whatever the machine running the tests sets."""
    return run_cli(*args, cwd=cwd, env=env, unset=COLOR_VARIABLES)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout with a stack that has errors and warnings, a clean one and an unreadable one."""
    stacks = tmp_path / "stacks"
    stacks.mkdir()
    broken = MINIMAL.replace("capacity: 10", "capacity: 0").replace("gpt-5.4", "gpt-5.4\n        modle: x")
    (stacks / "bad one.yaml").write_text(broken, encoding="utf-8")
    (stacks / "warn.yaml").write_text(
        MINIMAL.replace("oai-test", "oai-warn").replace("gpt-5.4", "text-embedding-3-large")
        .replace('"2026-03-05"', '"1"').replace("GlobalStandard", "Standard")
        + "quota: {eastus: {OpenAI.Standard.text-embedding-3-large: 1000}}\n",
        encoding="utf-8",
    )  # fmt: skip
    (stacks / "broken.yaml").write_text("accounts: [\n", encoding="utf-8")
    return tmp_path


def text_positions(output: str) -> list[tuple[str, int, int, str]]:
    found = [TEXT_LINE.match(line) for line in output.splitlines()]
    return [(m["file"], int(m["line"]), int(m["col"]), m["code"]) for m in found if m]


# SARIF


def test_sarif_follows_the_sarif_2_1_0_schema(repo: Path):
    result = run("validate", "stacks", "--format", "sarif", *WARN_ONLY, cwd=repo)
    assert result.returncode == 2, result.stderr  # broken.yaml cannot be read
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == SARIF_SCHEMA["id"]
    (run_,) = log["runs"]
    assert run_["invocations"] == [{"executionSuccessful": True, "exitCode": 2}]


def test_the_schema_check_can_fail(repo: Path):
    log = json.loads(run("validate", "stacks", "--format", "sarif", cwd=repo).stdout)
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError, match="'message' is a required property"):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)


def test_sarif_has_one_rule_per_code_with_its_docs_page():
    log = json.loads(run("validate", "stacks", "--format", "sarif", cwd=REPO).stdout)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in ALL_RULES]
    for described, rule in zip(rules, ALL_RULES, strict=True):
        assert described["name"] == rule.name
        assert described["shortDescription"]["text"] == rule.summary
        page = (REPO / "docs/rules" / f"{rule.code}.md").read_text(encoding="utf-8")
        # The full description is the page's first paragraph, not the summary again.
        assert described["fullDescription"]["text"].split()[:6] == page.split("\n\n")[2].split()[:6]
        assert described["help"]["markdown"] == page
        assert described["helpUri"].endswith(f"/blob/main/docs/rules/{rule.code}.md")
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.severity]
        assert described["defaultConfiguration"] == {"level": level}


def test_sarif_results_point_where_the_text_output_does(repo: Path):
    text = run("validate", "stacks", *WARN_ONLY, cwd=repo).stdout
    log = json.loads(run("validate", "stacks", "--format", "sarif", *WARN_ONLY, cwd=repo).stdout)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    root = urllib.parse.urlparse(run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]).path
    assert Path(root) == repo.resolve()
    located = []
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        artifact, region = (
            location["physicalLocation"]["artifactLocation"],
            location["physicalLocation"]["region"],
        )
        assert artifact["uriBaseId"] == "%SRCROOT%"
        path = urllib.parse.unquote(artifact["uri"])
        assert (repo / path).is_file()
        located.append((path, region["startLine"], region["startColumn"], result["ruleId"]))
    assert located == text_positions(text)
    assert "stacks/bad%20one.yaml" in {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                                       for r in run_["results"]}  # fmt: skip
    levels = {result["ruleId"]: result["level"] for result in run_["results"]}
    assert levels["AOAI121"] == "warning"
    assert levels["AOAI014"] == "error"


def test_sarif_gives_files_outside_the_working_directory_as_absolute_uris(repo: Path, tmp_path: Path):
    elsewhere = repo / "elsewhere"
    elsewhere.mkdir()
    log = json.loads(
        run("validate", str(repo / "stacks/broken.yaml"), "--format", "sarif", cwd=elsewhere).stdout
    )
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (repo / "stacks/broken.yaml").resolve().as_uri()}


def test_sarif_carries_each_rules_page_as_its_help():
    log = json.loads(run_cli("validate", "stacks/dev.yaml", "--format", "sarif", cwd=REPO).stdout)
    described = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(described) == len(ALL_RULES)
    for rule in described:
        page = (REPO / "docs" / "rules" / f"{rule['id']}.md").read_text(encoding="utf-8")
        assert rule["help"]["markdown"] == page, rule["id"]


# GitHub workflow commands


def test_github_annotations_match_the_findings(repo: Path):
    text = run("validate", "stacks", *WARN_ONLY, cwd=repo).stdout
    result = run("validate", "stacks", "--format", "github", *WARN_ONLY, cwd=repo)
    assert result.returncode == 2
    *annotations, summary = result.stdout.splitlines()
    assert summary == text.splitlines()[-1]
    matches = [ANNOTATION.match(line) for line in annotations]
    assert all(matches), annotations
    located = [
        (urllib.parse.unquote(m["file"]), int(m["line"]), int(m["col"]), m["code"]) for m in matches if m
    ]
    assert located == text_positions(text)
    commands = {m["code"]: m["command"] for m in matches if m}
    assert commands["AOAI121"] == "warning"
    assert commands["AOAI002"] == "error"


def test_github_paths_are_relative_to_the_workspace(repo: Path):
    result = run(
        "validate",
        str(repo / "stacks/broken.yaml"),
        "--format",
        "github",
        cwd=REPO,
        GITHUB_WORKSPACE=str(repo),
    )
    assert result.stdout.startswith("::error file=stacks/broken.yaml,line=")
    # Run from a folder of the checkout, a relative path is still placed by its repository path.
    below = run(
        "validate", "broken.yaml", "--format", "github", cwd=repo / "stacks", GITHUB_WORKSPACE=str(repo)
    )
    assert below.stdout.startswith("::error file=stacks/broken.yaml,line=")


def test_github_escapes_what_would_end_a_property_or_a_line(monkeypatch):
    monkeypatch.chdir(REPO)
    finding = Finding(
        "stacks/a,b:c.yaml", Position(3, 7), "AOAI010", Severity.INFO, "50% done\nnext: a, b", "unknown-key"
    )
    assert github.annotation(finding, REPO) == (
        "::notice file=stacks/a%2Cb%3Ac.yaml,line=3,col=7,title=AOAI010::50%25 done%0Anext: a, b"
    )


# --strict and --quiet


def test_warnings_pass_unless_strict(repo: Path):
    warn = "stacks/warn.yaml"
    relaxed = run("validate", warn, *WARN_ONLY, cwd=repo)
    strict = run("validate", warn, "--strict", *WARN_ONLY, cwd=repo)
    assert relaxed.returncode == 0
    assert relaxed.stdout.splitlines()[-1] == "checked 1 file: 0 errors, 1 warning"
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1] == "checked 1 file: 0 errors, 1 warning; warnings fail (--strict)"
    strict_json = json.loads(run("validate", warn, "--strict", "-f", "json", *WARN_ONLY, cwd=repo).stdout)
    assert strict_json["summary"]["exit_code"] == 1


def test_quiet_prints_only_what_fails(repo: Path):
    clean = run("validate", "stacks/warn.yaml", "--quiet", "--today", "2026-11-21", cwd=repo)
    assert (clean.returncode, clean.stdout) == (0, "")
    warnings = run("validate", "stacks/warn.yaml", "-q", *WARN_ONLY, cwd=repo)
    assert (warnings.returncode, warnings.stdout) == (0, "")
    strict = run("validate", "stacks/warn.yaml", "-q", "--strict", *WARN_ONLY, cwd=repo)
    assert strict.returncode == 1
    assert [code for *_, code in text_positions(strict.stdout)] == ["AOAI121"]
    assert len(strict.stdout.splitlines()) == 1
    errors = run("validate", "stacks", "-q", *WARN_ONLY, cwd=repo)
    shown = {code for *_, code in text_positions(errors.stdout)}
    assert shown == {"AOAI002", "AOAI010", "AOAI014"}
    assert "checked" not in errors.stdout
    sarif = json.loads(run("validate", "stacks", "-q", "-f", "sarif", *WARN_ONLY, cwd=repo).stdout)
    assert {result["ruleId"] for result in sarif["runs"][0]["results"]} == shown


def test_output_file_is_written_whole(repo: Path):
    result = run("validate", "stacks", "-f", "sarif", "-o", "aoai.sarif", cwd=repo)
    assert result.returncode == 2
    assert result.stdout == ""
    assert json.loads((repo / "aoai.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [path.name for path in repo.iterdir() if path.is_file()] == ["aoai.sarif"]
    missing = run("validate", "stacks", "-f", "sarif", "-o", "out/aoai.sarif", cwd=repo)
    assert missing.returncode == 2
    assert missing.stderr == (
        "aoai-infra: cannot write out/aoai.sarif: No such file or directory; check that out exists\n"
    )


# Colour

ESCAPE = "\x1b["


def on_terminal(*args: str, cwd: Path, **env: str) -> str:
    """Standard output of the console script when it is a terminal."""
    base = {key: value for key, value in os.environ.items() if key not in COLOR_VARIABLES}
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [str(CLI), *args], cwd=cwd, env={**base, **env}, stdout=terminal, stderr=subprocess.DEVNULL
    ) as process:
        os.close(terminal)
        shown = b""
        with contextlib.suppress(OSError):  # the terminal closes when the process ends
            while chunk := os.read(controller, 65536):
                shown += chunk
        process.wait(timeout=60)
    os.close(controller)
    return shown.decode()


def test_colour_on_a_terminal_and_not_in_a_pipe(repo: Path):
    coloured = on_terminal("validate", "stacks/bad one.yaml", cwd=repo)
    assert f"{ESCAPE}31m{ESCAPE}1merror" in coloured
    assert "modle" in coloured
    assert ESCAPE not in run("validate", "stacks/bad one.yaml", cwd=repo).stdout


@pytest.mark.parametrize(
    ("args", "env"),
    [((), {"NO_COLOR": "1"}), (("--no-color",), {}), ((), {"TERM": "dumb"})],
    ids=["NO_COLOR", "--no-color", "TERM=dumb"],
)
def test_no_colour_when_asked(repo: Path, args: tuple[str, ...], env: dict[str, str]):
    shown = on_terminal("validate", "stacks/bad one.yaml", *args, cwd=repo, **env)
    assert "modle" in shown
    assert ESCAPE not in shown


def test_force_color_colours_a_pipe_but_never_a_machine_format(repo: Path):
    assert ESCAPE in run("validate", "stacks/bad one.yaml", cwd=repo, FORCE_COLOR="1").stdout
    assert (
        ESCAPE not in run("validate", "stacks/bad one.yaml", cwd=repo, FORCE_COLOR="1", NO_COLOR="1").stdout
    )
    for output_format in ("json", "sarif", "github"):
        shown = run("validate", "stacks/bad one.yaml", "-f", output_format, cwd=repo, FORCE_COLOR="1").stdout
        assert ESCAPE not in shown, output_format
    run("validate", "stacks/bad one.yaml", "-o", "report.txt", cwd=repo, FORCE_COLOR="1")
    assert ESCAPE not in (repo / "report.txt").read_text(encoding="utf-8")


# Shell completion


def test_shell_completion_script_and_answers():
    script = run("--show-completion", "bash", cwd=REPO)
    assert "complete -o default -F _aoai_infra_completion aoai-infra" in script.stdout
    options = run(
        cwd=REPO, _AOAI_INFRA_COMPLETE="complete_bash", COMP_WORDS="aoai-infra validate --st", COMP_CWORD="2"
    )
    assert options.stdout.split() == ["--strict"]
    formats = run(
        cwd=REPO,
        _AOAI_INFRA_COMPLETE="complete_bash",
        COMP_WORDS="aoai-infra validate --format ",
        COMP_CWORD="3",
    )
    assert formats.stdout.split() == ["text", "json", "sarif", "github"]
