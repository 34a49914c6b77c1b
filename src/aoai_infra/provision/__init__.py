"""Provision a validated stack with pulumi-azure-native, from this repository's program or any other.

    import pulumi
    from aoai_infra.provision import AzureOpenAIStack, load_validated

    spec = load_validated(Path("stacks/prod-eastus.yaml"), root=Path("."))
    estate = AzureOpenAIStack("aoai", spec, stack_name=pulumi.get_stack())
    pulumi.export("accounts", estate.outputs)

Importing this package imports Pulumi; nothing on the `aoai-infra validate` path imports it.
"""

from aoai_infra.provision.component import AccountResources, AzureOpenAIStack, is_protected
from aoai_infra.provision.program import ProgramError, load_validated, run

__all__ = ["AccountResources", "AzureOpenAIStack", "ProgramError", "is_protected", "load_validated", "run"]
