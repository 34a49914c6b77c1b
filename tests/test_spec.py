"""The stack model: every field, the secure defaults, and the checks of identifiers."""

from __future__ import annotations

import pytest

from aoai_infra.stack import identifiers as ids
from aoai_infra.stack.model import Identity
from tests.conftest import MINIMAL

SUB = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"
RG = f"/subscriptions/{SUB}/resourceGroups/rg-net/providers"
SUBNET = f"{RG}/Microsoft.Network/virtualNetworks/vnet-a/subnets/snet-pe"
ZONE = f"{RG}/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com"
WORKSPACE = f"{RG}/Microsoft.OperationalInsights/workspaces/law-a"
UAI = f"{RG}/Microsoft.ManagedIdentity/userAssignedIdentities/id-app"

EVERY_FIELD = f"""\
subscription_id: {SUB}
location: eastus
quota_tier: enterprise
quota: {{eastus: {{OpenAI.GlobalStandard.gpt-5.4: 2000}}}}
data_residency: datazone
resource_group: {{name: rg-existing, create: false}}
tags: {{env: prod}}
content_filters:
  strict:
    base: Microsoft.Default
    mode: Asynchronous_filter
    filters:
      - {{category: violence, source: completion, severity: high, blocking: false, enabled: false}}
      - {{category: protected_material_text, source: completion}}
accounts:
  - name: ais-a
    kind: AIServices
    sku: S0
    location: westus3
    custom_subdomain: contoso-a
    local_auth: true
    identity: {{system: false, user_assigned: [{UAI}]}}
    protect: false
    network:
      public_access: true
      default_action: Allow
      bypass: None
      ip_rules: [203.0.113.0/24, 198.51.100.7]
      vnet_rules: [{SUBNET}]
      private_endpoints:
        - {{subnet: {SUBNET}, dns_zones: [{ZONE}], name: pe-a}}
      restrict_outbound: false
      allowed_fqdns: [contoso.com]
    diagnostics: {{workspace: {WORKSPACE}, category_groups: [audit, allLogs], metrics: false}}
    roles:
      - {{principal: {SUB}, role: Cognitive Services OpenAI Contributor, type: Group}}
    deployments:
      - name: chat
        model: gpt-5.4
        format: OpenAI
        version: "2026-03-05"
        sku: DataZoneStandard
        capacity: 300
        upgrade: NoAutoUpgrade
        content_filter: strict
    tags: {{app: assistant}}
"""


def test_every_field_is_read(load):
    stack = load(EVERY_FIELD)
    assert stack.findings == ()
    spec = stack.spec
    assert spec is not None
    assert (spec.subscription_id, spec.location, spec.quota_tier) == (SUB, "eastus", "enterprise")
    assert spec.quota == {"eastus": {"OpenAI.GlobalStandard.gpt-5.4": 2000}}
    assert spec.data_residency == "datazone"
    assert (spec.resource_group.name, spec.resource_group.create) == ("rg-existing", False)
    assert spec.tags == {"env": "prod"}
    strict = spec.content_filters["strict"]
    assert (strict.base, strict.mode) == ("Microsoft.Default", "Asynchronous_filter")
    violence, material = strict.filters
    assert (violence.category, violence.source, violence.severity) == ("violence", "completion", "high")
    assert (violence.blocking, violence.enabled) == (False, False)
    assert (material.severity, material.blocking, material.enabled) == (None, True, True)

    account = spec.accounts[0]
    assert (account.name, account.kind, account.sku, account.location) == (
        "ais-a",
        "AIServices",
        "S0",
        "westus3",
    )
    assert spec.location_of(account) == "westus3"
    assert account.subdomain == "contoso-a"
    assert (account.local_auth, account.protect) == (True, False)
    assert account.identity == Identity(system=False, user_assigned=[UAI])
    assert account.identity.azure_type == "UserAssigned"
    network = account.network
    assert (network.public_access, network.default_action, network.bypass) == (True, "Allow", "None")
    assert network.ip_rules == ["203.0.113.0/24", "198.51.100.7"]
    assert network.vnet_rules == [SUBNET]
    endpoint = network.private_endpoints[0]
    assert (endpoint.subnet, endpoint.dns_zones, endpoint.name) == (SUBNET, [ZONE], "pe-a")
    assert (network.restrict_outbound, network.allowed_fqdns) == (False, ["contoso.com"])
    assert account.diagnostics is not None
    assert account.diagnostics.workspace == WORKSPACE
    assert (account.diagnostics.category_groups, account.diagnostics.metrics) == (["audit", "allLogs"], False)
    role = account.roles[0]
    assert (role.principal, role.role, role.type) == (SUB, "Cognitive Services OpenAI Contributor", "Group")
    deployment = account.deployments[0]
    assert (deployment.name, deployment.model, deployment.format, deployment.version) == (
        "chat",
        "gpt-5.4",
        "OpenAI",
        "2026-03-05",
    )
    assert (deployment.sku, deployment.capacity, deployment.upgrade) == (
        "DataZoneStandard",
        300,
        "NoAutoUpgrade",
    )
    assert deployment.content_filter == "strict"
    assert account.tags == {"app": "assistant"}


