"""Which stacks are production: one definition for the validator, the Pulumi program and the policy pack.

A stack is production when its name matches `PATTERN` (it starts with `prod`). The name is the stack
file's name without its suffix (`stacks/prod-eastus.yaml` is `prod-eastus`): that is what `aoai-infra
validate` and `check-policies` see. Production decides:

- the default of `protect` for accounts and the resource group when provisioning (an account's own
  `protect:` wins);
- AOAI124 (a preview model version in a production stack);
- the policies that apply to production only (`prodStacks` in the policy pack's config, default `PATTERN`).

The policy pack, run by `pulumi preview --policy-pack`, sees only the Pulumi stack's name, not the
stack file's. So the Pulumi program refuses a Pulumi stack that this definition judges differently from
its stack file (`pulumi up -s staging` with `stackFile: stacks/prod-eastus.yaml`): otherwise prod accounts
would be created unprotected and checked as non-production.

Imports: the standard library only.
"""

from __future__ import annotations

import re

PATTERN = "^prod"


def is_production(stack_name: str, pattern: str = PATTERN) -> bool:
    return re.search(pattern, stack_name) is not None
