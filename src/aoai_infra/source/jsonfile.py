"""Parse JSON that a user hands aoai-infra (a catalog, a policy config) strictly, with located errors.

Python's `json` accepts what JSON does not, or what no config means: a key given twice (the last one
silently wins, so `"all"` twice changes the whole pack), `NaN` and `Infinity`, numbers of thousands of
digits (converting them is slow, and Python refuses past 4,300), and it ends in RecursionError on deep
nesting. Each of these is a `JsonError` here, with the line and column where it is.

Imports: aoai_infra.findings, aoai_infra.quoting, aoai_infra.source.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from aoai_infra.findings import START, Position
from aoai_infra.quoting import clip
from aoai_infra.source.yamlfile import UnreadableError, parse_yaml

MAX_NUMBER_CHARS = 40  # a count, a limit or a price needs far fewer
_BOM = b"\xef\xbb\xbf"
_PARSER_DEPTH = 500  # well below where the C parser raises RecursionError (the recursion limit, 1,000)
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class JsonError(Exception):
    def __init__(self, message: str, position: Position = START) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def parse_json(raw: bytes) -> Any:
    """The JSON value in `raw`; raises JsonError with a message naming the fix, and a position."""
    if raw.startswith(_BOM):
        raise JsonError("the file starts with a byte order mark (BOM); save it as UTF-8 without one")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JsonError(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            _position(raw[: error.start].decode("utf-8", errors="replace")),
        ) from None
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constant,
            parse_int=_integer,
            parse_float=_float,
        )
    except json.JSONDecodeError as error:
        raise JsonError(f"not valid JSON: {error.msg}", Position(error.lineno, error.colno)) from None
    except RecursionError:
        raise JsonError(
            "the JSON nests too deeply to read; no catalog or config needs more than a few levels",
            _deepest_opening(text),
        ) from None
    except _Refused as refused:
        raise JsonError(refused.message, _find(text, refused.needle)) from None


class _Refused(Exception):
    def __init__(self, message: str, needle: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.needle = needle  # the text to point at; None: a duplicate key, located by the YAML reader


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"duplicate key {clip(json.dumps(key))}; remove one of them", None)
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON number; write a finite number", name)


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(_too_long(text), text[:MAX_NUMBER_CHARS])
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(_too_long(text), text[:MAX_NUMBER_CHARS])
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"{text} is too large for a number; write a finite number", text)
    return value


def _too_long(text: str) -> str:
    return f"a number of {len(text):,} characters ({text[:20]}…); no value needs more than {MAX_NUMBER_CHARS}"


def _find(text: str, needle: str | None) -> Position:
    if needle is None:
        return _duplicate_key(text)
    offset = text.find(needle)
    return _position(text[:offset]) if offset >= 0 else START


def _duplicate_key(text: str) -> Position:
    """JSON is YAML: the YAML reader refuses the same duplicate, at the second key's exact place."""
    try:
        parse_yaml(text)
    except UnreadableError as error:
        return error.position
    return START


def _position(before: str) -> Position:
    line = before.count("\n") + 1
    return Position(line, len(before) - (before.rfind("\n") + 1) + 1)


def _deepest_opening(text: str) -> Position:
    """Where nesting first passes the depth Python's parser can take, skipping brackets in strings."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > _PARSER_DEPTH:
                return _position(text[: match.start()])
        elif token in "]}":
            depth -= 1
    return START
