"""Load a catalog file: the bundled one, or one named by `--catalog` or a stack's `catalog:` key.

JSON catalogs are parsed and validated in one pass by pydantic-core (the bundled catalog costs a few
milliseconds); YAML catalogs go through the same safe loader as stack files. Every problem becomes a
located finding: the catalog file, line and column, what is wrong and how to fix it.

Imports: aoai_infra.catalog, aoai_infra.findings, aoai_infra.rules, aoai_infra.source; pydantic.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from pydantic import ValidationError

from aoai_infra.catalog.catalog import Catalog
from aoai_infra.catalog.model import CatalogFile
from aoai_infra.findings import START, Finding, Position
from aoai_infra.rules import input as rules
from aoai_infra.source import schema_errors as spec_errors
from aoai_infra.source.boundedread import MIB, ReadError, read_bounded
from aoai_infra.source.jsonfile import JsonError, parse_json
from aoai_infra.source.sourcemap import SourceMap
from aoai_infra.source.yamlfile import UnreadableError, decode, load_yaml_file, parse_yaml

BUNDLED = Path(__file__).resolve().parent / "data" / "catalog.json"
MAX_CATALOG_BYTES = 64 * MIB  # the bundled catalog is about 1 MiB; a sync of every region, a few


class CatalogError(Exception):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(finding.message for finding in findings))
        self.findings = findings


def load_catalog(path: Path | None = None, shown: str | None = None) -> Catalog:
    """The catalog at `path` (the bundled one when None); raises CatalogError with located findings."""
    if path is None and shown is None:
        return _bundled()
    file = shown or str(path or BUNDLED)
    source = path or BUNDLED
    is_json = source.suffix.lower() == ".json"
    data = _load_json(source, file, path is None) if is_json else _load_yaml(source, file)
    return Catalog(data, path)


@functools.cache
def _bundled() -> Catalog:
    """The bundled catalog, read once per process: it is part of the installed package, and a Catalog
    is never changed after it is built."""
    return Catalog(_load_json(BUNDLED, str(BUNDLED), bundled=True), None)


def _load_json(path: Path, file: str, bundled: bool) -> CatalogFile:
    try:
        raw = read_bounded(path, MAX_CATALOG_BYTES, "catalog")
    except ReadError as error:
        raise _unreadable(file, str(error)) from None
    if bundled:  # ours and well-formed: pydantic-core parses and validates it in one fast pass
        return CatalogFile.model_validate_json(raw)
    try:
        data = parse_json(raw)
    except JsonError as error:
        raise _unreadable(file, f"the catalog cannot be read: {error.message}", error.position) from None
    try:
        return CatalogFile.model_validate(data)
    except ValidationError as error:
        raise _invalid(error, raw, data, file) from None


def _invalid(error: ValidationError, raw: bytes, data: object, file: str) -> CatalogError:
    # Positions come from reading the JSON text as YAML (JSON is YAML), only when there are errors.
    try:
        document = parse_yaml(decode(raw))
    except UnreadableError:
        document = None
    if document is None:
        findings = [
            rules.CATALOG_INVALID.finding(file, START, f"{'.'.join(map(str, d['loc']))}: {d['msg']}")
            for d in error.errors()
        ]
        return CatalogError(findings)
    return CatalogError(_as_catalog_findings(error, file, data, document.source))


def _load_yaml(path: Path, file: str) -> CatalogFile:
    try:
        document = load_yaml_file(path, "catalog")
    except UnreadableError as error:
        raise CatalogError([error.rule.finding(file, error.position, error.message)]) from None
    try:
        return CatalogFile.model_validate(document.data)
    except ValidationError as error:
        raise CatalogError(_as_catalog_findings(error, file, document.data, document.source)) from None


def _as_catalog_findings(error: ValidationError, file: str, data: object, source: SourceMap) -> list[Finding]:
    found = spec_errors.findings_from(error, file, data, source, root=CatalogFile)
    rule = rules.CATALOG_INVALID
    return [dataclasses.replace(f, code=rule.code, severity=rule.severity) for f in found]


def _unreadable(file: str, message: str, position: Position = START) -> CatalogError:
    return CatalogError([rules.CATALOG_UNREADABLE.finding(file, position, message)])


def catalog_path(file: str, named: str | None, default: Path | None = None) -> Path | None:
    """A stack's own `catalog:` (`named`, relative to its file), else `default` (None: the bundled one)."""
    return Path(file).parent / named if named else default


class Catalogs:
    """The catalogs of one run, each loaded once however many stacks use it; a catalog that cannot be
    used has its findings added to `findings` once, and its stacks get None."""

    def __init__(self, default: Path | None, findings: list[Finding]) -> None:
        self.default = default  # --catalog: for stacks without their own
        self.findings = findings
        self.first_user: dict[Path | None, str] = {}  # the file of the first stack that used each
        self._loaded: dict[Path | None, Catalog | None] = {}

    def of(self, file: str, named: str | None) -> Catalog | None:
        """The catalog of the stack in `file` whose `catalog:` is `named`."""
        path = catalog_path(file, named, self.default)
        key = path.resolve() if path else None
        if key not in self._loaded:
            self.first_user[key] = file
            try:
                self._loaded[key] = load_catalog(path, str(path) if path else None)
            except CatalogError as error:
                self.findings.extend(error.findings)
                self._loaded[key] = None
        return self._loaded[key]

    def loaded(self) -> list[tuple[Catalog, str]]:
        """Each catalog that could be used, with the first stack file that used it."""
        return [(catalog, self.first_user[key]) for key, catalog in self._loaded.items() if catalog]
