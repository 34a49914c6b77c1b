"""aoai-infra's CrossGuard policy pack: the organisation's guardrails for Azure OpenAI, one module each.

Each module has `POLICY` (a pulumi_policy resource or stack policy with its name, description,
remediation, severity, enforcement level and config schema), its documentation as the module docstring,
and `SPEC_FIELD`, the key of an aoai-infra stack file that fixes it (where `check-policies` points).
`pack.py` lists them; `policies/__main__.py` assembles its `POLICIES` into the pack that
`pulumi preview --policy-pack policies/` runs; `aoai-infra check-policies` runs the same objects offline.
docs/policies.md is generated from here.

Imports: the standard library only.
"""
