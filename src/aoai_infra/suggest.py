"""Did-you-mean suggestions and short lists of choices, for messages that name the fix.

Imports: the standard library only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

_SEPARATORS = re.compile(r"[\s_\-.]+")


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice `word` most likely meant: same text in another case or spelling, or a near match.

    `East US`, `east-us` and `EastUS` all mean `eastus`, so separators and case are ignored first.
    """
    squashed = {_squash(choice): choice for choice in choices}
    if _squash(word) in squashed:
        return squashed[_squash(word)]
    close = difflib.get_close_matches(word.lower(), [choice.lower() for choice in choices], n=1, cutoff=0.6)
    if not close:
        return None
    return next(choice for choice in choices if choice.lower() == close[0])


def listing(items: Iterable[str], limit: int = 8) -> str:
    """`a, b, c` — or the first `limit` items and how many more."""
    shown = list(items)
    if len(shown) <= limit:
        return ", ".join(shown)
    return f"{', '.join(shown[:limit])} and {len(shown) - limit} more"


def _squash(text: str) -> str:
    return _SEPARATORS.sub("", text.lower())
