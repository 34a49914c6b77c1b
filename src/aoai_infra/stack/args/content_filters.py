"""Content filters: a stack's `content_filters` entry as a `cognitiveservices.RaiPolicy` on an account.

Category and source names follow Azure's RAI policy API (`PutRaiPolicy` example, api-version 2026-09-01,
in Azure/azure-rest-api-specs; "Indirect Attack" as Microsoft's content filter documentation names it).

Imports: aoai_infra.stack.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.stack.model import ContentFilter, FilterRule

CATEGORY_NAMES = {
    "hate": "Hate",
    "sexual": "Sexual",
    "violence": "Violence",
    "selfharm": "Selfharm",
    "jailbreak": "Jailbreak",
    "indirect_attack": "Indirect Attack",
    "protected_material_text": "Protected Material Text",
    "protected_material_code": "Protected Material Code",
    "profanity": "Profanity",
}


def rai_policy_args(name: str, content_filter: ContentFilter) -> dict[str, Any]:
    return {
        "rai_policy_name": name,
        "properties": {
            "base_policy_name": content_filter.base,
            "mode": content_filter.mode,
            "content_filters": [filter_args(rule) for rule in content_filter.filters],
        },
    }


def filter_args(rule: FilterRule) -> dict[str, Any]:
    args: dict[str, Any] = {
        "name": CATEGORY_NAMES[rule.category],
        "source": rule.source.capitalize(),
        "blocking": rule.blocking,
        "enabled": rule.enabled,
    }
    if rule.severity is not None:
        args["severity_threshold"] = rule.severity.capitalize()
    return args
