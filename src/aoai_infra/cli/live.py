"""Live mode's side of the command line: the `live` extra present, and one checked connection.
azure-identity and azure-mgmt-cognitiveservices are imported only when a live command runs.

Imports: aoai_infra.cli.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from aoai_infra.cli.options import Cloud
from aoai_infra.cli.output import fail

if TYPE_CHECKING:
    from aoai_infra.live.client import Connection, Limits


def require_live() -> None:
    """Exit 2 with the install command when the `live` extra is missing."""
    try:
        import azure.identity
        import azure.mgmt.cognitiveservices  # noqa: F401
    except ImportError as error:
        fail(
            f"live mode needs Azure's packages ({error.name} is not installed); install them with: "
            "pip install 'aoai-infra[live]' (in this repository: pip install -e '.[live]')"
        )


def connect(cloud: Cloud | None, arm_endpoint: str | None, limits: Limits) -> Connection:
    """A live connection, or exit 2 with the fix (a refused endpoint, no credentials)."""
    from azure.core.exceptions import AzureError

    from aoai_infra.live.client import Connection
    from aoai_infra.live.endpoint import Cloud as LiveCloud
    from aoai_infra.live.endpoint import LiveUsageError, resolve_target
    from aoai_infra.live.errors import explain

    try:
        target = resolve_target(LiveCloud(cloud.value) if cloud else None, arm_endpoint, os.environ)
        connection = Connection(target, limits)
        connection.check_credential()
    except LiveUsageError as error:
        fail(str(error))
    except AzureError as error:
        fail(explain(error).message)
    return connection
