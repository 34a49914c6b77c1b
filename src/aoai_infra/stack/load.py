"""Load one stack file: YAML to data (`yamlfile`), data to a `StackSpec`, every problem a located finding.

Imports: aoai_infra.findings, aoai_infra.source, aoai_infra.stack; pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from aoai_infra.findings import Finding
from aoai_infra.source import schema_errors as spec_errors
from aoai_infra.source.sourcemap import SourceMap
from aoai_infra.source.yamlfile import UnreadableError, decode, parse_yaml, read_text
from aoai_infra.stack.model import StackSpec

IGNORED_PREFIX = "x-"  # top-level keys that hold YAML anchors, as in Compose files


@dataclass(frozen=True, slots=True)
class LoadedStack:
    file: str  # the path as the user named it, for messages
    name: str  # the stack name: the file name without its suffix
    spec: StackSpec | None  # None when the file has errors
    source: SourceMap | None  # None when the file could not be read
    findings: tuple[Finding, ...]

    @property
    def readable(self) -> bool:
        return not any(finding.unreadable for finding in self.findings)


def load_stack(path: Path, file: str | None = None) -> LoadedStack:
    shown = file if file is not None else str(path)
    try:
        text = read_text(path)
    except UnreadableError as error:
        return _unreadable(shown, path.stem, error)
    return parse_stack(text, shown, path.stem)


def load_stack_bytes(raw: bytes, file: str, name: str) -> LoadedStack:
    """A stack file's content from elsewhere than the file system, e.g. `git show REF:path` for `plan`."""
    try:
        text = decode(raw)
    except UnreadableError as error:
        return _unreadable(file, name, error)
    return parse_stack(text, file, name)


def parse_stack(text: str, file: str, name: str) -> LoadedStack:
    try:
        document = parse_yaml(text)
    except UnreadableError as error:
        return _unreadable(file, name, error)
    data = without_ignored_keys(document.data)
    try:
        spec = StackSpec.model_validate(data)
    except ValidationError as error:
        findings = spec_errors.findings_from(error, file, data, document.source)
        return LoadedStack(file, name, None, document.source, tuple(findings))
    return LoadedStack(file, name, spec, document.source, ())


def _unreadable(file: str, name: str, error: UnreadableError) -> LoadedStack:
    return LoadedStack(file, name, None, None, (error.rule.finding(file, error.position, error.message),))


def without_ignored_keys(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    return {key: value for key, value in data.items() if not key.startswith(IGNORED_PREFIX)}
