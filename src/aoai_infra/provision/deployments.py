"""Model deployments: a spec deployment as a `cognitiveservices.Deployment`.

The deployment type is the deployment's SKU name on the wire; capacity is in units of 1,000 tokens per
minute for the Standard types and in PTUs for the provisioned ones.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.spec import Deployment


def deployment_args(deployment: Deployment) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "model": {"format": deployment.format, "name": deployment.model, "version": deployment.version},
        "version_upgrade_option": deployment.upgrade,
    }
    if deployment.content_filter:
        properties["rai_policy_name"] = deployment.content_filter
    return {
        "deployment_name": deployment.name,
        "sku": {"name": deployment.sku, "capacity": deployment.capacity},
        "properties": properties,
    }
