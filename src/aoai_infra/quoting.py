"""Put text that came from input (a stack file, a file name, Azure's answers) into output, safely.

Two dangers, two functions:

- `escape`: a control character, an ANSI escape or a line break inside a value would let the input print
  a line that looks like a finding of its own, or clear or repaint the terminal. Every such character is
  written as a visible escape (`\\x1b`, `\\n`, `\\u2028`), so a value always stays on its line, inert.
- `clip`: a value quoted in a message is cut to a short prefix, so that a file that repeats a long value
  through aliases cannot multiply it into megabytes of report.

Imports: the standard library only.
"""

from __future__ import annotations

import re

CLIP_AT = 80  # characters of a value quoted in a message
MAX_MESSAGE = 1000  # characters of one finding's message

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators, which terminals and editors
# treat as line breaks; bidirectional overrides and isolates, which reorder what the reader sees; lone
# surrogates, which stand for bytes of a file name that are not UTF-8 (Python's surrogateescape) and
# would be written raw, or fail the write.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPED_BYTES = range(0xDC80, 0xDD00)  # surrogateescape's stand-ins for the bytes 0x80 to 0xff
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """`text` with every control character written as an escape; text without one is returned as is."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"  # the byte the name holds, as shown_name writes it
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clip(text: str, limit: int = CLIP_AT) -> str:
    """The first `limit` characters of `text`, and how many more there were."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def safe_message(text: str) -> str:
    """A finding's message as every report shows it: escaped, and bounded in length."""
    return clip(escape(text), MAX_MESSAGE)
