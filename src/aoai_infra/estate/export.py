"""`aoai-infra export`: a live estate as stack files and Pulumi import files.

One stack per subscription and resource group (the stack format holds one resource group). A stack is
named after its resource group, so that `stacks/<name>.yaml` is what `pulumi up -s <name>` reads; two
groups of one name in two subscriptions get the subscription's first eight characters appended. The
resource group is written `create: false`: adopting the accounts does not take the group over.

The import file has the format of `pulumi import --file`: the stack's component (`component: true`,
which Pulumi creates empty) and every resource `stack_resources` gives, under the logical name
provisioning gives it, with its Azure id, its parent the component. After `pulumi import --file`, the
first `pulumi up` moves the resources onto the stack's pinned provider, which Pulumi does without
replacing them (aoai_infra.provision.providers), and changes nothing in Azure.

Imports: aoai_infra.estate, aoai_infra.live, aoai_infra.stack; pydantic, yaml.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from aoai_infra.estate.convert import Converted, Note, convert, location
from aoai_infra.live.estate import Estate, LiveAccount
from aoai_infra.stack.model import StackSpec
from aoai_infra.stack.naming import COMPONENT_TYPE
from aoai_infra.stack.production import is_production
from aoai_infra.stack.resources import Resource, known, stack_resources

TYPE_TOKENS = {  # pulumi-azure-native's types; tests/live/test_export.py checks them as the program registers
    "resource_group": "azure-native:resources:ResourceGroup",
    "account": "azure-native:cognitiveservices:Account",
    "content_filter": "azure-native:cognitiveservices:RaiPolicy",
    "deployment": "azure-native:cognitiveservices:Deployment",
    "private_endpoint": "azure-native:network:PrivateEndpoint",
    "dns_zone_group": "azure-native:network:PrivateDnsZoneGroup",
    "role_assignment": "azure-native:authorization:RoleAssignment",
    "diagnostic_setting": "azure-native:monitor:DiagnosticSetting",
}
OWN_NAME = {  # the argument that holds each kind's Azure name
    "account": "account_name",
    "private_endpoint": "private_endpoint_name",
    "content_filter": "rai_policy_name",
    "deployment": "deployment_name",
    "role_assignment": "role_assignment_name",
    "diagnostic_setting": "name",
}


@dataclass
class ExportedStack:
    name: str
    subscription: str
    resource_group: str
    text: str  # the stack file
    imports: dict[str, Any]  # the import file
    notes: list[Note] = field(default_factory=list)


def export(estates: list[Estate], name: str | None = None) -> list[ExportedStack]:
    """One stack per subscription and resource group; `name` names the stack when there is one (the file
    the user named, so that the import file's names are those `pulumi up -s <name>` gives)."""
    groups: dict[tuple[str, str], list[LiveAccount]] = defaultdict(list)
    for estate in estates:
        for account in estate.accounts:
            groups[(estate.subscription, account.resource_group)].append(account)
    names = _stack_names(list(groups))
    if name is not None and len(groups) == 1:
        names = dict.fromkeys(names, name)
    return [_stack(names[key], key[0], key[1], accounts) for key, accounts in sorted(groups.items())]


def _stack_names(keys: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    counts: dict[str, int] = defaultdict(int)
    for _, group in keys:
        counts[_slug(group)] += 1
    return {
        (sub, group): _slug(group) if counts[_slug(group)] == 1 else f"{_slug(group)}-{sub[:8]}"
        for sub, group in keys
    }


def _slug(group: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", group.lower()).strip("-") or "stack"


def _stack(name: str, subscription: str, group: str, accounts: list[LiveAccount]) -> ExportedStack:
    converted = convert(accounts)
    data = {
        "subscription_id": subscription,
        "location": location(accounts),
        "resource_group": {"name": group, "create": False},
    }
    text = _render(data, converted)
    exported = ExportedStack(name, subscription, group, text, {}, list(converted.notes))
    exported.imports = _imports(name, data, converted, exported.notes)
    return exported


def _render(head: dict[str, Any], converted: Converted) -> str:
    """The stack file: YAML, with each note as a comment above the account or filter it is about."""
    lines = [
        "# Written by aoai-infra export. Lines starting `# not expressed:` name live settings the stack",
        "# format cannot hold; they stay as they are in Azure.",
        _dump(head).rstrip("\n"),
    ]
    if converted.content_filters:
        lines.append("content_filters:")
        for name, content in converted.content_filters.items():
            lines += _comments(converted.notes, f"content_filters[{name}]", "  ")
            lines.append(_indent(_dump({name: content}), "  "))
    lines.append("accounts:")
    for account in converted.accounts:
        lines += _comments(converted.notes, f"accounts[{account['name']}]", "  ")
        lines.append(_indent(_dump([account]), "  "))
    return "\n".join(lines) + "\n"


def _comments(notes: list[Note], prefix: str, indent: str) -> list[str]:
    return [
        f"{indent}# not expressed: {note.where}: {_one_line(note.message)}"
        for note in notes
        if note.where == prefix or note.where.startswith(prefix + ".")
    ]


def _one_line(text: str) -> str:
    return " ".join(text.replace("\\", "\\\\").split()).encode("unicode_escape").decode("ascii")


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False, allow_unicode=False, width=110)


def _indent(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in text.rstrip("\n").split("\n"))


def _imports(name: str, head: dict[str, Any], converted: Converted, notes: list[Note]) -> dict[str, Any]:
    """The `pulumi import --file` document, from the resources provisioning would register."""
    document = {**head, "content_filters": converted.content_filters, "accounts": converted.accounts}
    try:
        spec = StackSpec.model_validate(document)
    except ValidationError as error:
        notes.append(
            Note(
                "stack",
                f"the written stack does not load ({error.error_count()} problems; "
                "see validate's findings), so no import file entries were made",
            )
        )
        return {"resources": []}
    resources: list[dict[str, Any]] = [{"type": COMPONENT_TYPE, "name": name, "component": True}]
    for resource in stack_resources(spec, is_production(name)):
        entry = _entry(resource, name, converted, notes)
        if entry is not None:
            resources.append(entry)
    return {"resources": resources}


def _entry(resource: Resource, parent: str, converted: Converted, notes: list[Note]) -> dict[str, Any] | None:
    if resource.kind == "resource_group":
        return None  # create: false
    own = str(resource.args.get(OWN_NAME.get(resource.kind, ""), ""))
    if resource.kind == "dns_zone_group":  # named the same on every endpoint: keyed by its endpoint too
        own = (
            f"{known(resource.args['private_endpoint_name'])}/{resource.args['private_dns_zone_group_name']}"
        )
    found = converted.ids.get((resource.account or "", resource.kind, own))
    if found is None:
        notes.append(Note(resource.name, f"no live {resource.kind.replace('_', ' ')} to import for it"))
        return None
    return {"type": TYPE_TOKENS[resource.kind], "name": resource.name, "id": found, "parent": parent}
