"""The catalog of Azure OpenAI offerings: what can be deployed where, for how long, and within what quota.

`loader.load_catalog()` reads the bundled dated catalog (`data/catalog.json`, built by
`tools/build_catalog.py` from Microsoft's documentation pages; see docs/catalog.md) or a file an
organisation keeps, in the same format (`model`); `catalog.Catalog` answers the lookups; `queries` the
`aoai-infra catalog` commands.

Imports: the standard library only.
"""
