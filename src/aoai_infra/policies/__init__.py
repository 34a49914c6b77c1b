"""aoai-infra's CrossGuard policy pack: the organisation's guardrails for Azure OpenAI, one module each.

Each module has `POLICY` (a pulumi_policy resource or stack policy with its name, description,
remediation, severity, enforcement level and config schema), its documentation as the module docstring,
`SPEC_FIELD`, the key of an aoai-infra stack file that fixes it (where `check-policies` points), and
`SPEC_FIX`, the same fix in a stack file's terms, added to violations of resources a stack file declares.
A module imports what it needs from `base.py`: `resource_policy` or `stack_policy` declares it.
`pack.py` lists them; `policies/__main__.py` assembles its `POLICIES` into the pack that
`pulumi preview --policy-pack policies/` runs; `aoai-infra check-policies` runs the same objects offline.
docs/policies.md is generated from here.

Imports: the standard library only.
"""