def test_defaults_are_secure(load):
    spec = load(MINIMAL).spec
    assert spec is not None
    account = spec.accounts[0]
    assert account.local_auth is False
    assert account.network.public_access is False
    assert account.network.default_action == "Deny"
    assert account.network.bypass == "AzureServices"
    assert account.network.restrict_outbound is True
    assert account.identity.azure_type == "SystemAssigned"
    assert (account.kind, account.sku) == ("OpenAI", "S0")
    assert spec.location_of(account) == "eastus"
    assert account.subdomain == "oai-test"
    assert account.protect is None  # decided from the stack name when provisioning
    assert (spec.quota_tier, spec.data_residency, spec.resource_group.create) == ("default", "none", True)
    deployment = account.deployments[0]
    assert (deployment.format, deployment.upgrade, deployment.content_filter) == (
        "OpenAI",
        "OnceCurrentVersionExpired",
        None,
    )


@pytest.mark.parametrize(
    ("written", "azure_type"),
    [
        ("none", "None"),
        ("system", "SystemAssigned"),
        ("{system: true}", "SystemAssigned"),
        (f"{{system: true, user_assigned: [{UAI}]}}", "SystemAssigned, UserAssigned"),
        ("{system: false}", "None"),
    ],
)
def test_identity_forms(load, written: str, azure_type: str):
    spec = load(MINIMAL.replace("    deployments:", f"    identity: {written}\n    deployments:")).spec
    assert spec is not None
    assert spec.accounts[0].identity.azure_type == azure_type


def test_top_level_x_keys_are_ignored_but_nested_ones_are_not(load):
    assert load(MINIMAL + "x-notes: {anything: [goes, here]}\n").findings == ()
    nested = load(MINIMAL.replace("    deployments:", "    x-note: hi\n    deployments:"))
    assert [f.code for f in nested.findings] == ["AOAI010"]


def test_anchors_shared_between_accounts(load):
    text = MINIMAL.replace(
        "accounts:\n", "x-net: &net {public_access: true, ip_rules: [203.0.113.0/24]}\naccounts:\n"
    )
    text = text.replace("    deployments:", "    network: *net\n    deployments:")
    spec = load(text).spec
    assert spec is not None
    assert spec.accounts[0].network.ip_rules == ["203.0.113.0/24"]


def test_quota_override_must_not_be_negative(load):
    stack = load(MINIMAL + "quota: {eastus: {OpenAI.GlobalStandard.gpt-5.4: -1}}\n")
    assert [(f.code, f.position.line, f.position.column) for f in stack.findings] == [("AOAI014", 12, 49)]


def test_more_than_fifty_tags_is_out_of_range(load):
    tags = ", ".join(f"t{i}: v" for i in range(51))
    stack = load(MINIMAL + f"tags: {{{tags}}}\n")
    assert [f.code for f in stack.findings] == ["AOAI014"]
    assert "more than 50 items" in stack.findings[0].message


def test_unknown_key_lists_allowed_keys_when_nothing_is_close(load):
    stack = load(MINIMAL.replace("    deployments:", "    zzz: 1\n    deployments:"))
    assert "allowed keys: name, kind, sku, location" in stack.findings[0].message


def test_every_error_of_a_file_is_reported(load):
    text = MINIMAL.replace("capacity: 10", "capacity: 0").replace("eastus", "eastus\nlocal: x")
    assert sorted(f.code for f in load(text).findings) == ["AOAI010", "AOAI014"]


