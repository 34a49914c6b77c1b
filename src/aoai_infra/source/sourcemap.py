"""Where each value of a YAML document stands in its file, looked up lazily from the composed node tree.

A path is the same tuple pydantic uses for error locations: mapping keys and list indexes, e.g.
`("accounts", 0, "deployments", 1, "capacity")`. Nothing is recorded while loading, so clean files pay
nothing for positions; a lookup walks the path through the nodes, following merge keys (`<<`).

The node tree is not kept: two marks per node made it 27 times the size of the text, and a repository
of 100,000 deployments needed 935 MiB. A source map keeps how to compose the tree again (the text, in a
closure) and does so on the first lookup, which only files with findings make.

Imports: aoai_infra.findings; yaml.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import yaml

from aoai_infra.findings import START, Position

MERGE_TAG = "tag:yaml.org,2002:merge"
MAX_MERGE_DEPTH = 32  # as the loader's nesting bound

PathItem = str | int
KeyPath = Sequence[PathItem]  # keys and list indexes from the document root


def position_of(node: yaml.Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


class SourceMap:
    def __init__(self, compose: Callable[[], yaml.Node | None]) -> None:
        """`compose` makes the node tree when a position is first asked for."""
        self._root: yaml.Node | None = None
        self._compose: Callable[[], yaml.Node | None] | None = compose
        self.composed = False  # whether the node tree is held (a lookup composes it)
        # Merge lookups already answered, by mapping node and key: a file of nested merge keys shares
        # each merged mapping among many others, and without this every finding's lookup walked the
        # whole merge tree again (1,000 findings took minutes). With it, lookups are linear in the file.
        self._merged: dict[tuple[int, str], tuple[yaml.Node, yaml.Node] | None] = {}

    def position(self, path: KeyPath) -> Position:
        """The value at `path`, or the closest enclosing value that exists."""
        node, _key, _complete = self._walk(path)
        return position_of(node) if node is not None else START

    def key_position(self, path: KeyPath) -> Position:
        """The key that names the value at `path` (the item itself in a list)."""
        node, key, _complete = self._walk(path)
        target = key or node
        return position_of(target) if target is not None else START

    def scalar_text(self, path: KeyPath) -> str | None:
        """The scalar at `path` exactly as written (`2.0`, `0125`), for messages that quote it."""
        node, _key, complete = self._walk(path)
        return str(node.value) if complete and isinstance(node, yaml.ScalarNode) else None

    def _walk(self, path: KeyPath) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        if self._compose is not None:
            self._root, self._compose = self._compose(), None
            self.composed = True
        node, key = self._root, None
        for step in path:
            found = self._child(node, step)
            if found is None:
                return node, None, False
            key, node = found
        return node, key, True

    def _child(self, node: yaml.Node | None, step: PathItem) -> tuple[yaml.Node | None, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            return self._lookup(node, step, depth=0)
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            return None, node.value[step]
        return None

    def _lookup(self, mapping: yaml.MappingNode, key: str, depth: int) -> tuple[yaml.Node, yaml.Node] | None:
        # Explicit keys win over merged ones, and earlier merge sources over later ones, as in the loader.
        merges: list[yaml.Node] = []
        for key_node, value_node in mapping.value:
            if key_node.tag == MERGE_TAG:
                merges.append(value_node)
            elif isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value_node
        if not merges or depth > MAX_MERGE_DEPTH:
            return None
        memo = (id(mapping), key)
        if memo not in self._merged:
            self._merged[memo] = self._lookup_merged(merges, key, depth)
        return self._merged[memo]

    def _lookup_merged(
        self, merges: list[yaml.Node], key: str, depth: int
    ) -> tuple[yaml.Node, yaml.Node] | None:
        seen: set[int] = set()  # `<<: [*a, *a, *a]` asks *a once: only its first place can win
        for merged in merges:
            sources = merged.value if isinstance(merged, yaml.SequenceNode) else [merged]
            for source in sources:
                if id(source) in seen or not isinstance(source, yaml.MappingNode):
                    continue
                seen.add(id(source))
                if found := self._lookup(source, key, depth + 1):
                    return found
        return None
