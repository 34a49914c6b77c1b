"""Write output files whole or not at all: a reader never sees a half-written file.

What `--output` names decides how it is written:

- a regular file, or a name not yet taken: a temporary file beside it, renamed over it (atomic on one file
  system); a name that is a symbolic link is followed, so the link stays and its target is replaced;
- a device or a FIFO (`/dev/stdout`, `/dev/null`, a named pipe): written to directly, never renamed over;
- one of the command's own inputs: refused before anything is written (`check_not_an_input`).

Imports: the standard library only.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


class WriteError(Exception):
    """The file could not be written; the message names the path and the fix."""


def check_not_an_input(output: Path, inputs: Iterable[Path]) -> None:
    """Refuse to write over a file the command reads: its result would destroy its own input."""
    for candidate in inputs:
        try:
            same = output.exists() and candidate.exists() and output.samefile(candidate)
        except OSError:
            continue
        if same:
            raise WriteError(
                f"cannot write {output}: it is one of the inputs ({candidate}); name another output file"
            )


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` as the module docstring says; WriteError when it cannot."""
    try:
        mode = path.stat().st_mode  # of what a link leads to
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        _write_in_place(path, text)
    else:
        _replace(path, Path(os.path.realpath(path)), text)  # a link's target, so that the link stays


def _write_in_place(path: Path, text: str) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as error:
        raise WriteError(f"cannot write {path}: {_why(error, path.parent)}") from None


def _replace(shown: Path, target: Path, text: str) -> None:
    directory = target.parent
    shown_directory = shown.parent  # as the user wrote it, for the message
    try:
        # A short name of its own: the temporary file must fit where the output's own name just fits.
        handle, temporary = tempfile.mkstemp(prefix=".aoai-infra-", suffix=".tmp", dir=directory)
    except OSError as error:
        raise WriteError(f"cannot write {shown}: {_why(error, shown_directory)}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        # mkstemp makes the file private (0600); give it the mode a plain open() would, or the old file's.
        Path(temporary).chmod(_mode(target))
        Path(temporary).replace(target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise WriteError(f"cannot write {shown}: {_why(error, shown_directory)}") from None


def _why(error: OSError, directory: Path) -> str:
    if error.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system; choose a shorter one"
    if error.errno == errno.ENOENT:
        return f"{error.strerror}; check that {directory} exists"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{error.strerror}; choose a place you may write to"
    return f"{error.strerror or error}"


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