@pytest.mark.parametrize("rule", ["203.0.113.7", "203.0.113.0/24", "0.0.0.0/0", "203.0.113.7/32"])
def test_valid_ip_rules(rule: str):
    assert ids.check_ipv4_rule(rule) == rule


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("203.0.113.7/24", "write the range as 203.0.113.0/24"),
        ("2001:db8::/32", "IPv6"),
        ("203.0.113.300", "not an IPv4 address"),
        ("203.0.113.0/33", "not an IPv4 address"),
        ("", "not an IPv4 address"),
    ],
)
def test_invalid_ip_rules(value: str, problem: str):
    with pytest.raises(Exception, match=problem):
        ids.check_ipv4_rule(value)


@pytest.mark.parametrize(
    "value",
    [
        SUBNET,
        SUBNET.replace("resourceGroups", "resourcegroups").replace("Microsoft.Network", "microsoft.network"),
    ],
)
def test_valid_subnet_ids_are_case_insensitive(value: str):
    assert ids.SUBNET.check(value) == value


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("snet-pe", "must start with /subscriptions/"),
        (SUBNET.replace(SUB, "my-sub"), "'my-sub' is not a subscription GUID"),
        (SUBNET.replace("resourceGroups/rg-net", "groups/rg-net"), "resource group part"),
        (SUBNET.replace("Microsoft.Network", "Microsoft.Compute"), "provider must be Microsoft.Network"),
        (SUBNET + "/extra/x", "must have 10 segments, not 12"),
        (SUBNET.replace("/subnets/", "/subnet/"), "'subnet' should be 'subnets'"),
        (SUBNET.replace("snet-pe", "snet pe"), "name is empty or contains spaces"),
        (SUBNET.replace("rg-net", "rg-net."), "resource group part"),
    ],
)
def test_malformed_subnet_ids(value: str, problem: str):
    with pytest.raises(Exception, match=problem) as error:
        ids.SUBNET.check(value)
    assert ids.SUBNET.example in str(error.value)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (ids.PRIVATE_DNS_ZONE, ZONE),
        (ids.LOG_ANALYTICS_WORKSPACE, WORKSPACE),
        (ids.USER_ASSIGNED_IDENTITY, UAI),
    ],
)
def test_resource_id_kinds_accept_their_own_ids_only(kind: ids.ResourceType, value: str):
    assert kind.check(value) == value
    with pytest.raises(Exception, match="malformed"):
        kind.check(SUBNET)


@pytest.mark.parametrize("value", [SUB, SUB.upper()])
def test_guids(value: str):
    assert ids.check_guid(value) == value


@pytest.mark.parametrize("value", ["", SUB[:-1], SUB + "0", "{" + SUB + "}", SUB.replace("-", "")])
def test_not_guids(value: str):
    with pytest.raises(Exception, match="is not a GUID"):
        ids.check_guid(value)


def test_empty_values_point_at_their_key_and_advise_by_requiredness(load):
    text = MINIMAL.replace("location: eastus", "location:").replace(
        "    deployments:", "    network:\n    deployments:"
    )
    findings = [(f.code, f.position.line, f.position.column, f.message) for f in load(text).findings]
    assert findings == [
        ("AOAI012", 2, 1, "location has no value; give it text"),
        ("AOAI012", 6, 5, "network has no value; give it a mapping of keys or remove the key"),
    ]


def test_declared_usage_out_of_range_is_located_with_the_bound_the_format_sets(load):
    usage = "        usage: {input_tokens_per_month: -5, cached_fraction: 1.5}\n"
    stack = load(MINIMAL + usage)
    found = [(f.code, f.position.line, f.message) for f in stack.findings]
    assert found == [
        ("AOAI014", 12, "input_tokens_per_month must be at least 0, not -5"),
        ("AOAI014", 12, "cached_fraction must be at most 1.0, not 1.5; lower it"),
    ]  # a fraction's bound is the format's, not one Azure sets


def test_capacity_past_what_azure_takes_says_so(load):
    stack = load(MINIMAL.replace("capacity: 10", "capacity: 2147483648"))
    assert stack.findings[0].message.endswith(", the largest Azure takes; lower it")
