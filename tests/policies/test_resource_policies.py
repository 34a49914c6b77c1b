"""Each resource policy: a compliant resource passes the whole pack, and breaking one thing makes exactly
that policy report, with a message that names the fix (as pulumi/compliance-policies tests them)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policies.helpers import (
    ACCOUNT,
    COMPLIANT_ACCOUNT,
    COMPLIANT_DEPLOYMENT,
    DEPLOYMENT,
    UNKNOWN,
    edited,
    violated,
)


def _set(path: str, value: Any):
    def edit(props: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for key in parents:
            props = props.setdefault(key, {})
        if value is _DELETE:
            del props[last]
        else:
            props[last] = value

    return edit


_DELETE = object()

# (policy, resource, what is broken, config of that policy, stack, a phrase of the message)
BROKEN = [
    (
        "aoai-account-local-auth-disabled",
        ACCOUNT,
        _set("properties.disableLocalAuth", False),
        None,
        "prod-eastus",
        "accepts API keys (properties.disableLocalAuth is false); set properties.disableLocalAuth to true",
    ),
    (
        "aoai-account-local-auth-disabled",
        ACCOUNT,
        _set("properties.disableLocalAuth", _DELETE),
        None,
        "dev",
        "is not set (Azure's default keeps keys on)",
    ),
    (
        "aoai-account-network-restricted",
        ACCOUNT,
        _set("properties.publicNetworkAccess", "Enabled"),
        None,
        "dev",
        "its ACL denies every address (no ipRules or virtualNetworkRules); set publicNetworkAccess",
    ),
    (
        "aoai-account-network-restricted",
        ACCOUNT,
        lambda p: (p["properties"].pop("publicNetworkAccess"), p["properties"].pop("networkAcls")),
        None,
        "dev",
        "reachable from any network (publicNetworkAccess is not Disabled and networkAcls.defaultAction is",
    ),
    (
        "aoai-account-custom-subdomain",
        ACCOUNT,
        _set("properties.customSubDomainName", _DELETE),
        None,
        "dev",
        "has no custom subdomain; set properties.customSubDomainName",
    ),
    (
        "aoai-account-managed-identity",
        ACCOUNT,
        _set("identity.type", "None"),
        None,
        "dev",
        "has no managed identity (identity.type is None)",
    ),
    (
        "aoai-account-managed-identity",
        ACCOUNT,
        _set("identity.type", "UserAssigned"),
        None,
        "dev",
        "has identity.type UserAssigned but no userAssignedIdentities",
    ),
    (
        "aoai-account-outbound-restricted",
        ACCOUNT,
        _set("properties.restrictOutboundNetworkAccess", False),
        None,
        "prod-eastus",
        "set properties.restrictOutboundNetworkAccess to true",
    ),
    (
        "aoai-account-outbound-restricted",
        ACCOUNT,
        _set("properties.restrictOutboundNetworkAccess", False),
        {"prodStacks": "^(prd|live)-"},
        "live-eu",
        "production account 'oai-prod-eastus-01' may call out",
    ),
    (
        "aoai-account-allowed-regions",
        ACCOUNT,
        _set("location", "westus"),
        {"allowedRegions": ["eastus", "swedencentral"]},
        "dev",
        "is in 'westus', which is not an allowed region; use one of: eastus, swedencentral",
    ),
    (
        "aoai-deployment-allowed-models",
        DEPLOYMENT,
        _set("properties.model.name", "gpt-4o"),
        {"allowedModels": ["gpt-5.4"]},
        "dev",
        "uses gpt-4o 2026-03-05, which is not an approved model",
    ),
    (
        "aoai-deployment-allowed-models",
        DEPLOYMENT,
        _set("properties.model.version", "2025-01-01"),
        {"allowedModels": ["gpt-5.4@2026-03-05"]},
        "dev",
        "uses gpt-5.4 2025-01-01",
    ),
    (
        "aoai-deployment-allowed-types",
        DEPLOYMENT,
        _set("sku.name", "GlobalStandard"),
        {"dataResidency": "datazone"},
        "dev",
        "uses GlobalStandard, which may process data outside what dataResidency datazone allows",
    ),
    (
        "aoai-deployment-allowed-types",
        DEPLOYMENT,
        _set("sku.name", "DataZoneStandard"),
        {"dataResidency": "region"},
        "dev",
        "use Standard or ProvisionedManaged instead",
    ),
    (
        "aoai-deployment-allowed-types",
        DEPLOYMENT,
        _set("sku.name", "Standard"),
        {"allowedTypes": ["GlobalStandard", "DataZoneStandard"]},
        "dev",
        "is not an allowed deployment type",
    ),
    (
        "aoai-deployment-max-capacity",
        DEPLOYMENT,
        _set("sku.capacity", 1500.0),
        None,
        "dev",
        "asks for 1500 of GlobalStandard, more than the 1000 allowed per deployment",
    ),
    (
        "aoai-deployment-max-capacity",
        DEPLOYMENT,
        _set("sku.capacity", 300.0),
        {"maxCapacityByType": {"globalstandard": 250}},
        "dev",
        "more than the 250 allowed",
    ),
    (
        "aoai-deployment-content-filter",
        DEPLOYMENT,
        _set("properties.raiPolicyName", _DELETE),
        None,
        "prod-eastus",
        "production deployment 'oai-prod-eastus-01/chat' names no content filter",
    ),
    (
        "aoai-deployment-content-filter",
        DEPLOYMENT,
        _set("properties.raiPolicyName", "Microsoft.DefaultV2"),
        {"allowBuiltIn": False},
        "prod-eastus",
        "uses Azure's built-in filter Microsoft.DefaultV2",
    ),
    (
        "aoai-deployment-version-upgrade",
        DEPLOYMENT,
        _set("properties.versionUpgradeOption", "NoAutoUpgrade"),
        None,
        "dev",
        "stops working when that version retires; set properties.versionUpgradeOption",
    ),
]


def _compliant(token: str) -> dict[str, Any]:
    return COMPLIANT_ACCOUNT if token == ACCOUNT else COMPLIANT_DEPLOYMENT


@pytest.mark.parametrize("token", [ACCOUNT, DEPLOYMENT])
@pytest.mark.parametrize("stack", ["prod-eastus", "dev"])
def test_a_compliant_resource_passes_the_whole_pack(token, stack):
    assert violated(token, _compliant(token), stack=stack) == {}


@pytest.mark.parametrize(("policy", "token", "edit", "config", "stack", "phrase"), BROKEN)
def test_breaking_one_thing_gives_exactly_that_violation(policy, token, edit, config, stack, phrase):
    broken = edited(_compliant(token), edit)
    found = violated(token, broken, stack=stack, config={policy: config} if config else None)
    assert list(found) == [policy]
    (message,) = found[policy]
    assert phrase in message


@pytest.mark.parametrize(
    ("policy", "token", "edit", "config", "stack"),
    [
        # Public access with a deny-by-default ACL and explicit rules is allowed.
        (
            "aoai-account-network-restricted",
            ACCOUNT,
            lambda p: p["properties"].update(
                publicNetworkAccess="Enabled",
                networkAcls={"defaultAction": "Deny", "ipRules": [{"value": "203.0.113.0/24"}]},
            ),
            None,
            "dev",
        ),
        (
            "aoai-account-allowed-regions",
            ACCOUNT,
            _set("location", "East US"),
            {"allowedRegions": ["eastus"]},
            "dev",
        ),
        (
            "aoai-account-managed-identity",
            ACCOUNT,
            _set(
                "identity",
                {"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": ["/subscriptions/x/id"]},
            ),
            None,
            "dev",
        ),
        (
            "aoai-deployment-allowed-models",
            DEPLOYMENT,
            _set("properties.model.name", "gpt-5.4"),
            {"allowedModels": ["gpt-5.4@2026-03-05"]},
            "dev",
        ),
        (
            "aoai-deployment-allowed-types",
            DEPLOYMENT,
            _set("sku.name", "DataZoneStandard"),
            {"dataResidency": "datazone"},
            "dev",
        ),
        ("aoai-deployment-max-capacity", DEPLOYMENT, _set("sku.capacity", 1000.0), None, "dev"),
        # Automatic upgrades exist only for the Standard types: provisioned deployments may pin.
        (
            "aoai-deployment-version-upgrade",
            DEPLOYMENT,
            lambda p: (
                p["sku"].update(name="GlobalProvisionedManaged"),
                p["properties"].update(versionUpgradeOption="NoAutoUpgrade"),
            ),
            None,
            "dev",
        ),
        (
            "aoai-deployment-version-upgrade",
            DEPLOYMENT,
            _set("properties.versionUpgradeOption", "NoAutoUpgrade"),
            {"exemptModels": ["gpt-5.4"]},
            "dev",
        ),
        (
            "aoai-deployment-content-filter",
            DEPLOYMENT,
            _set("properties.raiPolicyName", _DELETE),
            None,
            "dev",
        ),
        (
            "aoai-account-outbound-restricted",
            ACCOUNT,
            _set("properties.restrictOutboundNetworkAccess", False),
            None,
            "staging",
        ),
    ],
)
def test_what_a_policy_allows_passes(policy, token, edit, config, stack):
    changed = edited(_compliant(token), edit)
    assert violated(token, changed, stack=stack, config={policy: config} if config else None) == {}


def test_versioned_resource_types_are_checked_too():
    versioned = "azure-native:cognitiveservices/v20250601:Account"
    broken = edited(COMPLIANT_ACCOUNT, _set("properties.disableLocalAuth", False))
    assert list(violated(versioned, broken)) == ["aoai-account-local-auth-disabled"]


def test_other_resource_types_are_left_alone():
    assert violated("azure-native:storage:StorageAccount", {"properties": {"disableLocalAuth": False}}) == {}


def test_a_value_unknown_during_preview_is_not_judged():
    """As the runtime does, reading an unknown value stops the policy instead of guessing."""
    computed = edited(COMPLIANT_ACCOUNT, _set("properties.customSubDomainName", UNKNOWN))
    found = violated(ACCOUNT, computed)
    assert found == {
        "aoai-account-custom-subdomain": [
            "can't run during preview: "
            "string value at .properties.customSubDomainName can't be known during preview"
        ]
    }
    computed_rule = edited(
        COMPLIANT_ACCOUNT,
        lambda p: p["properties"].update(
            publicNetworkAccess="Enabled", networkAcls={"defaultAction": "Deny", "ipRules": [UNKNOWN]}
        ),
    )
    assert violated(ACCOUNT, computed_rule) == {}
    computed_name = edited(COMPLIANT_DEPLOYMENT, _set("accountName", UNKNOWN))
    assert violated(DEPLOYMENT, computed_name) == {}


def test_settings_of_the_wrong_type_fail_loudly():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="maxCapacity"):
        violated(
            DEPLOYMENT, COMPLIANT_DEPLOYMENT, config={"aoai-deployment-max-capacity": {"maxCapacity": "lots"}}
        )
