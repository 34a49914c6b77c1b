"""Read stack files as they were at a git revision, with the `git` command (no library needed for three
plumbing calls). Every failure becomes a `GitError` whose message names the fix."""

from __future__ import annotations

import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 60


class GitError(Exception):
    pass


def toplevel(start: Path) -> Path:
    """The root of the work tree that holds `start`."""
    out = _git(start, "rev-parse", "--show-toplevel", fix="run aoai-infra plan --base inside a git checkout")
    return Path(out.decode().strip())


def check_revision(root: Path, ref: str) -> None:
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a git revision; name a branch, tag or commit")
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", fix="")
    except GitError:
        raise GitError(
            f"unknown git revision '{ref}'; name a branch, tag or commit of this repository "
            f"(in CI, fetch it first: git fetch origin {ref.removeprefix('origin/')})"
        ) from None


def files(root: Path, ref: str, path: str) -> list[str]:
    """Files at `ref` at or below `path` (relative to the root), as paths relative to the root."""
    out = _git(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", ref, "--", path, fix="")
    return [name for name in out.decode().split("\0") if name]


def content(root: Path, ref: str, path: str) -> bytes:
    return _git(root, "cat-file", "blob", f"{ref}:{path}", fix="")


def _git(cwd: Path, *args: str, fix: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed; install it, or compare two files: plan OLD.yaml NEW.yaml"
        ) from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {TIMEOUT_SECONDS} s; try again") from None
    except NotADirectoryError:
        raise GitError(f"{cwd} is not a directory") from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        message = f"git {args[0]} failed: {said[0] if said else f'exit code {done.returncode}'}"
        raise GitError(f"{message}; {fix}" if fix else message)
    return done.stdout
