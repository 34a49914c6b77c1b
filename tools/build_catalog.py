"""Build the bundled catalog from Microsoft's documentation sources.

    python tools/build_catalog.py --docs tools/catalog-docs --out src/aoai_infra/catalog/data/catalog.json

`--docs` is a copy of the MicrosoftDocs/azure-ai-docs repository (its layout; only the pages below are
read): a git checkout, or the snapshot kept in tools/catalog-docs whose SOURCES.md names the commit of
each file. The catalog is read from the pages' tables (tools/catalog_build); the few facts no page
tabulates come from tools/catalog-hand-kept.yaml, each with its source. The build prints every conflict
between pages and how the precedence of tools/catalog_build/lifecycle.py resolved it, and stops with
`file:line: what is wrong` on anything it cannot read. tests/test_catalog_build.py rebuilds the catalog
and compares it with the shipped file, so nobody edits catalog.json by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml
from catalog_build.assemble import PAGES, Inputs, assemble, render
from catalog_build.markdown import PageError, read_page

ROOT = Path(__file__).resolve().parent.parent
HAND_KEPT = ROOT / "tools" / "catalog-hand-kept.yaml"
PRICES = ROOT / "tools" / "catalog-prices" / "retail-prices-facts.yaml"
PRICE_ITEMS = ROOT / "tools" / "catalog-prices" / "retail-api-items.json"
SOURCES_ROW = re.compile(r"^\|\s*`(?P<path>[^`]+)`\s*\|\s*`(?P<commit>[0-9a-f]{40})`\s*\|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, required=True, help="a copy of MicrosoftDocs/azure-ai-docs")
    parser.add_argument("--out", type=Path, required=True, help="the catalog file to write (JSON)")
    parser.add_argument("--hand-kept", type=Path, default=HAND_KEPT, help="facts the pages do not tabulate")
    parser.add_argument("--prices", type=Path, default=PRICES, help="researched Retail Prices API facts")
    parser.add_argument("--price-items", type=Path, default=PRICE_ITEMS, help="Retail Prices API items")
    args = parser.parse_args(argv)
    try:
        inputs = Inputs(
            pages={key: read_page(args.docs, file) for key, file in PAGES.items()},
            commits=commits(args.docs),
            hand_kept=yaml.safe_load(args.hand_kept.read_text(encoding="utf-8")),
            prices=yaml.safe_load(args.prices.read_text(encoding="utf-8")),
            price_items=[
                item
                for group in json.loads(args.price_items.read_text(encoding="utf-8"))["groups"]
                for item in group["Items"]
            ],
        )
        catalog, report = assemble(inputs)
    except PageError as error:
        print(f"build_catalog: {error}", file=sys.stderr)
        return 2
    for line in report:
        print(line)
    text = render(catalog)
    temporary = args.out.with_name(args.out.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(args.out)  # never leave a half-written catalog behind
    return 0


def commits(docs: Path) -> dict[str, str]:
    """The commit of each page: SOURCES.md of a snapshot, else the checkout's own history."""
    listing = docs / "SOURCES.md"
    if listing.is_file():
        found = {}
        for line in listing.read_text(encoding="utf-8").splitlines():
            match = SOURCES_ROW.match(line)
            if match:
                found[match.group("path")] = match.group("commit")
        return found
    result = {}
    for file in PAGES.values():
        answer = subprocess.run(
            ["git", "-C", str(docs), "log", "-1", "--format=%H", "--", file],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if answer.returncode == 0 and answer.stdout.strip():
            result[file] = answer.stdout.strip()
    return result


if __name__ == "__main__":
    sys.exit(main())
