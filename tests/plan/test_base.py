"""`aoai-infra plan stacks/ --base REF` in a temporary git repository: files changed, added and removed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.plan.helpers import mini, ptu, stack

TODAY = "--today=2026-11-21"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, timeout=30, env={**os.environ, **GIT_ENV}
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit (tag `base`) holds stacks changed, removed and kept; then the
    work tree changes one, removes one and adds one."""
    stacks = tmp_path / "stacks"
    (stacks / ".drafts").mkdir(parents=True)
    (stacks / "changed.yaml").write_text(stack(mini(100), account="oai-changed"), encoding="utf-8")
    (stacks / "removed.yaml").write_text(stack(ptu(15), account="oai-removed"), encoding="utf-8")
    (stacks / "kept.yaml").write_text(stack(mini(1500), account="oai-kept"), encoding="utf-8")
    (stacks / ".drafts" / "ignored.yaml").write_text("not: a stack\n", encoding="utf-8")
    (stacks / "README.md").write_text("not a stack either\n", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "tag", "base")
    (stacks / "changed.yaml").write_text(stack(mini(600), account="oai-changed"), encoding="utf-8")
    (stacks / "removed.yaml").unlink()
    (stacks / "added.yaml").write_text(stack(ptu(30), account="oai-added"), encoding="utf-8")
    return tmp_path


def plan_json(repo: Path, *args: str) -> dict[str, Any]:
    done = run_cli("plan", *args, "--format", "json", TODAY, cwd=repo)
    assert done.returncode in (0, 1), done.stderr + done.stdout
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_changed_added_and_removed_stacks_against_the_base(repo: Path) -> None:
    document = plan_json(repo, "stacks", "--base", "base")
    assert [(s["stack"], s["old"], s["new"], s["changes"]) for s in document["stacks"]] == [
        ("added", None, "stacks/added.yaml", 3),
        ("changed", "base:stacks/changed.yaml", "stacks/changed.yaml", 1),
        ("kept", "base:stacks/kept.yaml", "stacks/kept.yaml", 0),
        ("removed", "base:stacks/removed.yaml", None, 3),
    ]
    assert [(c["stack"], c["kind"], c["name"], c["action"]) for c in document["changes"]] == [
        ("added", "resource_group", "rg-plan", "create"),
        ("added", "account", "oai-added", "create"),
        ("added", "deployment", "oai-added/ptu", "create"),
        ("changed", "deployment", "oai-changed/chat", "update"),
        ("removed", "resource_group", "rg-plan", "delete"),
        ("removed", "account", "oai-removed", "delete"),
        ("removed", "deployment", "oai-removed/ptu", "delete"),
    ]


def test_quota_is_shared_with_unchanged_stacks_of_the_subscription(repo: Path) -> None:
    document = plan_json(repo, "stacks", "--base", "base")
    gpt4o_mini = [
        line for line in document["quota"] if line["usage_name"] == "OpenAI.GlobalStandard.gpt-4o-mini"
    ]
    # kept.yaml's 1500 units share the pool: 1600 → 2100, over tier1's 2000
    assert [(line["before"], line["after"], line["limit"], line["status"]) for line in gpt4o_mini] == [
        (1600, 2100, 2000, "over")
    ]


def test_findings_cover_the_new_version_of_every_stack_validated_together(repo: Path) -> None:
    document = plan_json(repo, "stacks", "--base", "base")
    # The quota error sits on the deployment whose capacity crosses the limit: kept.yaml, itself unchanged.
    quota = [finding for finding in document["findings"] if finding["code"] == "AOAI210"]
    assert [finding["file"] for finding in quota] == ["stacks/kept.yaml"]
    assert "from stacks/changed.yaml:8 chat (600), stacks/kept.yaml:8 chat (1500)" in quota[0]["message"]


