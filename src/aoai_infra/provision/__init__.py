"""Provision a validated stack with pulumi-azure-native, from this repository's program or any other.

    import pulumi
    from aoai_infra.stack.production import is_production
    from aoai_infra.provision import AzureOpenAIStack, load_validated

    spec = load_validated(Path("stacks/prod-eastus.yaml"), root=Path("."))
    estate = AzureOpenAIStack("aoai", spec, production=is_production("prod-eastus"))
    pulumi.export("accounts", estate.outputs)

The names below import Pulumi when first used. What a stack creates, and with which arguments, is
aoai_infra.stack.resources (no Pulumi); this package registers it (`component`), runs it as a program
(`program`), pins one provider per subscription (`providers`) and records it under mocks (`recording`).

Imports: the standard library only.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aoai_infra.provision.component import AccountResources, AzureOpenAIStack
    from aoai_infra.provision.program import ProgramError, load_validated, run

_HOMES = {
    "AccountResources": "component",
    "AzureOpenAIStack": "component",
    "ProgramError": "program",
    "load_validated": "program",
    "run": "program",
}
__all__ = ["AccountResources", "AzureOpenAIStack", "ProgramError", "load_validated", "run"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
