"""Where a finding's file is, as tools that place findings by repository path want it.

Imports: the standard library only.
"""

from __future__ import annotations

from pathlib import Path


def below(file: str, root: Path) -> str | None:
    """`file` as a POSIX path relative to `root` (already resolved), or None when it is not below it.

    Relative files are taken from the working directory, as the command line names them.
    """
    try:
        return Path(file).resolve().relative_to(root).as_posix()
    except ValueError:
        return None
