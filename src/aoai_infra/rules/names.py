"""AOAI401-AOAI408: names Azure would refuse, names that collide, and references that lead nowhere.

Azure compares resource names case-insensitively, so duplicates are found that way. Account names and
custom subdomains must be unique over every stack file given in one call: a subdomain is global
(`<subdomain>.openai.azure.com`), and reusing an account name between stacks collides by default.

Imports: aoai_infra.findings, aoai_infra.rules, aoai_infra.stack, aoai_infra.suggest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from aoai_infra.findings import Finding, Rule, Severity
from aoai_infra.rules.context import AccountRef, DeploymentRef, StackContext
from aoai_infra.stack.model import is_built_in_filter
from aoai_infra.stack.roles import BUILT_IN_ROLES, role_definition_guid
from aoai_infra.suggest import closest

E = Severity.ERROR

DUPLICATE_DEPLOYMENT = Rule(
    "AOAI401", "duplicate-deployment-name", E, "Two deployments of one account share a name."
)
"""Two deployments of one account have the same name. Azure compares names case-insensitively, so `chat`
and `Chat` collide; the second would update the first.

**Fix:** give each deployment of an account its own name.
"""
DUPLICATE_ACCOUNT = Rule("AOAI402", "duplicate-account-name", E, "Two accounts share a name.")
"""Two accounts, in one stack or in different stack files given in one call, have the same name
(case-insensitively). Reused account names collide on the default subdomain and make resources hard to
tell apart.

**Fix:** rename one of the accounts.
"""
DUPLICATE_SUBDOMAIN = Rule("AOAI403", "duplicate-subdomain", E, "Two accounts share a custom subdomain.")
"""Two accounts would get the same custom subdomain (`custom_subdomain`, or the account name when it is
omitted). Subdomains are global: `<subdomain>.openai.azure.com` can belong to one account only.

**Fix:** give one of the accounts another `custom_subdomain`.
"""
UNDEFINED_FILTER = Rule(
    "AOAI404", "undefined-content-filter", E, "A deployment names a content filter that is not defined."
)
"""A deployment's `content_filter` names a filter that the stack does not define under `content_filters`
and that is not a built-in policy (names starting with `Microsoft.`, such as `Microsoft.DefaultV2`).

