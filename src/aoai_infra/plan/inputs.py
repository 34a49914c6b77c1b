"""The two versions of each stack a plan compares: two files, or the work tree against a git revision.

With `--base REF`, each named file or directory is read twice: as it is in the work tree (the head), and
as it was at REF. Files are paired by their path in the repository; a file only at the head is a new
stack (everything created), a file only at REF a removed one (everything deleted). Base versions are shown
in messages as `REF:path`, as `git show` names them.

Imports: aoai_infra.findings, aoai_infra.plan, aoai_infra.rules, aoai_infra.stack, aoai_infra.validate.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from aoai_infra.findings import START, Finding
from aoai_infra.plan import git
from aoai_infra.rules import input as input_rules
from aoai_infra.stack.load import LoadedStack, load_stack, load_stack_bytes
from aoai_infra.validate import STACK_SUFFIXES, shown_name, stack_files


@dataclass(frozen=True, slots=True)
class StackInput:
    path: Path  # the head version's file (it may not exist: a removed stack)
    old: LoadedStack | None  # the base version; None for a new stack, or one the head did not change
    exists: bool  # False for a removed stack
    # When the base version is byte for byte the head's: how it is shown (`REF:path`) and its bytes. It
    # is read only if the head cannot be (its findings are the base's too); the stack has no changes.
    unchanged: tuple[str, bytes] | None = None

    def base(self) -> LoadedStack | None:
        """The base version, read now if it is the head's bytes."""
        if self.unchanged is None:
            return self.old
        shown, raw = self.unchanged
        return load_stack_bytes(raw, shown, self.path.stem)

    @property
    def shown(self) -> str:
        """The head version as messages name it, as `validate` names a file."""
        return shown_name(self.path)


def from_files(old: str, new: str) -> list[StackInput]:
    """`plan OLD.yaml NEW.yaml`: one stack, named after the new file (the old one takes its name)."""
    loaded = load_stack(Path(old), old)
    return [StackInput(Path(new), replace(loaded, name=Path(new).stem), True)]


def from_git(paths: Sequence[str], ref: str) -> tuple[list[StackInput], list[Finding]]:
    """`plan PATHS --base REF`: every stack file under the paths, at the head and at REF."""
    root = git.toplevel(_existing(Path(paths[0]) if paths else Path.cwd()))
    git.check_revision(root, ref)
    inputs: dict[str, StackInput] = {}
    findings: list[Finding] = []
    for name in paths:
        path = Path(name)
        inside = _inside(root, path)
        head = {
            _inside(root, file): file for file in _head_files(path, findings) if _kept(root, file, findings)
        }
        entries = {
            file: mode for file, mode in git.files(root, ref, inside).items() if _is_stack_file(file, inside)
        }
        if not head and not entries:
            message = f"no stack files (*.yaml, *.yml) here, nor at {ref}; name a file or another directory"
            findings.append(input_rules.UNREADABLE_FILE.finding(shown_name(name), START, message))
        base = [file for file, mode in entries.items() if mode in git.BLOB_MODES]
        for file, mode in entries.items():
            if mode not in git.BLOB_MODES and file not in inputs:
                findings.append(_not_a_file(f"{ref}:{file}", mode))
        raw = git.contents(root, ref, [file for file in base if file not in inputs])
        for relative in sorted(head.keys() | set(base)):
            if relative not in inputs:
                inputs[relative] = _input(root, ref, relative, head.get(relative), raw.get(relative))
    return list(inputs.values()), findings


def _kept(root: Path, file: Path, findings: list[Finding]) -> bool:
    """Whether a head file is planned: not when it is a link that leads out of the repository, which
    git does not track (the link is all a revision holds); that is a finding for it alone."""
    target = Path(os.path.realpath(file))
    if not file.is_symlink() or target.is_relative_to(os.path.realpath(root)):
        return True
    message = "is a symbolic link to a file outside the repository; name that file, or copy it in"
    findings.append(input_rules.UNREADABLE_FILE.finding(shown_name(file), START, message))
    return False


def _not_a_file(shown: str, mode: str) -> Finding:
    kind = {"120000": "a symbolic link", "160000": "a submodule"}.get(mode, f"not a file (git mode {mode})")
    message = f"is {kind} at this revision, not a stack file; it is left out of the plan"
    return input_rules.UNREADABLE_FILE.finding(shown_name(shown), START, message)


def _input(root: Path, ref: str, relative: str, head: Path | None, raw: bytes | None) -> StackInput:
    path = head if head is not None else Path(os.path.relpath(root / relative))
    if head is not None and raw is not None and _same_bytes(head, raw):
        return StackInput(path, None, True, (f"{ref}:{relative}", raw))
    old = load_stack_bytes(raw, f"{ref}:{relative}", path.stem) if raw is not None else None
    return StackInput(path, old, head is not None)


def _same_bytes(path: Path, raw: bytes) -> bool:
    """Whether the file holds exactly `raw` (read no further than one byte past it)."""
    try:
        with path.open("rb") as file:
            return file.read(len(raw) + 1) == raw
    except OSError:
        return False  # validate reports the head file


def _existing(path: Path) -> Path:
    """The directory itself, or the nearest existing directory above it (a removed stack's folder)."""
    for candidate in (path.resolve(), *path.resolve().parents):
        if candidate.is_dir():
            return candidate
    return Path.cwd()


def _head_files(path: Path, findings: list[Finding]) -> list[Path]:
    if path.is_dir():
        found, unlistable = stack_files(path)
        findings.extend(unlistable)
        return found
    return [path] if path.is_file() else []


def _is_stack_file(relative: str, named: str) -> bool:
    """A stack file as `validate` finds them: a *.yaml or *.yml, not below a hidden directory."""
    file = PurePosixPath(relative)
    if file.suffix not in STACK_SUFFIXES:
        return False
    below = file.parts if named == "." else file.relative_to(named).parts
    return not any(part.startswith(".") for part in below)


def _inside(root: Path, path: Path) -> str:
    """`path` relative to the repository root, in git's spelling. Only the folders are resolved: a stack
    file that is a link is paired by its own name, as git tracks it."""
    absolute = Path(os.path.realpath(path.parent)) / path.name if path.name else Path(os.path.realpath(path))
    try:
        return absolute.relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        raise git.GitError(f"{path} is outside the git repository at {root}; name paths inside it") from None
