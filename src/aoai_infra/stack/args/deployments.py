"""Model deployments: a spec deployment as a `cognitiveservices.Deployment`, and the order they are made in.

The deployment type is the deployment's SKU name on the wire; capacity is in units of 1,000 tokens per
minute for the Standard types and in PTUs for the provisioned ones.

Imports: aoai_infra.stack.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.stack.model import Deployment


def deployment_args(deployment: Deployment) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "model": {"format": deployment.format, "name": deployment.model, "version": deployment.version},
        "version_upgrade_option": deployment.upgrade,
    }
    if deployment.content_filter:
        properties["rai_policy_name"] = deployment.content_filter
    if deployment.spillover_to:
        properties["spillover_deployment_name"] = deployment.spillover_to
    args: dict[str, Any] = {
        "deployment_name": deployment.name,
        "sku": {"name": deployment.sku, "capacity": deployment.capacity},
        "properties": properties,
    }
    if deployment.tags:  # only when given, so that stacks without them send what they always did
        args["tags"] = dict(deployment.tags)
    return args


def in_creation_order(deployments: list[Deployment]) -> list[Deployment]:
    """An account's deployments in the order they are written to Azure, one after another: by name, but
    a deployment's spillover target before it (Azure needs the target to exist). Targets are Standard
    types, which spill over to nothing, so deployments without spillover first is enough."""
    return sorted(deployments, key=lambda deployment: (deployment.spillover_to is not None, deployment.name))
