"""aoai-infra where engineers already work: pre-commit, editors (the stack schema), and the documented
commands of docs/ and the README."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import jsonschema
import pytest
import typer
import typer.main
import yaml

from aoai_infra.cli import app as cli
from aoai_infra.stack.model import json_schema
from tests.conftest import CLI, MINIMAL, REPO

MANIFEST = REPO / ".pre-commit-hooks.yaml"
STACK_SCHEMA = json.loads((REPO / "schema/stack.schema.json").read_text(encoding="utf-8"))
DOCS = sorted((REPO / "docs").glob("*.md"))


# pre-commit


def test_hook_manifest_loads_with_pre_commit():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(MANIFEST))
    assert hook["id"] == "aoai-infra-validate"
    assert hook["entry"] == "aoai-infra validate"
    assert hook["args"] == ["stacks/"]
    assert not hook["pass_filenames"]  # every stack in one call: quota and names span files
    files = re.compile(hook["files"])
    assert files.search("stacks/prod-eastus.yaml")
    assert files.search("stacks/eu/dev.yml")
    assert not files.search("docs/examples/prod-westeurope.yaml")
    assert not files.search("src/aoai_infra/catalog/data/catalog.json")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True,
        capture_output=True, timeout=60,
    )  # fmt: skip


def _pre_commit(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    return subprocess.run(
        [str(Path(CLI).with_name("pre-commit")), "run"], cwd=repo, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def test_hook_runs_in_pre_commit_on_staged_stack_files(tmp_path: Path):
    # The manifest's hook as a local `system` hook: pre-commit's own file matching and invocation, with
    # the aoai-infra under test instead of an environment pre-commit would install from the network.
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(MANIFEST))
    local = {key: hook[key] for key in ("id", "name", "files", "pass_filenames", "args", "require_serial")}
    local |= {"language": "system", "entry": f"{CLI} validate"}
    repo = tmp_path / "estate"
    (repo / "stacks").mkdir(parents=True)
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}), encoding="utf-8"
    )
    (repo / "README.md").write_text("estate\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    skipped = _pre_commit(repo)
    assert skipped.returncode == 0, skipped.stdout
    assert "(no files to check)Skipped" in skipped.stdout

    (repo / "stacks/dev.yaml").write_text(MINIMAL.replace("capacity: 10", "capacity: 0"), encoding="utf-8")
    _git(repo, "add", "stacks/dev.yaml")
    failed = _pre_commit(repo)
    assert failed.returncode == 1
    assert "stacks/dev.yaml:11:19: AOAI014 error" in failed.stdout

    (repo / "stacks/dev.yaml").write_text(MINIMAL, encoding="utf-8")
    _git(repo, "add", "stacks/dev.yaml")
    passed = _pre_commit(repo)
    assert passed.returncode == 0, passed.stdout
    assert re.search(r"aoai-infra validate\.+Passed", passed.stdout)


# Editors: the stack schema


@pytest.mark.parametrize("path", sorted((REPO / "stacks").glob("*.yaml")), ids=lambda path: path.stem)
def test_editors_accept_the_example_stacks(path: Path):
    # What the YAML language server does with the `# yaml-language-server: $schema=` line.
    jsonschema.Draft202012Validator(STACK_SCHEMA).validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("capacity: 10", "capacity: 0"), "0 is less than the minimum of 1"),
        (("    deployments:", "    deployment:"), "('deployment' was unexpected)"),
        (("location: eastus", "location: eastus\nquota_tier: tier9"), "'tier9' is not one of"),
    ],
)
def test_editors_flag_what_validate_flags(change: tuple[str, str], complaint: str):
    data = yaml.safe_load(MINIMAL.replace(*change))
    with pytest.raises(jsonschema.ValidationError, match=re.escape(complaint)):
        jsonschema.Draft202012Validator(STACK_SCHEMA).validate(data)


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_vscode_settings_map_the_schema_to_stack_files():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schema/stack.schema.json": ["stacks/*.yaml", "stacks/*.yml"]}
    recommended = json.loads((REPO / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]


# Documented commands

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
# Where a command starts: a line (after `$ `, `run: `, `script: ` or `exec `), or after `&& `.
COMMAND = re.compile(
    r"(?:^\s*(?:\$ |- run: |run: |- script: |script: |exec )?|&& )(?:\.venv/bin/)?(aoai-infra [^\n]*)",
    re.MULTILINE,
)
PLACEHOLDER = re.compile(
    r"\[|\.\.\.|(?<![$\w])[A-Z]{3,}\b"
)  # a synopsis (PATH... [--format F]), not a command


def _blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [text] if path.suffix == ".yml" else re.findall(r"```\w*\n(.*?)```", text, re.DOTALL)


def _documented_commands() -> list[tuple[str, str]]:
    """Every `aoai-infra` command line in code blocks of the README and docs/, and in the workflows."""
    found = []
    for path in [REPO / "README.md", *DOCS, *WORKFLOWS]:
        for block in _blocks(path):
            for command in COMMAND.findall(block):
                command = re.split(r" (?:\|\||&&|\||>|#) ?| <", command)[0].strip()
                if not PLACEHOLDER.search(command):
                    found.append((path.relative_to(REPO).as_posix(), command))
    return found


def test_docs_exist():
    names = {path.name for path in DOCS}
    assert {"README.md", "getting-started.md", "ci.md", "editors.md", "pre-commit.md"} <= names
    assert len(_documented_commands()) > 20


def _parse(words: list[str]) -> None:
    """Parse a command line as the CLI does (commands, options, option values), without running it."""
    command = typer.main.get_command(cli.app)
    while words and not words[0].startswith("-") and hasattr(command, "get_command"):
        found = command.get_command(command.context_class(command), words[0])
        assert found is not None, f"no command {words[0]!r}"
        command, words = found, words[1:]
    with contextlib.suppress(typer.Exit):  # an eager option (--version) ends parsing early
        command.make_context("aoai-infra", list(words), resilient_parsing=False)


@pytest.mark.parametrize(("source", "command"), _documented_commands())
def test_documented_commands_parse(source: str, command: str):
    _parse(shlex.split(command)[1:])


@pytest.mark.parametrize(
    "words", [["validate", "stacks/", "--format", "csv"], ["validate", "--stirct", "stacks/"], ["lint"]]
)
def test_a_wrong_command_does_not_parse(words: list[str]):
    with pytest.raises(Exception, match=r"is not one of|No such option|no command"):
        _parse(words)


def test_the_repositorys_workflow_is_the_documented_one():
    documented = yaml.safe_load(
        re.findall(
            r"```yaml\n(name: validate\n.*?)```", (REPO / "docs/ci.md").read_text(encoding="utf-8"), re.DOTALL
        )[0]
    )
    actual = yaml.safe_load((REPO / ".github/workflows/validate.yml").read_text(encoding="utf-8"))
    install = {"name": "Install aoai-infra", "run": "python -m pip install ."}
    steps = [
        install if step.get("name") == "Install aoai-infra" else step
        for step in documented["jobs"]["validate"]["steps"]
    ]
    assert actual == {**documented, "jobs": {"validate": {**documented["jobs"]["validate"], "steps": steps}}}
