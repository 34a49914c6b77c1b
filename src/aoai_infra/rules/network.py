"""AOAI301: a private endpoint whose subnet is in another subscription, with no resource group there.

"The private endpoint must be deployed in the same region and subscription as the virtual network"
(Microsoft Learn, "What is a private endpoint?", learn.microsoft.com/azure/private-link/
private-endpoint-overview). aoai-infra does so: the endpoint goes into its subnet's subscription. The
stack's resource group is in the stack's subscription, so an endpoint in another one needs a resource
group of its own there.

Imports: aoai_infra.findings, aoai_infra.rules, aoai_infra.stack.
"""

from __future__ import annotations

from collections.abc import Iterator

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import StackContext
from aoai_infra.stack.identifiers import subscription_of

ENDPOINT_GROUP = Rule(
    "AOAI301",
    "private-endpoint-resource-group",
    Severity.ERROR,
    "A private endpoint in another subscription has no resource group there.",
)
"""A private endpoint's subnet is in another subscription than the stack's, and the endpoint names no
`resource_group`. Azure requires a private endpoint in the subscription and region of its virtual network
("The private endpoint must be deployed in the same region and subscription as the virtual network",
Microsoft Learn, [What is a private endpoint?](https://learn.microsoft.com/azure/private-link/private-endpoint-overview)),
so aoai-infra creates it in its subnet's subscription, through a provider for that subscription. The stack's resource group is in the stack's subscription, so it cannot hold the endpoint.

This is the common hub-and-spoke layout, where the network lives in a connectivity subscription:

```yaml
network:
  private_endpoints:
    - subnet: /subscriptions/<hub>/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe
      resource_group: rg-private-endpoints   # in the hub subscription
      location: westeurope                   # the VNet's region, when it is not the account's
```

**Fix:** add `resource_group:` naming a resource group in the subnet's subscription (it must exist; the
identity that runs `pulumi up` needs to create private endpoints there). Set `location:` too when the
virtual network is in another region than the account.
"""  # noqa: E501
RULES = (ENDPOINT_GROUP,)


def check(ctx: StackContext) -> Iterator[Finding]:
    for account in ctx.accounts():
        for index, endpoint in enumerate(account.account.network.private_endpoints):
            subscription = subscription_of(endpoint.subnet)
            if endpoint.resource_group is not None or subscription == ctx.spec.subscription_id.lower():
                continue
            message = (
                f"the subnet of this private endpoint is in subscription {subscription}, not the stack's "
                f"{ctx.spec.subscription_id}, and Azure creates the endpoint in its subnet's subscription; "
                "add resource_group: <a resource group in that subscription> to the endpoint"
            )
            path = (*account.path, "network", "private_endpoints", index, "subnet")
            yield ENDPOINT_GROUP.finding(ctx.file, ctx.position(path), message)
