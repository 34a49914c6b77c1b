"""Colour in terminal output: when to use it, and how each kind of text looks.

Colour goes to terminals only, and never when `--no-color` is given or `NO_COLOR` is set to anything
(https://no-color.org). `FORCE_COLOR` turns it on for a pipe, for CI logs that show colour (GitHub
Actions, Azure Pipelines). `TERM=dumb` turns it off, as for other tools. The escape codes come from
typer (click's `style`), imported only when colour is on.

Imports: the standard library only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any, TextIO

# A painter turns (text, kind) into the text to print; `plain` leaves it as it is.
Painter = Callable[[str, str], str]

STYLES: dict[str, dict[str, Any]] = {
    "error": {"fg": "red", "bold": True},
    "warning": {"fg": "yellow", "bold": True},
    "info": {"fg": "cyan"},
    "location": {"bold": True},
    "code": {"dim": True},
    "clean": {"fg": "green", "bold": True},
}


def plain(text: str, kind: str) -> str:
    return text


def wanted(stream: TextIO, no_color: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether output written to `stream` should be coloured."""
    environ = os.environ if environ is None else environ
    if no_color or environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    if environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except ValueError:  # a closed stream
        return False


def painter(enabled: bool) -> Painter:
    if not enabled:
        return plain
    import typer

    def paint(text: str, kind: str) -> str:
        return typer.style(text, **STYLES[kind])

    return paint
