"""Read one YAML file into plain data, safely and with positions, or say exactly why it cannot be read.

PyYAML's C composer (`CSafeLoader`) builds the node tree at C speed and keeps line and column on every
node; this module turns that tree into dicts, lists and scalars in one pass, and on the way:

- refuses duplicate keys (PyYAML silently keeps the last one);
- applies merge keys (`<<: *defaults`) the way YAML 1.1 defines them;
- bounds alias expansion (a "billion laughs" file is refused in linear time), nesting depth and size;
- refuses tags and key types that a stack file has no use for.

Every refusal is an `UnreadableError` carrying an AOAI00x rule, a message that names the fix and a position.

Imports: aoai_infra.findings, aoai_infra.rules, aoai_infra.source; yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml.constructor import SafeConstructor

from aoai_infra.findings import START, Position, Rule
from aoai_infra.rules import input as rules
from aoai_infra.source.boundedread import ReadError, read_bounded
from aoai_infra.source.sourcemap import MERGE_TAG, SourceMap, position_of

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32  # a stack file nests about 7 levels deep
MAX_VALUES = 500_000  # values after alias expansion; 10 accounts x 32 deployments need about 5,000

# The C composer recurses in C without a depth check and crashes the interpreter somewhere past 20,000
# levels. Below this bound on the nesting depth we compose directly; above it an iterative pass over the
# parser's events measures the real depth first.
_COMPOSE_SAFE_DEPTH = 1000
_DEEP_INDENT = 500  # nesting by indentation alone needs a line indented at least this far
_BREAKS = "\r\n\x85\u2028\u2029"  # what YAML counts as a line break (and \r\n as one)
LINE_BREAK = re.compile(f"\r\n|[{_BREAKS}]")
_DEEP_LINE_STARTS = tuple(f"{brk}{' ' * _DEEP_INDENT}" for brk in _BREAKS)
_BLOCK_INDICATOR = re.compile(r"[-?](?=\s|\Z)")
_LIBYAML_NESTING_LIMIT = "exceeded maximum nesting depth"  # libyaml >= 0.2.6, at 1,000 levels

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
MAX_INT_DIGITS = 15  # more than any count, capacity or quota of a stack or catalog needs
_CONSTRUCTOR = SafeConstructor()
_SCALARS = {
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    _BOOL: _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class UnreadableError(Exception):
    def __init__(self, rule: Rule, message: str, position: Position = START) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Timestamp:
    """An unquoted date or time. No stack field takes one, so it stays text for the error message."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Doubtful:
    """A plain scalar that YAML 1.1 reads as a boolean or a number and YAML 1.2 reads differently (`yes`,
    `on`, `True`, `017`, `0x1F`, `1:30`, `1_000`), or a whole number too long to be meant. It is kept as
    written, so that every typed field refuses it with a fix instead of taking the guess silently."""

    text: str
    reading: str  # what YAML 1.1 makes of it, for the message: "a boolean", "the number 15"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class YamlDocument:
    data: Any
    source: SourceMap


def load_yaml_file(path: Path, what: str = "stack file") -> YamlDocument:
    return parse_yaml(read_text(path, what))


def read_text(path: Path, what: str = "stack file") -> str:
    try:
        raw = read_bounded(path, MAX_FILE_BYTES, what)
    except ReadError as error:
        raise UnreadableError(rules.UNREADABLE_FILE, str(error)) from None
    return decode(raw)


def decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise UnreadableError(
            rules.UNREADABLE_FILE,
            f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; split it into several stack files",
        )
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            raise UnreadableError(rules.UNREADABLE_FILE, f"file is encoded as {encoding}; save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise UnreadableError(
            rules.UNREADABLE_FILE,
            "file contains NUL bytes, so it is binary, not YAML text; point aoai-infra at stack files only",
            _byte_position(raw, nul),
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableError(
            rules.UNREADABLE_FILE,
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            _byte_position(raw, error.start),
        ) from None


def parse_yaml(text: str) -> YamlDocument:
    try:
        if may_nest_too_deep_to_compose(text):
            _check_depth_by_events(text)
        root = _compose_single(text)
        data = _Converter().convert(root)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error) from None
    except yaml.reader.ReaderError as error:
        raise UnreadableError(
            rules.UNREADABLE_FILE,
            f"contains the control character #x{error.character:04x}, which YAML does not allow; remove it",
            _byte_position(text.encode("utf-8"), error.position),
        ) from None
    # The tree is freed now and composed again only if a position is asked for (aoai_infra.source.sourcemap).
    return YamlDocument(data, SourceMap(functools.partial(_compose_single, text)))


