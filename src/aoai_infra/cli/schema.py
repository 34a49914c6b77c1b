"""`aoai-infra schema`; the stack model is imported when it runs.

Imports: the standard library only.
"""

from __future__ import annotations

import sys


def schema() -> None:
    """Print the JSON Schema of a stack file (committed as schema/stack.schema.json)."""
    import json

    from aoai_infra.stack.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")
