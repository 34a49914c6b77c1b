#!/usr/bin/env bash
# Refresh constraints/ci.txt: install the newest releases pyproject.toml allows into a fresh virtual
# environment, run the whole test suite with them, and only if it passes, pin them (docs/dependencies.md).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet -e '.[dev]'
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider
{
    sed -n '1,3p' constraints/ci.txt
    echo "# Made with: .venv/bin/pip freeze --exclude-editable (Python $("$work/venv/bin/python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'), $(uname -s)) on $(date -u +%F)."
    "$work/venv/bin/pip" freeze --exclude-editable | grep -v '^aoai-infra'
} > "$work/ci.txt"
mv "$work/ci.txt" constraints/ci.txt
git --no-pager diff --stat -- constraints/ci.txt
