"""Read stack files as they were at a git revision, with the `git` command (no library needed for three
plumbing calls). Every failure becomes a `GitError` whose message names the fix.

Imports: the standard library only.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TIMEOUT_SECONDS = 60
# Paths are passed literally: a folder named ':(top)x' or '*.yaml' is that folder, not pathspec magic.
_ENVIRONMENT = {**os.environ, "GIT_LITERAL_PATHSPECS": "1"}


class GitError(Exception):
    pass


def toplevel(start: Path) -> Path:
    """The root of the work tree that holds `start`."""
    out = _git(start, "rev-parse", "--show-toplevel", fix="run aoai-infra plan --base inside a git checkout")
    return Path(os.fsdecode(out.rstrip(b"\n")))


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


BLOB_MODES = ("100644", "100755")  # regular files; 120000 is a symbolic link, 160000 a submodule


def files(root: Path, ref: str, path: str) -> dict[str, str]:
    """Entries at `ref` at or below `path` (relative to the root): their paths relative to the root, as
    the file system spells them (bytes that are not UTF-8 kept as surrogates), and their git modes."""
    out = _git(root, "ls-tree", "-r", "-z", "--full-tree", ref, "--", path, fix="")
    entries = {}
    for entry in out.split(b"\0"):
        if entry:
            info, _tab, name = entry.partition(b"\t")
            entries[os.fsdecode(name)] = info.split(b" ", 1)[0].decode("ascii", "replace")
    return entries


def contents(root: Path, ref: str, paths: list[str]) -> dict[str, bytes]:
    """The files at `ref`, read by one `git cat-file --batch` (one process, not one per file)."""
    wanted = [path for path in paths if "\n" not in path]  # the batch protocol is line-based
    found = {path: _git(root, "cat-file", "blob", f"{ref}:{path}", fix="") for path in paths if "\n" in path}
    if not wanted:
        return found
    given = b"".join(os.fsencode(f"{ref}:{path}\n") for path in wanted)
    out = _git(root, "cat-file", "--batch", fix="", given=given)
    at = 0
    for path in wanted:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(f"git cat-file could not read {ref}:{path}")
        size = int(header[2])
        found[path] = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1  # the content is followed by a newline
    return found


def _git(cwd: Path, *args: str, fix: str, given: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=given,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            env=_ENVIRONMENT,
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
