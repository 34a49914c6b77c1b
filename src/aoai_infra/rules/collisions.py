"""AOAI409-AOAI412: content filter names Azure refuses, built-in filters that do not exist, and two entries
of a stack that would be one Azure resource.

Content filters are Azure RAI policies. Their names follow the RAI policy name pattern of the
Microsoft.CognitiveServices REST specification (2025-06-01: `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`). Names that start
with `Microsoft.` are Azure's own policies, which exist on every account and cannot be created or changed:
a custom filter with such a name is never created (provisioning skips built-ins), while deployments point
at it. Which built-in policies exist: see `BUILT_IN_FILTERS` in aoai_infra.stack.model.

Imports: aoai_infra.findings, aoai_infra.rules, aoai_infra.stack, aoai_infra.suggest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import StackContext
from aoai_infra.stack.model import BUILT_IN_FILTER_PREFIX, BUILT_IN_FILTERS, is_built_in_filter
from aoai_infra.stack.naming import private_endpoint_name
from aoai_infra.stack.roles import role_definition_guid
from aoai_infra.suggest import closest

E = Severity.ERROR

FILTER_NAME = Rule("AOAI409", "content-filter-name", E, "A content filter name Azure would refuse.")
"""A content filter (a key of `content_filters`) has a name Azure refuses, or takes a built-in policy's name.

- Content filters are Azure RAI policies, whose names must match `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`
  (Microsoft.CognitiveServices REST specification, 2025-06-01): a letter or digit first, then letters,
  digits, `_`, `.` and `-`. `my strict` (a space) is refused by Azure when the policy is created.
- Names starting with `Microsoft.` belong to Azure's own policies, which exist on every account and cannot
  be created or changed. A custom filter named `Microsoft.Custom` would never be created, while the
  deployments that name it would point at a policy that does not exist.

```yaml
content_filters:
  my strict: {filters: []}         # AOAI409 content filter name 'my strict' must start with ...
  Microsoft.Custom: {filters: []}  # AOAI409 ... takes the name of a built-in Azure policy (Microsoft.*)
```

**Fix:** rename the filter, and the `content_filter:` of the deployments that use it.
"""
UNKNOWN_BUILT_IN_FILTER = Rule(
    "AOAI410", "unknown-built-in-filter", E, "A Microsoft.* content filter that Azure does not have."
)
"""A deployment's `content_filter`, or a custom filter's `base`, names a `Microsoft.*` policy that Azure does
not have. Built-in policies are not created by aoai-infra, only referred to, so a misspelt one
(`Microsoft.DefautV2`) would make Azure refuse the deployment at `pulumi up`.

The built-in policies, with their sources (`BUILT_IN_FILTERS` in `src/aoai_infra/stack/model.py`):

| policy | what it is |
| --- | --- |
| `Microsoft.Default` | the original default: hate, sexual, violence and self-harm at medium |
| `Microsoft.DefaultV2` | the default for current models: Default's four, plus jailbreak (prompt shields) and protected material |
| `Microsoft.Nil` | no filtering; only for subscriptions approved for modified content filtering |

**Fix:** correct the name (the message suggests the closest one), or define a custom filter under
`content_filters` and name that.
"""  # noqa: E501
DUPLICATE_ROLE_ASSIGNMENT = Rule(
    "AOAI411", "duplicate-role-assignment", E, "The same principal gets the same role on an account twice."
)
"""The same principal gets the same role on one account twice. Principals are compared without case, and a
role given by name is the same role as its role definition GUID (`Cognitive Services OpenAI User` and
`5e0bd9bd-7b93-4f28-af87-19fc36ad61bd`). Both entries would be one Azure role assignment, and the two
Pulumi resources with one logical name stop `pulumi up` before anything is changed.

The finding points at the second entry and names the line of the first.

**Fix:** remove one of the two entries.
"""
DUPLICATE_PRIVATE_ENDPOINT = Rule(
    "AOAI412",
    "duplicate-private-endpoint-name",
    E,
    "Two private endpoints share a name in one resource group.",
)
"""Two private endpoints have the same name in one resource group (compared without case, as Azure does):
in one account, in two accounts of a stack, or in two stack files of the same subscription and resource
group. Azure would hold one endpoint, written by both, and the last write would win.

Names are the endpoints' own `name`, or the one aoai-infra derives (`pe-<account>-<subnet>`), which is
unique unless an explicit name takes it.

