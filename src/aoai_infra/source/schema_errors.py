"""Turn pydantic's validation errors on a stack file into findings a person can act on.

Each error becomes one finding with an AOAI01x code, the position of the offending key or value, and a
message that names the thing and the fix ("unknown key 'modle' in deployment 'chat'; did you mean 'model'?").

Imports: aoai_infra.findings, aoai_infra.quoting, aoai_infra.rules, aoai_infra.source, aoai_infra.stack,
aoai_infra.suggest; pydantic, pydantic_core.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from aoai_infra.findings import Finding, Position, Rule
from aoai_infra.quoting import clip
from aoai_infra.rules import input as rules
from aoai_infra.source.sourcemap import PathItem, SourceMap
from aoai_infra.source.yamlfile import Doubtful, Timestamp
from aoai_infra.stack.model import INT32_MAX, StackSpec
from aoai_infra.suggest import closest

_RULE_BY_TYPE: dict[str, Rule] = {
    "extra_forbidden": rules.UNKNOWN_KEY,
    "missing": rules.MISSING_KEY,
    "literal_error": rules.INVALID_CHOICE,
    "invalid_choice": rules.INVALID_CHOICE,
    "greater_than_equal": rules.OUT_OF_RANGE,
    "less_than_equal": rules.OUT_OF_RANGE,
    "too_short": rules.OUT_OF_RANGE,
    "too_long": rules.OUT_OF_RANGE,
    "string_too_short": rules.OUT_OF_RANGE,
    "string_too_long": rules.OUT_OF_RANGE,
    "malformed_id": rules.MALFORMED_VALUE,
    "string_pattern_mismatch": rules.MALFORMED_VALUE,
    "invalid_combination": rules.INVALID_COMBINATION,
}
_NOUNS = {"accounts": "account", "deployments": "deployment"}


def findings_from(
    error: ValidationError,
    file: str,
    data: Any,
    source: SourceMap,
    root: type[BaseModel] = StackSpec,
) -> list[Finding]:
    """Findings for a document validated against `root` (a stack file, or a catalog file)."""
    return [_finding(detail, file, data, source, root) for detail in error.errors()]


def _finding(detail: ErrorDetails, file: str, data: Any, source: SourceMap, root: type[BaseModel]) -> Finding:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    rule = _RULE_BY_TYPE.get(kind, rules.WRONG_TYPE)
    message = _MESSAGES.get(kind, _other)(_Context(detail, loc, data, source, root))
    return rule.finding(file, _position(kind, loc, detail["input"], source), message)


def _position(kind: str, loc: tuple[PathItem, ...], value: Any, source: SourceMap) -> Position:
    if loc and loc[-1] == "[key]":  # the key of a mapping is wrong, not its value
        return source.key_position(loc[:-1])
    if kind == "missing":  # the object that lacks the key
        return source.position(loc[:-1])
    if kind == "extra_forbidden" or value is None:  # an empty value has no text of its own: its key
        return source.key_position(loc)
    return source.position(loc)


class _Context:
    """One error with what its message needs: the field's label, its owner, the value as written."""

    def __init__(
        self,
        detail: ErrorDetails,
        loc: tuple[PathItem, ...],
        data: Any,
        source: SourceMap,
        root: type[BaseModel],
    ) -> None:
        self.root = root
        self.detail = detail
        self.is_key = bool(loc) and loc[-1] == "[key]"
        self.loc = loc[:-1] if self.is_key else loc
        self.data = data
        self.source = source

    @property
    def field(self) -> str:
        return _label(self.loc, self.root)

    @property
    def owner(self) -> str:
        top = "the stack" if self.root is StackSpec else "the catalog"
        return _describe(self.loc[:-1], self.data, top)

    @property
    def value(self) -> Any:
        return self.detail["input"]

    def shown(self) -> str:
        """The value as the file writes it."""
        text = self.source.scalar_text(self.loc)
        if text is not None and not isinstance(self.value, str):
            return clip(text)
        return f"'{clip(self.value)}'" if isinstance(self.value, str) else clip(repr(self.value))


def _unknown_key(ctx: _Context) -> str:
    key = clip(str(ctx.loc[-1]))
    allowed = _allowed_keys(ctx.loc[:-1], ctx.root)
    message = f"unknown key '{key}' in {ctx.owner}"
    if not allowed:
        return message + "; remove it"
    close = closest(key, allowed)
    if close:
        return f"{message}; did you mean '{close}'?"
    return f"{message}; allowed keys: {', '.join(allowed)}"


