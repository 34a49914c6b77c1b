"""AOAI413: a spillover that Azure would refuse, or that would not serve.

Microsoft Learn, "Manage traffic with spillover for provisioned deployments"
(how-to/spillover-traffic-management): spillover routes a provisioned deployment's overage (429, and 400
on long contexts, 500 and 503) to "a standard deployment"; "the provisioned and standard deployments must
be in the same Azure OpenAI resource"; "the data processing level of your standard deployment must match
your provisioned deployment (for example, a global provisioned deployment must be used with a global
standard spillover deployment)"; and the portal asks for "at least one active pay-as-you-go deployment
that matches the model and version of your current provisioned deployment".

Imports: aoai_infra.findings, aoai_infra.rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import DeploymentRef, StackContext

SPILLOVER = Rule(
    "AOAI413", "spillover-target", Severity.ERROR, "A spillover Azure would refuse or that would not serve."
)
"""A deployment's `spillover_to` would be refused by Azure, or would not serve. Spillover sends a provisioned
deployment's overage (429 when its PTUs are used up; also 400 on long contexts, 500 and 503) to a
pay-as-you-go deployment. Microsoft Learn,
[Manage traffic with spillover for provisioned deployments](https://learn.microsoft.com/azure/ai-foundry/openai/how-to/spillover-traffic-management),
sets the conditions this rule checks:

- spillover is set on a provisioned deployment (ProvisionedManaged, GlobalProvisionedManaged,
  DataZoneProvisionedManaged);
- its target is a deployment of the same account ("the provisioned and standard deployments must be in
  the same Azure OpenAI resource"), of a Standard type;
- of the same data processing: GlobalProvisionedManaged → GlobalStandard, DataZoneProvisionedManaged →
  DataZoneStandard, ProvisionedManaged → Standard;
- serving the same model and version.

```yaml
deployments:
  - {name: chat-ptu, model: gpt-5.4, version: "2026-03-05", sku: GlobalProvisionedManaged, capacity: 15,
     spillover_to: chat-paygo}
  - {name: chat-paygo, model: gpt-5.4, version: "2026-03-05", sku: GlobalStandard, capacity: 100}
```

Requests that spill over are billed at the target's per-token prices. Spillover is not available for the
Responses API.

**Fix:** as the message says: point `spillover_to` at a matching deployment, or add one.
"""
RULES = (SPILLOVER,)


def check(ctx: StackContext) -> Iterator[Finding]:
    by_account: dict[str, dict[str, DeploymentRef]] = {}
    for ref in ctx.deployments:
        by_account.setdefault(ref.account.account.name.lower(), {})[ref.deployment.name.lower()] = ref
    for ref in ctx.deployments:
        target_name = ref.deployment.spillover_to
        if target_name is None:
            continue
        target = by_account[ref.account.account.name.lower()].get(target_name.lower())
        problem = _problem(ref, target, target_name)
        if problem is not None:
            yield SPILLOVER.finding(ctx.file, ref.at("spillover_to"), problem)


def _problem(ref: DeploymentRef, target: DeploymentRef | None, target_name: str) -> str | None:
    source_type, d = ref.deployment_type, ref.deployment
    if source_type is not None and source_type[1].family != "provisioned":
        return (
            f"spillover_to applies to provisioned deployments, and '{d.name}' is {source_type[0]}; "
            "remove spillover_to, or set it on the provisioned deployment whose overage it should take"
        )
    if target is None:
        account = ref.account.account.name
        return (
            f"spillover_to names '{target_name}', which is not a deployment of account '{account}'; "
            "spillover goes to a Standard-type deployment of the same account: add it, or fix the name"
        )
    target_type, t = target.deployment_type, target.deployment
    if target_type is not None and target_type[1].family != "standard":
        return f"spillover_to '{t.name}' is {target_type[0]}; it must be a Standard type (pay as you go)"
    if source_type is not None and target_type is not None and source_type[1].scope != target_type[1].scope:
        return (
            f"{source_type[0]} spills over to a deployment of the same data processing: '{t.name}' is "
            f"{target_type[0]}; use {_matching_standard(source_type[1].scope)} for it"
        )
    if (t.model, t.version) != (d.model, d.version):
        return (
            f"spillover_to '{t.name}' runs {t.model} {t.version}, and '{d.name}' runs {d.model} {d.version}; "
            "the spillover deployment must serve the same model and version"
        )
    return None


def _matching_standard(scope: str) -> str:
    return {"global": "GlobalStandard", "datazone": "DataZoneStandard"}.get(scope, "Standard")