**Fix:** define the filter under `content_filters`, fix the spelling, or use a built-in policy.
"""
ACCOUNT_NAME = Rule("AOAI405", "account-name", E, "The account name breaks Azure's naming rules.")
"""Account names (`Microsoft.CognitiveServices/accounts`) are 2 to 64 letters, digits and hyphens,
starting and ending with a letter or digit (Microsoft Learn, "Naming rules and restrictions for Azure
resources").

**Fix:** rename the account within those rules.
"""
SUBDOMAIN_NAME = Rule("AOAI406", "subdomain-name", E, "The custom subdomain breaks Azure's naming rules.")
"""A custom subdomain becomes the DNS name `<subdomain>.openai.azure.com`: 2 to 64 letters, digits and
hyphens, starting and ending with a letter or digit.

**Fix:** choose a subdomain within those rules.
"""
DEPLOYMENT_NAME = Rule("AOAI407", "deployment-name", E, "The deployment name breaks Azure's naming rules.")
"""Deployment names are at most 64 characters of letters, digits, `-`, `_` and `.`, starting with a letter
or digit. Clients call the model by this name, so spaces and other characters are refused.

**Fix:** rename the deployment within those rules.
"""
UNKNOWN_ROLE = Rule("AOAI408", "unknown-role", E, "A role assignment names a role aoai-infra does not know.")
"""A role assignment's `role` is neither one of the built-in roles aoai-infra knows nor a role definition
GUID. Provisioning turns the role name into its role definition id, so an unknown name would stop
`pulumi up` half-way.

Known names (any case): Cognitive Services OpenAI User, Cognitive Services OpenAI Contributor,
Cognitive Services User, Cognitive Services Contributor, Cognitive Services Usages Reader,
Cognitive Services Data Reader (Preview), Azure AI User (Foundry User), Azure AI Project Manager
(Foundry Project Manager), Azure AI Account Owner (Foundry Account Owner). The table and its sources
are in `src/aoai_infra/stack/roles.py`.

**Fix:** correct the spelling, or give a custom role by its role definition GUID.
"""
RULES = (DUPLICATE_DEPLOYMENT, DUPLICATE_ACCOUNT, DUPLICATE_SUBDOMAIN, UNDEFINED_FILTER, ACCOUNT_NAME,
         SUBDOMAIN_NAME, DEPLOYMENT_NAME, UNKNOWN_ROLE)  # fmt: skip

# Microsoft.CognitiveServices/accounts: 2-64 alphanumerics and hyphens, starting and ending with an
# alphanumeric ("Naming rules and restrictions for Azure resources"); the subdomain is a DNS label too.
ACCOUNT_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?$")
# Deployments: up to 64 letters, digits, '-', '_' and '.', starting with a letter or digit.
DEPLOYMENT_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def check(ctx: StackContext) -> Iterator[Finding]:
    for account in ctx.accounts():
        yield from _account_names(account)
        yield from duplicate_deployments(account)
        yield from unknown_roles(account)
    for ref in ctx.deployments:
        for rule_check in (deployment_name, undefined_filter):
            finding = rule_check(ref)
            if finding is not None:
                yield finding


def check_all(stacks: Sequence[StackContext]) -> Iterator[Finding]:
    names: dict[str, AccountRef] = {}
    subdomains: dict[str, AccountRef] = {}
    for ctx in stacks:
        for account in ctx.accounts():
            name, subdomain = account.account.name.lower(), account.account.subdomain.lower()
            if name in names:
                yield _duplicate(DUPLICATE_ACCOUNT, account, names[name], "name", "account name")
            elif subdomain in subdomains:
                yield _duplicate(
                    DUPLICATE_SUBDOMAIN,
                    account,
                    subdomains[subdomain],
                    _subdomain_field(account),
                    "subdomain",
                )
            names.setdefault(name, account)
            subdomains.setdefault(subdomain, account)


def _duplicate(rule: Rule, account: AccountRef, first: AccountRef, field: str, what: str) -> Finding:
    value = account.account.name if field == "name" else account.account.subdomain
    fix = "rename one of them" if field == "name" else "give one of them another custom_subdomain"
    message = f"{what} '{value}' is already used by {first.stack.where((*first.path, 'name'))}; {fix}"
    return rule.finding(account.stack.file, account.at(field), message)


def _subdomain_field(account: AccountRef) -> str:
    return "custom_subdomain" if account.account.custom_subdomain else "name"


def _account_names(account: AccountRef) -> Iterator[Finding]:
    a = account.account
    file = account.stack.file
    if not ACCOUNT_PATTERN.match(a.name):
        message = (
            f"account name '{a.name}' must be 2-64 letters, digits and hyphens, "
            "starting and ending with a letter or digit"
        )
        yield ACCOUNT_NAME.finding(file, account.at("name"), message)
    if a.custom_subdomain is not None and not ACCOUNT_PATTERN.match(a.custom_subdomain):
        message = (
            f"custom_subdomain '{a.custom_subdomain}' must be 2-64 letters, digits and hyphens, starting and "
            "ending with a letter or digit (it becomes <subdomain>.openai.azure.com)"
        )
        yield SUBDOMAIN_NAME.finding(file, account.at("custom_subdomain"), message)


def duplicate_deployments(account: AccountRef) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, deployment in enumerate(account.account.deployments):
        key = deployment.name.lower()
        if key in seen:
            first = account.stack.where((*account.path, "deployments", seen[key], "name"))
            message = (
                f"account '{account.account.name}' already has a deployment named '{deployment.name}' at "
                f"{first}; give this one another name"
            )
            position = account.stack.position((*account.path, "deployments", index, "name"))
            yield DUPLICATE_DEPLOYMENT.finding(account.stack.file, position, message)
        else:
            seen[key] = index


def deployment_name(ref: DeploymentRef) -> Finding | None:
    name = ref.deployment.name
    if DEPLOYMENT_PATTERN.match(name):
        return None
    message = (
        f"deployment name '{name}' must be at most 64 letters, digits, '-', '_' and '.', "
        "starting with a letter or digit"
    )
    return DEPLOYMENT_NAME.finding(ref.stack.file, ref.at("name"), message)


def undefined_filter(ref: DeploymentRef) -> Finding | None:
    wanted = ref.deployment.content_filter
    defined = list(ref.stack.spec.content_filters)
    if wanted is None or wanted in defined or is_built_in_filter(wanted):
        return None
    guess = closest(wanted, defined)
    if guess:
        fix = f"did you mean '{guess}'?"
    elif defined:
        fix = f"define it under content_filters or use one of: {', '.join(defined)}"
    else:
        fix = "define it under content_filters, or use a built-in policy such as Microsoft.DefaultV2"
    message = f"content filter '{wanted}' is not defined in this stack; {fix}"
    return UNDEFINED_FILTER.finding(ref.stack.file, ref.at("content_filter"), message)


def unknown_roles(account: AccountRef) -> Iterator[Finding]:
    """A role name that is neither a built-in role aoai-infra knows nor a role definition GUID.

    Provisioning turns the name into its role definition id, so an unknown name would fail `pulumi up`.
    """
    for index, assignment in enumerate(account.account.roles):
        if role_definition_guid(assignment.role) is not None:
            continue
        guess = closest(assignment.role, list(BUILT_IN_ROLES))
        fix = f"did you mean '{guess}'?" if guess else "use a built-in role name or a role definition GUID"
        message = f"unknown role '{assignment.role}'; {fix}"
        position = account.stack.position((*account.path, "roles", index, "role"))
        yield UNKNOWN_ROLE.finding(account.stack.file, position, message)