def _missing(ctx: _Context) -> str:
    key = clip(str(ctx.loc[-1]))
    hint = _description(ctx.loc, ctx.root)
    message = f"{ctx.owner} is missing the required key '{key}'; add it"
    return f"{message} ({hint[0].lower()}{hint[1:]})" if hint else message


def _wrong_type(expected: str, fix: Callable[[_Context], str]) -> Callable[[_Context], str]:
    def message(ctx: _Context) -> str:
        if ctx.value is None:
            field = _field(ctx.loc, ctx.root)
            optional = field is not None and not field.is_required()
            return f"{ctx.field} has no value; give it {expected}" + (
                " or remove the key" if optional else ""
            )
        if isinstance(ctx.value, (list, dict)):
            return f"{ctx.field} must be {expected}, but it is {_kind(ctx.value)}; {fix(ctx)}"
        return f"{ctx.field} must be {expected}, but {ctx.shown()} is {_kind(ctx.value)}; {fix(ctx)}"

    return message


def _quote_it(ctx: _Context) -> str:
    if not isinstance(ctx.value, (int, float, bool, Timestamp, Doubtful)):
        return "write text"
    text = ctx.source.scalar_text(ctx.loc) or str(ctx.value)
    key = ctx.loc[-1] if ctx.loc and isinstance(ctx.loc[-1], str) else None
    return f'quote it: {key}: "{text}"' if key else f'quote it: "{text}"'


def _unquote_it(ctx: _Context) -> str:
    if isinstance(ctx.value, Doubtful) and ctx.value.reading.startswith("the number "):
        return "write the number you mean in plain decimal digits (no leading 0, 0x, _ or :)"
    if isinstance(ctx.value, str) and ctx.value.strip().isdigit():
        return "remove the quotes"
    return "write a whole number such as 10"


def _true_or_false(ctx: _Context) -> str:
    if isinstance(ctx.value, str):
        return "write true or false without quotes"
    return "write true or false"


def _top_level(ctx: _Context) -> str:
    if ctx.root is not StackSpec:
        return (
            "a catalog file must be a mapping with keys such as as_of, regions and models, "
            f"but this file holds {_kind(ctx.value)}"
        )
    return (
        f"a stack file must be a mapping with keys such as subscription_id, location and accounts, "
        f"but this file holds {_kind(ctx.value)}"
    )


def _mapping(ctx: _Context) -> str:
    if not ctx.loc:
        return _top_level(ctx)
    return _wrong_type("a mapping of keys", lambda _: "indent its keys under it")(ctx)


def _choice(ctx: _Context) -> str:
    expected = (ctx.detail.get("ctx") or {}).get("expected", "")
    choices = re.findall(r"'([^']*)'", str(expected))
    message = f"{ctx.field} must be one of {', '.join(choices)}, not {ctx.shown()}"
    close = closest(str(ctx.value), choices) if isinstance(ctx.value, str) else None
    return f"{message}; did you mean '{close}'?" if close else message


def _at_least(ctx: _Context) -> str:
    bound = (ctx.detail.get("ctx") or {}).get("ge")
    return f"{ctx.field} must be at least {bound}, not {ctx.shown()}"


def _at_most(ctx: _Context) -> str:
    bound = (ctx.detail.get("ctx") or {}).get("le")
    why = ", the largest Azure takes" if bound == INT32_MAX else ""  # Azure's own bound, or the format's
    return f"{ctx.field} must be at most {bound:,}, not {ctx.shown()}{why}; lower it"


def _too_short(ctx: _Context) -> str:
    if isinstance(ctx.value, str):
        return f"{ctx.field} is empty; give it a value or remove the key"
    needed = (ctx.detail.get("ctx") or {}).get("min_length", 1)
    return f"{ctx.field} is empty; it needs at least {needed} item{'s' if needed != 1 else ''}"


def _too_long(ctx: _Context) -> str:
    limit = (ctx.detail.get("ctx") or {}).get("max_length")
    unit = "characters" if isinstance(ctx.value, str) else "items"
    return f"{ctx.field} has more than {limit} {unit}; shorten it"


def _pattern(ctx: _Context) -> str:
    if ctx.is_key and len(ctx.loc) >= 2 and ctx.loc[-2] == "tags":
        return f"tag name {ctx.shown()} must not contain < > % & \\ ? /; rename it"
    return f"{ctx.field} {ctx.shown()} is malformed: {ctx.detail['msg']}"


