"""The catalog of Azure OpenAI offerings: what can be deployed where, for how long, and within what quota.

`load_catalog()` reads the bundled dated catalog (`data/catalog.json`, built by `tools/build_catalog.py`
from researched facts with their sources) or a file an organisation keeps, in the same format.
"""

from aoai_infra.catalog.catalog import Catalog, Offer
from aoai_infra.catalog.loader import BUNDLED, CatalogError, load_catalog

__all__ = ["BUNDLED", "Catalog", "CatalogError", "Offer", "load_catalog"]
