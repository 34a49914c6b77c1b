"""Validate stack files: find them, load each, and gather every finding into one report.

Imports: aoai_infra.catalog, aoai_infra.exit_codes, aoai_infra.findings, aoai_infra.rules, aoai_infra.stack.
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aoai_infra.catalog.catalog import STALE_AFTER_DAYS, Catalog
from aoai_infra.catalog.loader import Catalogs
from aoai_infra.exit_codes import EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE
from aoai_infra.findings import START, Finding, Severity
from aoai_infra.rules import input as input_rules
from aoai_infra.rules.context import DEFAULT_RETIRING_WITHIN_DAYS, Options, StackContext
from aoai_infra.rules.live import LiveFacts
from aoai_infra.rules.registry import CROSS_STACK_CHECKS, STACK_CHECKS
from aoai_infra.stack.load import LoadedStack, load_stack

STACK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Report:
    stacks: list[LoadedStack]
    findings: list[Finding] = field(default_factory=list)
    strict: bool = False  # --strict: warnings fail the run too

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    def fails(self, finding: Finding) -> bool:
        """Whether this finding makes the run fail: errors, and warnings when strict; never info."""
        return finding.severity is Severity.ERROR or (self.strict and finding.severity is Severity.WARNING)

    def quieted(self) -> Report:
        """This report with only the findings that make the run fail (--quiet)."""
        return dataclasses.replace(
            self, findings=[finding for finding in self.findings if self.fails(finding)]
        )

    @property
    def unreadable(self) -> int:
        """Files (or named paths) that could not be read at all."""
        return len({finding.file for finding in self.findings if finding.unreadable})

    @property
    def exit_code(self) -> int:
        """2 when any input could not be read, else 1 when a finding fails the run (errors; warnings too
        when strict), else 0."""
        if self.unreadable:
            return EXIT_UNREADABLE
        return EXIT_FINDINGS if any(self.fails(finding) for finding in self.findings) else EXIT_CLEAN


@dataclass(frozen=True, slots=True)
class Settings:
    catalog: Path | None = None  # --catalog: instead of the bundled catalog, for stacks without `catalog:`
    today: datetime.date | None = None  # --today: the date lifecycle rules compare with
    retiring_within: int = DEFAULT_RETIRING_WITHIN_DAYS
    strict: bool = False  # --strict: warnings fail the run (exit code 1)
    # validate --live: reads quota left and the versions each subscription deploys (aoai_infra.live.reader)
    live: Callable[[Sequence[StackContext]], LiveFacts] | None = None


def validate_paths(paths: Sequence[str], settings: Settings | None = None) -> Report:
    files, findings = discover(paths)
    return validate_files(files, settings, findings)


def validate_files(
    files: Sequence[tuple[Path, str]], settings: Settings | None = None, findings: list[Finding] | None = None
) -> Report:
    """Validate each (path, name shown in messages) pair, adding to `findings` made while finding them."""
    settings = settings or Settings()
    options = Options(settings.today or datetime.date.today(), settings.retiring_within)
    findings = findings if findings is not None else []
    with cyclic_gc_paused():
        stacks = [load_stack(path, shown) for path, shown in files]
        for stack in stacks:
            findings.extend(stack.findings)
        contexts = _contexts(stacks, settings.catalog, options, findings)
        if settings.live is not None and contexts:
            live = settings.live(contexts)
            findings.extend(live.findings)
            options = dataclasses.replace(options, live=live)
            for ctx in contexts:
                ctx.release()
            contexts = [StackContext(c.stack, c.spec, c.source, c.catalog, options) for c in contexts]
        for check in STACK_CHECKS:
            for ctx in contexts:
                findings.extend(check(ctx))
        for check_all in CROSS_STACK_CHECKS:
            findings.extend(check_all(contexts))
        for ctx in contexts:
            ctx.release()
    findings.sort(key=lambda finding: finding.sort_key)
    return Report(stacks, findings, settings.strict)


def _contexts(
    stacks: list[LoadedStack], default: Path | None, options: Options, findings: list[Finding]
) -> list[StackContext]:
    """A context for each stack that loaded cleanly and whose catalog could be read.

    Each catalog is loaded once, however many stacks use it; its problems are reported once, on it, and
    its age once, on the first stack that uses it.
    """
    catalogs = Catalogs(default, findings)
    contexts = []
    for stack in stacks:
        if stack.spec is None or stack.source is None:
            continue
        catalog = catalogs.of(stack.file, stack.spec.catalog)
        if catalog is not None:
            contexts.append(StackContext(stack, stack.spec, stack.source, catalog, options))
    for catalog, first in catalogs.loaded():
        findings.extend(_age(catalog, first, options.today))
    return contexts


def _age(catalog: Catalog, file: str, today: datetime.date) -> list[Finding]:
    """Once per catalog and run, on the first stack that uses it: a catalog too old to trust blindly."""
    if catalog.age(today) <= STALE_AFTER_DAYS:
        return []
    message = (
        f"the {catalog.label} is {catalog.age(today)} days old on {today.isoformat()}: Azure has changed "
        "since "
        "(new models, retirements, quota); upgrade aoai-infra for a newer bundled catalog, or run "
        "`aoai-infra catalog sync` and name the result with --catalog or catalog:"
    )
    return [input_rules.CATALOG_AGE.finding(file, START, message)]


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Each loaded file keeps its stack model (and, if a finding asks for a position, its node tree).

    What loading makes holds no reference cycles, so reference counting frees all garbage while loading;
    the cyclic collector would only rescan the growing set of retained objects again and again, which
    tripled the time to validate a 200-file repository (bench/validate.py). Its previous state is restored
    afterwards, with what was made meanwhile frozen first (`gc.freeze`): else the collector's next full
    pass would scan all of it once more (171 ms at 10,000 deployments). Frozen objects are still freed by
    reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def discover(paths: Sequence[str]) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """Files named directly, and every *.yaml / *.yml below named directories (hidden ones skipped).

    Each file comes with the name messages show: the path as found, with any byte that is not UTF-8
    written as an escape. What cannot be searched (an empty name, a folder that cannot be listed or
    vanishes during the run) is an unreadable-file finding naming it, so the run ends with exit code 2.
    """
    files: list[tuple[Path, str]] = []
    findings: list[Finding] = []
    seen: set[str] = set()
    for name in paths:
        if not name:
            message = "the path is empty; name a stack file or a directory"
            findings.append(input_rules.UNREADABLE_FILE.finding("''", START, message))
            continue
        path = Path(name)
        found, unlistable = stack_files(path) if path.is_dir() else ([path], [])
        findings.extend(unlistable)
        if not found and not unlistable:
            message = "no stack files (*.yaml, *.yml) in this directory; name a file or another directory"
            findings.append(input_rules.UNREADABLE_FILE.finding(shown_name(path), START, message))
        for file in found:
            key = os.path.realpath(file)  # unlike Path.resolve, never raises (on a symlink loop, say)
            if key not in seen:
                seen.add(key)
                files.append((file, shown_name(file)))
    return files, findings


def stack_files(directory: Path) -> tuple[list[Path], list[Finding]]:
    """The stack files below `directory`, sorted, and a finding for each folder that could not be listed.

    Links to directories are not followed (a link loop or a link out of the tree is not searched);
    links to files are read like the files.
    """
    found: list[Path] = []
    problems: list[Finding] = []

    def unlistable(error: OSError) -> None:
        where = shown_name(error.filename if error.filename else directory)
        message = (
            f"cannot list this directory: {error.strerror or error}; check it exists and is readable, "
            "or name the files to check"
        )
        problems.append(input_rules.UNREADABLE_FILE.finding(where, START, message))

    for root, folders, names in os.walk(directory, onerror=unlistable):
        folders[:] = [folder for folder in folders if not folder.startswith(".")]
        found.extend(
            Path(root, name) for name in names if not name.startswith(".") and name.endswith(STACK_SUFFIXES)
        )
    return sorted(found), problems


def shown_name(path: Path | str) -> str:
    """A path as messages show it: bytes that are not UTF-8 (surrogates on POSIX) as `\\xNN`."""
    text = str(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
