"""The Pulumi policy engine's side of a policy call, as `check-policies` and the tests make it.

The engine hands a policy properties deserialized from the wire (secrets and unknowns decoded) behind
`unknown_checking_proxy`, which raises `UnknownValueError` when a policy reads a value not known yet; a
`report_violation` callback; and it awaits what an async policy returns. A policy that read an unknown
value cannot judge the resource yet: the engine says so instead of a violation.

Imports: pulumi_policy.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from pulumi_policy import (
    Policy,
    PolicyCustomTimeouts,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)
from pulumi_policy.deserialize import deserialize_properties
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

CANNOT_JUDGE = "can't run during preview: "  # how the engine words a policy that read an unknown value
Report = Callable[[str, str | None], None]  # (message, URN of the violating resource, or None)


def properties(wire: Mapping[str, Any]) -> Any:
    """Wire properties as a policy sees them."""
    return unknown_checking_proxy(deserialize_properties(copy.deepcopy(dict(wire))))


def options(
    protect: bool = False, delete_before_replace: bool | None = None, parent: str | None = None
) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect, [], delete_before_replace, [], PolicyCustomTimeouts(0, 0, 0), [], parent
    )


def resource_args(
    token: str,
    wire: Mapping[str, Any],
    urn: str,
    name: str,
    config: dict[str, Any],
    resource_options: PolicyResourceOptions | None = None,
) -> ResourceValidationArgs:
    return ResourceValidationArgs(
        token, properties(wire), urn, name, resource_options or options(), None, config
    )


def call(policy: Policy, args: ResourceValidationArgs | StackValidationArgs, report: Report) -> str | None:
    """Run `policy` on `args`, each violation to `report`; the engine's message when it read an unknown
    value (and could not judge), else None."""
    try:
        result = policy.validate(args, report)  # type: ignore[attr-defined]
        if inspect.isawaitable(result):
            asyncio.run(_awaited(result))
    except UnknownValueError as error:
        return f"{CANNOT_JUDGE}{error.message}"
    return None


async def _awaited(result: Any) -> None:
    await result