class _Loader(yaml.CSafeLoader):
    """`CSafeLoader`, resolving each distinct scalar once per file.

    The C composer asks Python for the tag of every untagged node, and PyYAML tries up to ten regular
    expressions per plain scalar; a stack file repeats a few values (models, types, capacities) thousands
    of times, and resolving them was a fifth of the parse (bench/validate.py). The answers are PyYAML's
    own: the tag depends only on the text and on how it was written. No path resolvers are registered, so
    a collection always gets the default tag.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[str, tuple[bool, bool]], str] = {}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            key = (value, implicit)
            tag = self._tags.get(key)
            if tag is None:
                tag = self._tags[key] = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            return tag
        return self.DEFAULT_MAPPING_TAG if kind is yaml.MappingNode else self.DEFAULT_SEQUENCE_TAG


def _compose_single(text: str) -> yaml.Node:
    documents = yaml.compose_all(text, Loader=_Loader)
    root = next(documents, None)
    if root is None:
        raise UnreadableError(
            rules.YAML_DOCUMENT,
            "file is empty; a stack needs at least subscription_id, location, resource_group and accounts",
        )
    second = next(documents, None)
    if second is not None:
        raise UnreadableError(
            rules.YAML_DOCUMENT,
            "a second YAML document starts here; keep one stack per file and remove the '---' separator",
            position_of(second),
        )
    return root


def may_nest_too_deep_to_compose(text: str) -> bool:
    """Whether the nesting depth might exceed what is safe to compose, from an upper bound computed at
    C speed: every level opens with a flow bracket, a block indicator (`- `, `? `) or a deeper indentation.
    """
    # One substring search per kind of line break: a regex over the text costs as much as the parse saves.
    if text.startswith(" " * _DEEP_INDENT) or any(start in text for start in _DEEP_LINE_STARTS):
        return True
    openers = text.count("[") + text.count("{") + len(_BLOCK_INDICATOR.findall(text))
    return openers + _DEEP_INDENT > _COMPOSE_SAFE_DEPTH


def _check_depth_by_events(text: str) -> None:
    try:
        _check_depth_with(text, yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        # libyaml 0.2.6 and newer stop at 1,000 levels themselves, and their scanner reads that far ahead
        # before it hands over the first event. The pure-Python parser has no such limit and scans ahead
        # at most one simple key (1,024 characters), so it finds the line where our much lower bound is
        # passed, after reading only a few levels: whichever libyaml pip installs, the finding is the same.
        if error.problem != _LIBYAML_NESTING_LIMIT:
            raise
        _check_depth_with(text, yaml.SafeLoader)


def _check_depth_with(text: str, loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(_mark_position(event.start_mark))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _too_deep(position: Position) -> UnreadableError:
    return UnreadableError(
        rules.YAML_LIMITS,
        f"nesting is deeper than {MAX_DEPTH} levels; a stack file needs about 7, so flatten this structure",
        position,
    )


class _Converter:
    """Nodes to plain data. Aliased nodes are converted once and shared, so the work stays linear; the
    expanded size is computed alongside and bounded, because pydantic later walks every expanded value."""

    def __init__(self) -> None:
        self._done: dict[int, tuple[Any, int]] = {}
        self._active: set[int] = set()

    def convert(self, root: yaml.Node) -> Any:
        return self._value(root, 1)[0]

    def _value(self, node: yaml.Node, depth: int) -> tuple[Any, int]:
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node), 1
        done = self._done.get(id(node))
        if done is not None:
            return done
        if id(node) in self._active:
            raise UnreadableError(
                rules.YAML_LIMITS,
                "this alias refers to a node that contains it (a recursive alias); remove the cycle",
                position_of(node),
            )
        if depth > MAX_DEPTH:
            raise _too_deep(position_of(node))
        self._active.add(id(node))
        result: tuple[Any, int]
        if isinstance(node, yaml.MappingNode):
            result = self._mapping(node, depth)
        else:
            result = self._sequence(node, depth)
        self._active.discard(id(node))
        if result[1] > MAX_VALUES:
            raise UnreadableError(
                rules.YAML_LIMITS,
                f"aliases expand this to more than {MAX_VALUES:,} values; use fewer nested aliases",
                position_of(node),
            )
        self._done[id(node)] = result
        return result

    def _sequence(self, node: yaml.Node, depth: int) -> tuple[list[Any], int]:
        if node.tag != _SEQ:
            raise _unsupported_tag(node)
        items, size = [], 1
        for item in node.value:
            value, item_size = self._value(item, depth + 1)
            items.append(value)
            size += item_size
        return items, size

    def _mapping(self, node: yaml.Node, depth: int) -> tuple[dict[str, Any], int]:
        if node.tag != _MAP:
            raise _unsupported_tag(node)
        result: dict[str, Any] = {}
        key_nodes: dict[str, yaml.Node] = {}
        merges: list[yaml.Node] = []
        size = 1
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.append(value_node)
                continue
            key = _key(key_node)
            if key in key_nodes:
                first = position_of(key_nodes[key])
                raise UnreadableError(
                    rules.DUPLICATE_KEY,
                    f"duplicate key '{key}' (first at line {first.line}); remove one of them",
                    position_of(key_node),
                )
            key_nodes[key] = key_node
            result[key], value_size = self._value(value_node, depth + 1)
            size += value_size
        for merged in merges:
            size += self._merge(result, merged, depth)
        return result, size

    def _merge(self, result: dict[str, Any], merged: yaml.Node, depth: int) -> int:
        # Keys written in the mapping win over merged ones; of several merged mappings the first wins.
        sources = merged.value if isinstance(merged, yaml.SequenceNode) else [merged]
        size = 0
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise UnreadableError(
                    rules.YAML_UNSUPPORTED,
                    "a merge key (<<) takes a mapping or a list of mappings, such as <<: *defaults",
                    position_of(source),
                )
            values, source_size = self._value(source, depth + 1)
            for key, value in values.items():
                result.setdefault(key, value)
            size += source_size
        return size


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _BOOL and node.value not in ("true", "false"):
        return Doubtful(node.value, "a boolean")
    if tag == _INT:
        return _integer(node)
    construct = _SCALARS.get(tag)
    if construct is not None:
        return construct(node)
    if tag == _TIMESTAMP:
        return Timestamp(node.value)
    raise _unsupported_tag(node)


def _integer(node: yaml.ScalarNode) -> int | Doubtful:
    """Plain decimal digits only: YAML 1.1's octal, hexadecimal, base-60 and underscore forms are kept
    as written (PyYAML would read `017` as 15 and `1:30` as 90), and so are numbers of more digits than
    any field takes (converting thousands of digits is slow, and Python refuses past 4,300)."""
    text = node.value
    if len(text.lstrip("+-")) > MAX_INT_DIGITS:
        return Doubtful(text, f"a number of more than {MAX_INT_DIGITS} digits")
    if not _DECIMAL.fullmatch(text):
        return Doubtful(text, f"the number {_CONSTRUCTOR.construct_yaml_int(node)}")
    return int(text)


def _key(node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise UnreadableError(
            rules.YAML_UNSUPPORTED, "keys must be plain text, not a list or a mapping", position_of(node)
        )
    if node.tag == _STR:
        return str(node.value)
    if node.tag == "tag:yaml.org,2002:null":
        raise UnreadableError(rules.YAML_UNSUPPORTED, "a key is empty; give it a name", position_of(node))
    kind = {
        "tag:yaml.org,2002:bool": "a boolean (YAML 1.1 reads yes/no/on/off that way)",
        "tag:yaml.org,2002:int": "a number",
        "tag:yaml.org,2002:float": "a number",
        _TIMESTAMP: "a date",
    }.get(node.tag)
    if kind is None:
        raise _unsupported_tag(node)
    raise UnreadableError(
        rules.YAML_UNSUPPORTED,
        f"the key '{node.value}' is read as {kind}; keys must be text: quote it as '{node.value}'",
        position_of(node),
    )


def _unsupported_tag(node: yaml.Node) -> UnreadableError:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return UnreadableError(
        rules.YAML_UNSUPPORTED,
        f"the YAML tag {tag} is not supported in stack files; remove it and write plain values",
        position_of(node),
    )


_HINTS = (
    ("cannot start any token", "indent with spaces, not tabs, and quote values that start with @ or `"),
    ("tab character", "indent with spaces, not tabs"),
    ("could not find expected ':'", "each key needs ': ' after it; quote values that contain ': '"),
    ("mapping values are not allowed", "quote values that contain ': ', or fix the indentation"),
    ("found undefined alias", "define the anchor (&name) before using the alias (*name)"),
    ("expected <block end>", "check the indentation: items of one list or mapping must line up"),
    ("did not find expected", "close the bracket or quote, or fix the indentation"),
)


def _syntax_error(error: yaml.MarkedYAMLError) -> UnreadableError:
    problem = error.problem or "invalid YAML"
    message = f"YAML syntax error: {problem}"
    context, where = error.context_mark, error.problem_mark
    # The context helps when it points elsewhere ("while parsing a flow sequence" at its opening bracket).
    if error.context and context is not None and (where is None or context.line != where.line):
        message += f" ({error.context} started at line {context.line + 1}, column {context.column + 1})"
    hint = next((fix for needle, fix in _HINTS if needle in problem), None)
    if hint:
        message += f"; {hint}"
    mark = error.problem_mark or error.context_mark
    if "end of stream" in problem and error.context_mark is not None:
        # The end of the file says nothing; where the unclosed quote or bracket opened does.
        mark = error.context_mark
        opened = (error.context or "").removeprefix("while scanning ").removeprefix("while parsing ")
        opened = opened.replace("scalar", "value")
        message = f"YAML syntax error: {opened} starts here and is never closed; close it"
    return UnreadableError(rules.YAML_SYNTAX, message, _mark_position(mark))


class _Mark(Protocol):
    """PyYAML's pure-Python and C marks both have 0-based line and column."""

    line: int
    column: int


def _mark_position(mark: _Mark | None) -> Position:
    return Position(mark.line + 1, mark.column + 1) if mark is not None else START


def _byte_position(raw: bytes, offset: int) -> Position:
    """The position of a byte offset, counting line breaks as YAML does, so that it agrees with the parser."""
    lines = LINE_BREAK.split(raw[:offset].decode("utf-8", errors="replace"))
    return Position(len(lines), len(lines[-1]) + 1)
