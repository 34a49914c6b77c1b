"""Read a file the user named, with a bound: only a regular file, and at most a stated size.

Every file aoai-infra reads (stack files, catalogs, policy configs) comes through `read_bounded`, so that
naming a FIFO, a device or a link to one (`/dev/zero`, `/dev/stdin`) fails at once with the path instead
of hanging or reading gigabytes. The file is opened without blocking and checked with `fstat` on the
open descriptor, so a file swapped for a FIFO between a check and the open cannot slip through.

Imports: the standard library only.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MIB = 1024 * 1024


class ReadError(Exception):
    """The file cannot be read; the message says why and how to fix it (without the path)."""


def read_bounded(path: Path, limit: int, what: str = "file") -> bytes:
    """The whole content of the regular file at `path`, refused when larger than `limit` bytes."""
    if not str(path):
        raise ReadError("the path is empty; name a file")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise ReadError(_explain(error, what)) from None
    try:
        kind = _kind(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise ReadError(f"is {kind}, not a regular file; name the {what} itself")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            raw = stream.read(limit + 1)
    except OSError as error:
        raise ReadError(_explain(error, what)) from None
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise ReadError(
            f"the {what} is larger than {_size(limit)}, the most aoai-infra reads; {_split(what)}"
        )
    return raw


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _explain(error: OSError, what: str) -> str:
    if error.errno == errno.ENOENT:
        return "no such file; check the path"
    if error.errno == errno.EISDIR:
        return "is a directory, not a file"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied; make the {what} readable"
    if error.errno == errno.ELOOP:
        return "too many levels of symbolic links (a link that points at itself?); fix the link"
    if error.errno == errno.ENAMETOOLONG:
        return "the name is too long for the file system; check the path"
    return f"cannot read the {what}: {error.strerror or error}"


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit >= MIB else f"{limit:,} bytes"


def _split(what: str) -> str:
    return "split it into several stack files" if what == "stack file" else f"use a smaller {what}"
