"""`.github/workflows/plan.yml` runs real commands: run its shell steps in a temporary repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

from aoai_infra.report import plan_markdown
from tests.conftest import CLI, REPO
from tests.plan.helpers import mini, stack
from tests.plan.test_base import git

WORKFLOW = REPO / ".github" / "workflows" / "plan.yml"


def steps() -> dict[str, dict[str, Any]]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return {step.get("name", ""): step for step in document["jobs"]["plan"]["steps"]}


def run_step(step: dict[str, Any], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_comment_is_found_again_by_the_marker_the_plan_starts_with() -> None:
    script = steps()["Create or update the plan comment"]["with"]["script"]
    assert f'const marker = "{plan_markdown.MARKER}";' in script
    assert "updateComment" in script
    assert "createComment" in script


def test_the_shell_steps_validate_and_plan_the_changed_stacks(tmp_path: Path) -> None:
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "dev.yaml").write_text(stack(mini(100)), encoding="utf-8")
    (tmp_path / "stacks" / "other.yaml").write_text(stack(mini(1), account="oai-other"), encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "change")
    (tmp_path / "stacks" / "dev.yaml").write_text(stack(mini(100, sku="DataZoneStandard")), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "change")
    output, summary = tmp_path / "github_output", tmp_path / "step_summary"
    env = {
        **os.environ,
        "BASE": "main",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "PATH": f"{CLI.parent}{os.pathsep}{os.environ['PATH']}",
    }
    found = steps()
    changed = run_step(found["Changed stack files"], tmp_path, env)
    assert changed.returncode == 0, changed.stderr
    assert (tmp_path / "changed.txt").read_text() == "stacks/dev.yaml\n"
    assert output.read_text() == "count=1\n"
    validated = run_step(found["Validate the changed stacks"], tmp_path, env)
    assert "checked 1 file" in validated.stdout
    planned = run_step(found["Plan against the base branch"], tmp_path, env)
    assert planned.returncode == 0, planned.stderr
    comment = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert comment.startswith(
        f"{plan_markdown.MARKER}\n### aoai-infra plan: 0 to create, 0 to update, 1 to replace"
    )
    assert "1 other stack unchanged." in comment
    assert summary.read_text(encoding="utf-8") == comment
