"""The package's import graph has no cycles, and reading a file loads only what reading needs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SRC = REPO / "src"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in (SRC / "aoai_infra").rglob("*.py")}


def imported(path: Path) -> set[str]:
    """The project modules a module imports when it is imported (not those under TYPE_CHECKING or in
    functions). Importing `a.b.c` runs `a` and `a.b` first: those count too."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    named: set[str] = set()
    for node in _top_level(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            named.add(base)
            named.update(f"{base}.{alias.name}" for alias in node.names)
    found: set[str] = set()
    for name in named:
        parts = name.split(".")
        found.update(".".join(parts[:end]) for end in range(2, len(parts) + 1))
    return {name for name in found if name in MODULES and name != me}


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    nodes: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.If | ast.Try):
            nodes.extend(_top_level(node.body))
            nodes.extend(_top_level(node.orelse))
            for handler in getattr(node, "handlers", []):
                nodes.extend(_top_level(handler.body))
        else:
            nodes.append(node)
    return nodes


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                return [*path[path.index(other) :], other]
            if other not in state:
                found = visit(other)
                if found:
                    return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_the_package_has_no_import_cycle():
    graph = {name: imported(path) for name, path in MODULES.items()}
    assert cycle(graph) is None, " -> ".join(cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_reading_a_stack_file_loads_no_rule_family_and_no_registry():
    code = (
        "import sys, aoai_infra.stack.load, aoai_infra.catalog.loader; "
        "print(sorted(m for m in sys.modules if m.startswith('aoai_infra.rules')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "['aoai_infra.rules', 'aoai_infra.rules.input']"


STANDARD = frozenset(sys.stdlib_module_names) | {"__future__"}


def areas(path: Path) -> list[str]:
    """What a module imports when it is imported, by area: each project package or top-level module
    (aoai_infra.stack, aoai_infra.findings), and each third-party distribution's top-level module."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in _top_level(ast.parse(path.read_text(encoding="utf-8")).body):
        named = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], base]).strip(".")
            named = [base]
        for name in named:
            parts = name.split(".")
            if parts[0] == "aoai_infra":
                found.add(".".join(parts[:2]) if len(parts) > 1 else "aoai_infra")
            elif parts[0] not in STANDARD:
                found.add(parts[0])
    found.discard(me)
    return sorted(found, key=lambda name: (not name.startswith("aoai_infra"), name))


def declared(path: Path) -> str | None:
    """The `Imports:` paragraph of a module's docstring, joined into one line."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    for paragraph in doc.split("\n\n"):
        if paragraph.startswith("Imports:"):
            return " ".join(paragraph.split())
    return None


def imports_line(path: Path) -> str:
    found = areas(path)
    project = [name for name in found if name.startswith("aoai_infra")]
    others = [name for name in found if not name.startswith("aoai_infra")]
    parts = [", ".join(project)] if project else []
    if others:
        parts.append(", ".join(others))
    return f"Imports: {'; '.join(parts) if parts else 'the standard library only'}."


def test_every_module_says_what_it_imports():
    wrong = {
        name: (declared(path), imports_line(path))
        for name, path in MODULES.items()
        if declared(path) != imports_line(path)
    }
    assert not wrong, wrong
