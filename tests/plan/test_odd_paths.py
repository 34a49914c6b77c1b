"""`plan --base` with paths an attacker or an odd repository holds: pathspec magic in a folder name, links
out of the repository, a submodule named like a stack, names that are not UTF-8. Each is planned as what it
is, or is a finding for that path alone while the rest is planned; never exit 3."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.plan.helpers import mini, stack
from tests.plan.test_base import TODAY, git


def plan_json(repo: Path, *args: str) -> dict[str, Any]:
    """The plan, which is complete but for what could not be read: exit code 2, as validate has it."""
    done = run_cli("plan", *args, "--format", "json", TODAY, cwd=repo)
    assert done.returncode == 2, done.stderr + done.stdout
    document: dict[str, Any] = json.loads(done.stdout)
    assert document["complete"] is False
    return document


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "ok.yaml").write_text(stack(mini(100), account="oai-ok"), encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


def commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")


@pytest.mark.parametrize("folder", [":(top)x", "*", ":!y", "[ab]"])
def test_a_folder_named_like_pathspec_magic_is_read_literally(repo: Path, folder: str):
    (repo / folder).mkdir()
    (repo / folder / "same.yaml").write_text(stack(mini(100), account="oai-same"), encoding="utf-8")
    commit(repo)
    done = run_cli("plan", folder, "--base", "HEAD", TODAY, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("Plan: no changes.\n")  # not planned as created


def test_a_link_out_of_the_repository_is_a_finding_and_the_rest_is_planned(repo: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text(stack(mini(100), account="oai-outside"), encoding="utf-8")
    (repo / "link.yaml").symlink_to(outside)
    commit(repo)
    (repo / "ok.yaml").write_text(stack(mini(200), account="oai-ok"), encoding="utf-8")
    document = plan_json(repo, ".", "--base", "HEAD")
    assert [(c["name"], c["action"]) for c in document["changes"]] == [("oai-ok/chat", "update")]
    messages = {(f["file"], f["message"]) for f in document["findings"] if f["code"] == "AOAI001"}
    assert (
        "link.yaml",
        "is a symbolic link to a file outside the repository; name that file, or copy it in",
    ) in (messages)
    assert (
        "HEAD:link.yaml",
        "is a symbolic link at this revision, not a stack file; it is left out of the plan",
    ) in (messages)


def test_a_submodule_named_like_a_stack_is_a_finding_and_the_rest_is_planned(repo: Path):
    commit(repo)
    commit_id = subprocess.run(  # any commit id will do for a gitlink
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True, timeout=30
    ).stdout.strip()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{commit_id},sub.yaml")
    git(repo, "commit", "-q", "-m", "submodule")
    document = plan_json(repo, ".", "--base", "HEAD")
    assert document["changes"] == []
    assert {(f["file"], f["message"]) for f in document["findings"] if f["code"] == "AOAI001"} == {
        ("HEAD:sub.yaml", "is a submodule at this revision, not a stack file; it is left out of the plan")
    }


def test_a_file_name_that_is_not_utf8_is_planned(repo: Path):
    name = os.fsdecode(b"caf\xe9.yaml")
    (repo / name).write_text(stack(mini(100), account="oai-cafe"), encoding="utf-8")
    commit(repo)
    (repo / name).write_text(stack(mini(300), account="oai-cafe"), encoding="utf-8")
    done = run_cli("plan", ".", "--base", "HEAD", TODAY, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "caf\\xe9" in done.stdout
    assert "update  deployment oai-cafe/chat" in done.stdout
