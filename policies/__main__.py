"""aoai-infra's CrossGuard policy pack: `pulumi preview --policy-pack policies/`.

This file only assembles the pack. Each policy is a module of `aoai_infra.policies` (documented in
docs/policies.md), so that `aoai-infra check-policies` runs the very same objects offline and other
programs can import them. Constructing `PolicyPack` starts the analyzer server Pulumi talks to, and
does not return: never import this file.
"""

from pulumi_policy import EnforcementLevel, PolicyPack

from aoai_infra.policies.pack import PACK_NAME, POLICIES

PolicyPack(
    name=PACK_NAME,
    policies=list(POLICIES),
    # Each policy sets its own level; this applies only to a policy that does not.
    enforcement_level=EnforcementLevel.ADVISORY,
    description="Guardrails for Azure OpenAI accounts and deployments created with pulumi-azure-native.",
)
