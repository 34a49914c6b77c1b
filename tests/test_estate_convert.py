"""Live settings the stack format cannot express are reported where they are, one by one, never dropped."""

from __future__ import annotations

from typing import Any

import pytest

from aoai_infra.estate.convert import (
    ACCOUNT_SETTINGS_NOT_EXPRESSED,
    DEPLOYMENT_SETTINGS_NOT_EXPRESSED,
    convert,
)
from aoai_infra.live.estate import LiveAccount

SUB = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"
KEPT = "cannot be expressed in a stack file; it stays as it is"
ID = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai"


def live(properties: dict[str, Any] | None = None, **parts: Any) -> LiveAccount:
    data = {
        "id": ID,
        "name": "oai",
        "kind": "OpenAI",
        "location": "eastus",
        "properties": {"custom_sub_domain_name": "oai", **(properties or {})},
    }
    return LiveAccount(ID, SUB, "rg", "oai", data, **parts)


def deployment(**properties: Any) -> dict[str, Any]:
    model = {"format": "OpenAI", "name": "gpt-5.4", "version": "2026-03-05"}
    return {
        "name": "chat",
        "sku": {"name": "GlobalStandard", "capacity": 10},
        "properties": {"model": model, **properties},
    }


@pytest.mark.parametrize("setting", sorted(ACCOUNT_SETTINGS_NOT_EXPRESSED))
def test_each_account_setting_the_format_cannot_hold_is_a_note(setting: str):
    notes = convert([live({setting: {"set": True}})]).notes
    assert [(note.where, note.message) for note in notes] == [
        (
            "accounts[oai]",
            f"{ACCOUNT_SETTINGS_NOT_EXPRESSED[setting]} {KEPT}",
        )
    ]


@pytest.mark.parametrize("setting", sorted(DEPLOYMENT_SETTINGS_NOT_EXPRESSED))
def test_each_deployment_setting_the_format_cannot_hold_is_a_note(setting: str):
    notes = convert([live(deployments=[deployment(**{setting: "set"})])]).notes
    assert [(note.where, note.message) for note in notes] == [
        ("accounts[oai].deployments[chat]",
         f"{DEPLOYMENT_SETTINGS_NOT_EXPRESSED[setting]} {KEPT}")
    ]  # fmt: skip


def test_an_account_without_a_subdomain_a_blocklist_and_an_unknown_category_are_notes():
    policy = {
        "name": "strict",
        "properties": {
            "content_filters": [{"name": "Sentiment", "source": "Prompt"}],
            "custom_blocklists": [{"blocklist_name": "words"}],
        },
    }
    account = live({"custom_sub_domain_name": None}, rai_policies=[policy])
    messages = [note.message for note in convert([account]).notes]
    assert any(message.startswith("has no custom subdomain") for message in messages)
    assert "the filter category 'Sentiment' is not one the format knows" in messages
    assert "custom blocklists cannot be expressed in a stack file; they stay as they are" in messages


def test_public_access_keys_and_outbound_access_keep_their_live_values():
    account = convert([live({"disable_local_auth": False})]).accounts[0]
    assert account["local_auth"] is True
    assert account["network"]["public_access"] is True  # Azure's default when publicNetworkAccess is absent
    assert account["network"]["restrict_outbound"] is False
    assert account["network"]["default_action"] == "Allow"