def _custom(ctx: _Context) -> str:
    message = ctx.detail["msg"]
    if not ctx.loc or message.startswith(str(ctx.loc[-1])):
        return message
    return f"{ctx.field}: {message}"


def _other(ctx: _Context) -> str:
    return f"{ctx.field}: {ctx.detail['msg']}"


_MESSAGES: dict[str, Callable[[_Context], str]] = {
    "extra_forbidden": _unknown_key,
    "missing": _missing,
    "string_type": _wrong_type("text", _quote_it),
    "int_type": _wrong_type("a whole number", _unquote_it),
    "int_from_float": _wrong_type("a whole number", _unquote_it),
    "bool_type": _wrong_type("true or false", _true_or_false),
    "list_type": _wrong_type("a list", lambda _: "write its items as '- item' lines or [a, b]"),
    "dict_type": _mapping,
    "model_type": _mapping,
    "model_attributes_type": _mapping,
    "literal_error": _choice,
    "greater_than_equal": _at_least,
    "less_than_equal": _at_most,
    "too_short": _too_short,
    "string_too_short": _too_short,
    "too_long": _too_long,
    "string_too_long": _too_long,
    "string_pattern_mismatch": _pattern,
    "malformed_id": _custom,
    "invalid_choice": _custom,
    "invalid_combination": _custom,
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Timestamp):
        return "a date"
    if isinstance(value, Doubtful):
        # Stack files are read by the YAML 1.2 rules, where these are text; say why that is not taken.
        return value.reading if value.reading.startswith("a number") else f"{value.reading} in YAML 1.1 only"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


def _label(loc: Sequence[PathItem], root: type[BaseModel]) -> str:
    """How a message names the field: `capacity`, `item 2 of ip_rules`, `tags['env']`."""
    if not loc:
        return "the stack"
    *parent, last = loc
    if isinstance(last, int):
        return f"item {last + 1} of {_label(parent, root)}"
    if parent and _is_mapping_of_values(parent, root):
        return f"{_label(parent, root)}['{last}']"
    return str(last)


def _describe(path: Sequence[PathItem], data: Any, top: str) -> str:
    """How a message names the object that holds a field: `deployment 'chat'`, `network of account 'a'`."""
    if not path:
        return top
    *parent, last = path
    if isinstance(last, int) and parent and parent[-1] in _NOUNS:
        noun = _NOUNS[str(parent[-1])]
        name = _value_at(data, path)
        name = name.get("name") if isinstance(name, dict) else None
        return f"{noun} '{name}'" if isinstance(name, str) else f"{noun} {last + 1}"
    if parent == ["content_filters"]:
        return f"content filter '{last}'"
    owner = _describe(parent, data, top)
    field = f"item {last + 1}" if isinstance(last, int) else str(last)
    return field if owner == top else f"{field} of {owner}"


def _value_at(data: Any, path: Sequence[PathItem]) -> Any:
    for step in path:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        else:
            return None
    return data


def _model_at(path: Sequence[PathItem], root: type[BaseModel]) -> Any:
    """The type the format expects at `path`, following models, lists and dicts."""
    current: Any = root
    for step in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(step) if isinstance(step, str) else None
            current = field.annotation if field else None
        elif get_origin(current) is list and isinstance(step, int):
            current = get_args(current)[0]
        elif get_origin(current) is dict and isinstance(step, str):
            current = get_args(current)[1]
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and `| None` to reach the type underneath."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _allowed_keys(path: Sequence[PathItem], root: type[BaseModel]) -> list[str]:
    model = _model_at(path, root)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _is_mapping_of_values(path: Sequence[PathItem], root: type[BaseModel]) -> bool:
    return get_origin(_model_at(path, root)) is dict


def _field(loc: Sequence[PathItem], root: type[BaseModel]) -> FieldInfo | None:
    """The model field at `loc`, when `loc` names a key of a model (not of a list or a dict)."""
    model = _model_at(loc[:-1], root)
    if loc and isinstance(loc[-1], str) and isinstance(model, type) and issubclass(model, BaseModel):
        return model.model_fields.get(loc[-1])
    return None


def _description(loc: Sequence[PathItem], root: type[BaseModel]) -> str | None:
    field = _field(loc, root)
    return field.description.rstrip(".") if field and field.description else None
