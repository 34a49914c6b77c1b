"""Text from stack files or Azure, made safe in Markdown that GitHub renders (a pull-request comment, an
issue body): nothing inside formats, links, or mentions anyone, and tables hold.

Imports: aoai_infra.quoting.
"""

from __future__ import annotations

from aoai_infra.quoting import escape


def code(text: str) -> str:
    """A code span: nothing inside formats or mentions; pipes are escaped so that tables hold."""
    text = escape(text).replace("`", "'").replace("|", "\\|")
    return f"`{text}`"


def plain(text: str) -> str:
    """Prose: every character Markdown reads as markup is escaped, and it stays on one line."""
    for character in "\\`*_[]<>|@#":
        text = text.replace(character, f"\\{character}")
    return text.replace("\n", " ")