def test_markdown_names_the_unchanged_stacks_and_flags_the_deletes(repo: Path) -> None:
    done = run_cli("plan", "stacks", "--base", "base", "--format", "markdown", TODAY, cwd=repo)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith(
        "<!-- aoai-infra plan -->\n### aoai-infra plan: 3 to create, 1 to update, 0 to replace, 3 to delete "
        "· "
        "+$10,950.00 a month\n"
    )
    assert "1 other stack unchanged." in text
    destructive = (
        "> **3 destructive changes:**\n> - delete resource_group `rg-plan`\n"
        "> - delete account `oai-removed`\n"
    )
    assert destructive + "> - delete deployment `oai-removed/ptu`" in text
    assert "**Quota over its limit** in 1 pool(s)" in text
    assert "#### `kept`" not in text


def test_a_base_that_is_the_work_tree_plans_nothing(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "head")
    done = run_cli("plan", "stacks", "--base", "HEAD", TODAY, cwd=repo)
    assert done.returncode == 0
    assert done.stdout.endswith("Plan: no changes.\n")


def test_a_removed_directory_deletes_its_stacks(repo: Path) -> None:
    for file in (repo / "stacks").glob("*.yaml"):
        file.unlink()
    document = plan_json(repo, "stacks", "--base", "base")
    assert {change["action"] for change in document["changes"]} == {"delete"}
    assert [s["stack"] for s in document["stacks"]] == ["changed", "kept", "removed"]


def test_a_base_version_that_does_not_load_is_located_at_the_revision(repo: Path) -> None:
    (repo / "stacks" / "changed.yaml").write_text("accounts: [\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    (repo / "stacks" / "changed.yaml").write_text(stack(mini(100), account="oai-changed"), encoding="utf-8")
    done = run_cli("plan", "stacks/changed.yaml", "--base", "HEAD", TODAY, cwd=repo)
    assert done.returncode == 2
    assert "HEAD:stacks/changed.yaml:2:1: AOAI002 error YAML syntax error" in done.stdout


def test_an_unknown_revision_says_how_to_fetch_it(repo: Path) -> None:
    done = run_cli("plan", "stacks", "--base", "origin/main", cwd=repo)
    assert done.returncode == 2
    assert done.stderr == (
        "aoai-infra: unknown git revision 'origin/main'; name a branch, tag or commit of this repository "
        "(in CI, fetch it first: git fetch origin main)\n"
    )


def test_outside_a_git_repository_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(stack(mini(1)), encoding="utf-8")
    done = run_cli(
        "plan",
        "a.yaml",
        "--base",
        "main",
        cwd=tmp_path,
        env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)},
    )
    assert done.returncode == 2
    assert done.stderr.startswith("aoai-infra: git rev-parse failed: fatal: not a git repository")
    assert "run aoai-infra plan --base inside a git checkout" in done.stderr


def test_nothing_to_plan_here_nor_at_the_base(repo: Path) -> None:
    (repo / "empty").mkdir()
    done = run_cli("plan", "empty", "--base", "base", cwd=repo)
    assert done.returncode == 2
    assert "empty:1:1: AOAI001 error no stack files (*.yaml, *.yml) here, nor at base" in done.stdout


def test_file_names_with_spaces_and_empty_files_are_read_from_the_base(repo: Path) -> None:
    (repo / "stacks" / "team a.yaml").write_text(stack(mini(1), account="oai-team-a"), encoding="utf-8")
    (repo / "stacks" / "empty.yaml").write_text("", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "more")
    (repo / "stacks" / "team a.yaml").write_text(stack(mini(2), account="oai-team-a"), encoding="utf-8")
    done = run_cli("plan", "stacks/team a.yaml", "stacks/empty.yaml", "--base", "HEAD", TODAY, cwd=repo)
    assert done.returncode == 2  # the empty file is unreadable at both versions
    assert (
        "team a (HEAD:stacks/team a.yaml → stacks/team a.yaml):\n  ~   update  deployment oai-team-a/chat"
        in done.stdout
    )
    assert "HEAD:stacks/empty.yaml:1:1: AOAI003 error file is empty" in done.stdout