**Fix:** give one of the endpoints another `name`.
"""
RULES = (FILTER_NAME, UNKNOWN_BUILT_IN_FILTER, DUPLICATE_ROLE_ASSIGNMENT, DUPLICATE_PRIVATE_ENDPOINT)

# RaiPolicy name, Microsoft.CognitiveServices 2025-06-01 REST specification (cognitiveservices.json).
FILTER_PATTERN = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")


def check(ctx: StackContext) -> Iterator[Finding]:
    yield from filter_names(ctx)
    yield from built_in_filters(ctx)
    yield from duplicate_role_assignments(ctx)


def check_all(stacks: Sequence[StackContext]) -> Iterator[Finding]:
    yield from duplicate_private_endpoints(stacks)


def filter_names(ctx: StackContext) -> Iterator[Finding]:
    for name in ctx.spec.content_filters:
        if is_built_in_filter(name):
            position = ctx.source.key_position(("content_filters", name))
            message = (
                f"content filter '{name}' takes the name of a built-in Azure policy (Microsoft.*), which "
                "cannot be created or changed; give it a name of your own, such as 'strict'"
            )
            yield FILTER_NAME.finding(ctx.file, position, message)
        elif not FILTER_PATTERN.match(name):
            message = (
                f"content filter name '{name}' must start with a letter or digit and hold only letters, "
                "digits, '_', '.' and '-'; rename it (and the deployments that use it)"
            )
            yield FILTER_NAME.finding(ctx.file, ctx.source.key_position(("content_filters", name)), message)


def built_in_filters(ctx: StackContext) -> Iterator[Finding]:
    """Every `Microsoft.*` name a stack uses (a deployment's filter, a custom filter's base) must exist."""
    for name, content_filter in ctx.spec.content_filters.items():
        finding = _unknown_built_in(ctx, content_filter.base, ("content_filters", name, "base"))
        if finding is not None:
            yield finding
    for ref in ctx.deployments:
        used = ref.deployment.content_filter
        if used is not None:
            finding = _unknown_built_in(ctx, used, (*ref.path, "content_filter"))
            if finding is not None:
                yield finding


def _unknown_built_in(ctx: StackContext, name: str, path: tuple[str | int, ...]) -> Finding | None:
    if not is_built_in_filter(name) or name in BUILT_IN_FILTERS:
        return None
    # Compared after the shared "Microsoft." prefix, which would make every name look close.
    suffixes = {built_in.removeprefix(BUILT_IN_FILTER_PREFIX): built_in for built_in in BUILT_IN_FILTERS}
    close = closest(name.removeprefix(BUILT_IN_FILTER_PREFIX), list(suffixes))
    guess = suffixes[close] if close else None
    fix = (
        f"did you mean '{guess}'?"
        if guess
        else f"Azure's built-in policies are {', '.join(BUILT_IN_FILTERS)}"
    )
    message = f"'{name}' is not a built-in content filter policy of Azure; {fix}"
    return UNKNOWN_BUILT_IN_FILTER.finding(ctx.file, ctx.position(path), message)


def duplicate_role_assignments(ctx: StackContext) -> Iterator[Finding]:
    """One principal and one role (by name or by GUID, in any case) once per account: a second is the same
    Azure role assignment, and two resources with the same logical name stop `pulumi up`."""
    for account in ctx.accounts():
        seen: dict[tuple[str, str], int] = {}
        for index, assignment in enumerate(account.account.roles):
            role = role_definition_guid(assignment.role) or assignment.role.casefold()
            key = (assignment.principal.lower(), role)
            if key not in seen:
                seen[key] = index
                continue
            first = account.account.roles[seen[key]]
            where = ctx.where((*account.path, "roles", seen[key]))
            same = "" if first.role == assignment.role else f" (as '{first.role}', the same role)"
            message = (
                f"principal {assignment.principal} already has role '{assignment.role}' on account "
                f"'{account.account.name}' at {where}{same}; remove one of them"
            )
            yield DUPLICATE_ROLE_ASSIGNMENT.finding(
                ctx.file, ctx.position((*account.path, "roles", index)), message
            )


def duplicate_private_endpoints(stacks: Sequence[StackContext]) -> Iterator[Finding]:
    """Private endpoint names are unique in a resource group (compared without case, as Azure does): two
    endpoints of one name, in one account or in two, would be one Azure resource written twice."""
    seen: dict[tuple[str, str, str], tuple[StackContext, tuple[str | int, ...]]] = {}  # where is looked up
    for ctx in stacks:  # only for a finding: a position composes the file's node tree again
        group = (ctx.spec.subscription_id.lower(), ctx.spec.resource_group.name.lower())
        for account in ctx.accounts():
            for index, endpoint in enumerate(account.account.network.private_endpoints):
                name = private_endpoint_name(account.account, endpoint)
                path = (*account.path, "network", "private_endpoints", index)
                key = (*group, name.lower())
                if key not in seen:
                    seen[key] = (ctx, path)
                    continue
                first, first_path = seen[key]
                group_name = ctx.spec.resource_group.name
                message = (
                    f"private endpoint name '{name}' is already used in resource group '{group_name}' by "
                    f"{first.where(first_path)}; give this one another name"
                )
                at = (*path, "name") if endpoint.name else path
                yield DUPLICATE_PRIVATE_ENDPOINT.finding(ctx.file, ctx.position(at), message)
