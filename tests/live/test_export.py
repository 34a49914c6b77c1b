"""`aoai-infra export` against the ARM emulator: a live estate becomes a stack file that validates, plans as
itself, and whose import file names what provisioning registers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from aoai_infra.provision.component import AzureOpenAIStack
from aoai_infra.stack.load import load_stack
from aoai_infra.stack.naming import role_assignment_name
from aoai_infra.stack.roles import role_definition_guid
from tests.conftest import run_cli
from tests.live.conftest import FAST, LIVE_ENV, SUBSCRIPTION
from tests.live.emulator import ArmEmulator
from tests.provision.harness import run_program

GROUP = "rg-prod"
ACCOUNT_ID = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices/accounts"
)
LAW = "providers/Microsoft.OperationalInsights/workspaces/law"
WORKSPACE = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/ops/{LAW}"
PRINCIPAL = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
USER_ROLE = "Cognitive Services OpenAI User"


def account(name: str, **properties: Any) -> dict[str, Any]:
    """An account in the REST shape of Azure's GetAccount example (2026-09-01), with the properties given."""
    return {
        "id": f"{ACCOUNT_ID}/{name}",
        "name": name,
        "type": "Microsoft.CognitiveServices/accounts",
        "kind": "OpenAI",
        "location": "eastus",
        "sku": {"name": "S0"},
        "identity": {"type": "SystemAssigned", "principalId": PRINCIPAL, "tenantId": PRINCIPAL},
        "tags": {"env": "prod"},
        "properties": {
            "customSubDomainName": name,
            "endpoint": f"https://{name}.openai.azure.com/",
            "provisioningState": "Succeeded",
            "publicNetworkAccess": "Enabled",
            "networkAcls": {"defaultAction": "Allow", "ipRules": [], "virtualNetworkRules": []},
            "disableLocalAuth": True,
            **properties,
        },
    }


def deployment(account_name: str, name: str, capacity: int, **properties: Any) -> dict[str, Any]:
    return {
        "id": f"{ACCOUNT_ID}/{account_name}/deployments/{name}",
        "name": name,
        "type": "Microsoft.CognitiveServices/accounts/deployments",
        "sku": {"name": "GlobalStandard", "capacity": capacity},
        "properties": {
            "model": {"format": "OpenAI", "name": "gpt-5.4", "version": "2026-03-05"},
            "versionUpgradeOption": "OnceNewDefaultVersionAvailable",
            "provisioningState": "Succeeded",
            **properties,
        },
    }


def rai_policy(account_name: str, name: str) -> dict[str, Any]:
    """In the shape of Azure's ListRaiPolicies example."""
    return {
        "id": f"{ACCOUNT_ID}/{account_name}/raiPolicies/{name}",
        "name": name,
        "properties": {
            "basePolicyName": "Microsoft.DefaultV2",
            "mode": "Asynchronous_filter",
            "contentFilters": [
                {
                    "name": "Hate",
                    "blocking": True,
                    "enabled": True,
                    "severityThreshold": "Low",
                    "source": "Prompt",
                },
                {"name": "Jailbreak", "blocking": True, "enabled": True, "source": "Prompt"},
            ],
        },
    }


def role_assignment(account_name: str, name: str) -> dict[str, Any]:
    scope = f"{ACCOUNT_ID}/{account_name}"
    guid = role_definition_guid(USER_ROLE)
    return {
        "id": f"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}",
        "name": name,
        "type": "Microsoft.Authorization/roleAssignments",
        "properties": {
            "roleDefinitionId": (
                f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{guid}"
            ),
            "principalId": PRINCIPAL,
            "principalType": "Group",
            "scope": scope,
        },
    }


NET = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network"
ZONE = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones"


def serve_endpoint(arm: ArmEmulator, name: str, account_name: str, subnet: str = "pe") -> str:
    """A private endpoint in the shape of Azure's PrivateEndpointGet example (network 2024-05-01), and
    its DNS zone group (PrivateDnsZoneGroupGet)."""
    endpoint_id = f"{NET}/privateEndpoints/{name}"
    connection = {
        "name": name,
        "properties": {"privateLinkServiceId": f"{ACCOUNT_ID}/{account_name}", "groupIds": ["account"]},
    }
    arm.resources[endpoint_id.lower()] = {
        "id": endpoint_id,
        "name": name,
        "type": "Microsoft.Network/privateEndpoints",
        "location": "eastus",
        "properties": {
            "subnet": {"id": f"{NET}/virtualNetworks/vnet/subnets/{subnet}"},
            "privateLinkServiceConnections": [connection],
            "provisioningState": "Succeeded",
        },
    }
    config = {
        "name": "privatelink-openai-azure-com",
        "properties": {"privateDnsZoneId": f"{ZONE}/privatelink.openai.azure.com"},
    }
    arm.zone_groups[endpoint_id.lower()] = [
        {
            "id": f"{endpoint_id}/privateDnsZoneGroups/default",
            "name": "default",
            "properties": {"privateDnsZoneConfigs": [config]},
        }
    ]
    return endpoint_id


def serve_estate(arm: ArmEmulator) -> None:
    pe = serve_endpoint(arm, "pe-oai-prod", "oai-prod")
    arm.accounts = [
        account(
            "oai-prod",
            privateEndpointConnections=[{"id": "x", "properties": {"privateEndpoint": {"id": pe}}}],
        ),
        account("oai-keys", disableLocalAuth=False, encryption={"keySource": "Microsoft.KeyVault"}),
    ]
    arm.deployments[f"{GROUP}/oai-prod"] = [
        deployment("oai-prod", "chat", 100, raiPolicyName="strict"),
        deployment("oai-prod", "legacy", 10, versionUpgradeOption="NoAutoUpgrade"),
    ]
    arm.deployments[f"{GROUP}/oai-keys"] = [deployment("oai-keys", "chat", 20)]
    arm.rai_policies[f"{GROUP}/oai-prod"] = [
        rai_policy("oai-prod", "strict"),
        {**rai_policy("oai-prod", "Microsoft.DefaultV2"), "properties": {"type": "SystemManaged"}},
    ]
    guid = role_definition_guid(USER_ROLE)
    assert guid is not None
    ours = role_assignment_name(f"{ACCOUNT_ID}/oai-prod", PRINCIPAL, guid)
    arm.role_assignments[f"{GROUP}/oai-prod"] = [
        role_assignment("oai-prod", ours),
        role_assignment("oai-prod", "0f0e0d0c-0b0a-4909-8807-060504030201"),
    ]
    arm.diagnostic_settings[f"{GROUP}/oai-prod"] = [
        {
            "id": f"{ACCOUNT_ID}/oai-prod/providers/Microsoft.Insights/diagnosticSettings/aoai-infra",
            "name": "aoai-infra",
            "properties": {
                "workspaceId": WORKSPACE,
                "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                "metrics": [{"category": "AllMetrics", "enabled": True}],
            },
        }
    ]


def export(arm: ArmEmulator, tmp_path: Path, *args: str) -> Any:
    return run_cli(
        "export", "--subscription", SUBSCRIPTION, "--arm-endpoint", arm.url, *FAST, *args,
        cwd=tmp_path, env=LIVE_ENV,
    )  # fmt: skip


def test_an_estate_becomes_a_stack_that_validates_with_what_it_cannot_say(arm: ArmEmulator, tmp_path: Path):
    serve_estate(arm)
    done = export(arm, tmp_path, "--out", "prod.yaml", "--import-file", "prod.import.json")
    assert done.returncode in (0, 1), done.stderr
    text = (tmp_path / "prod.yaml").read_text()
    data = yaml.safe_load(text)
    assert data["resource_group"] == {"name": GROUP, "create": False}
    keys, prod = (
        {a["name"]: a for a in data["accounts"]}["oai-keys"],
        {a["name"]: a for a in data["accounts"]}["oai-prod"],
    )
    # Public access and keys that are on stay on: an export never makes pulumi up change them.
    assert prod["network"]["public_access"] is True
    assert (prod["local_auth"], keys["local_auth"]) == (False, True)
    assert prod["diagnostics"] == {"workspace": WORKSPACE, "category_groups": ["allLogs"], "metrics": True}
    assert prod["roles"] == [{"principal": PRINCIPAL, "role": USER_ROLE, "type": "Group"}]
    assert prod["network"]["private_endpoints"] == [
        {
            "subnet": f"{NET}/virtualNetworks/vnet/subnets/pe",
            "dns_zones": [f"{ZONE}/privatelink.openai.azure.com"],
            "name": "pe-oai-prod",
            "resource_group": "rg-net",
        }
    ]
    assert data["content_filters"]["strict"]["filters"] == [
        {"category": "hate", "source": "prompt", "severity": "low"},
        {"category": "jailbreak", "source": "prompt"},
    ]
    chat = prod["deployments"][0]
    assert (chat["upgrade"], chat["content_filter"], chat["capacity"]) == (
        "OnceNewDefaultVersionAvailable",
        "strict",
        100,
    )
    # Every setting the format cannot hold is a comment at its place, and in the output.
    for expected in (
        "accounts[oai-keys]: customer-managed keys (encryption) cannot be expressed",
        "accounts[oai-prod].roles: role assignment 0f0e0d0c-0b0a-4909-8807-060504030201",
    ):
        assert f"# not expressed: {expected}" in text
        assert expected in done.stdout
    assert "validate of the written files:" in done.stdout
    assert load_stack(tmp_path / "prod.yaml").spec is not None


def test_the_import_file_names_what_provisioning_registers(arm: ArmEmulator, tmp_path: Path):
    serve_estate(arm)
    done = export(arm, tmp_path, "--out", "prod.yaml", "--import-file", "prod.import.json")
    assert done.returncode in (0, 1), done.stderr
    imports = json.loads((tmp_path / "prod.import.json").read_text())["resources"]
    assert imports[0] == {"type": "aoai-infra:index:AzureOpenAIStack", "name": "prod", "component": True}
    spec = load_stack(tmp_path / "prod.yaml").spec
    assert spec is not None
    recording = run_program(lambda: AzureOpenAIStack("prod", spec, production=True), stack="prod")
    assert recording.error is None, recording.errors()
    registered = {
        (r.type, r.name) for r in recording.registrations.values() if not r.type.startswith("pulumi:")
    }
    assert {(entry["type"], entry["name"]) for entry in imports} == registered  # the component too
    by_name = {entry["name"]: entry for entry in imports}
    assert by_name["oai-prod/chat"]["id"] == f"{ACCOUNT_ID}/oai-prod/deployments/chat"
    assert all(entry.get("parent") == "prod" for entry in imports[1:])


def test_exporting_again_plans_no_change(arm: ArmEmulator, tmp_path: Path):
    serve_estate(arm)
    export(arm, tmp_path, "--out", "first.yaml")
    export(arm, tmp_path, "--out", "second.yaml")
    done = run_cli("plan", str(tmp_path / "first.yaml"), str(tmp_path / "second.yaml"), "--format", "json")
    assert json.loads(done.stdout)["summary"]["create"] == 0
    assert json.loads(done.stdout)["changes"] == []


def test_one_stack_per_resource_group_with_output_dir(arm: ArmEmulator, tmp_path: Path):
    serve_estate(arm)
    other = account("oai-dev")
    other["id"] = other["id"].replace(f"/resourceGroups/{GROUP}/", "/resourceGroups/rg-dev/")
    arm.accounts.append(other)
    refused = export(arm, tmp_path, "--out", "all.yaml")
    assert refused.returncode == 2
    assert "the accounts are in 2 resource groups (rg-dev, rg-prod); use --output-dir" in refused.stderr
    done = export(arm, tmp_path, "--output-dir", "stacks")
    assert done.returncode in (0, 1), done.stderr
    assert sorted(path.name for path in (tmp_path / "stacks").iterdir()) == [
        "rg-dev.import.json", "rg-dev.yaml", "rg-prod.import.json", "rg-prod.yaml",
    ]  # fmt: skip


def test_a_part_that_cannot_be_read_is_reported_not_dropped(arm: ArmEmulator, tmp_path: Path):
    from tests.live.emulator import forbidden

    serve_estate(arm)
    arm.fail(
        f"roleassignments:{GROUP}/oai-prod".lower(),
        forbidden("Microsoft.Authorization/roleAssignments/read"),
        always=True,
    )
    done = export(arm, tmp_path, "--out", "prod.yaml")
    assert done.returncode in (0, 1), done.stderr
    assert "accounts[oai-prod]: its role assignments could not be read" in done.stdout


def test_hostile_answers_stop_the_export_with_what_was_wrong(arm: ArmEmulator, tmp_path: Path):
    serve_estate(arm)
    arm.accounts[0]["id"] = arm.accounts[0]["id"].replace(
        SUBSCRIPTION, "00000000-0000-4000-8000-000000000000"
    )
    arm.accounts[0]["id"] += "\x1b[2J"
    done = export(arm, tmp_path, "--out", "prod.yaml")
    assert done.returncode == 2
    assert "an account id that is not of this subscription" in done.stderr
    assert "\x1b" not in done.stderr
    assert not (tmp_path / "prod.yaml").exists()
    arm.link_base = "https://evil.example.com"
    arm.page_size = 1
    serve_estate(arm)
    done = export(arm, tmp_path, "--out", "prod.yaml")
    assert done.returncode == 2
    assert "evil.example.com" in done.stderr
    assert not (tmp_path / "prod.yaml").exists()


def test_a_malformed_answer_for_one_part_is_reported_for_that_account(arm: ArmEmulator, tmp_path: Path):
    from tests.live.emulator import Fault

    serve_estate(arm)
    key = f"diagnosticsettings:{GROUP}/oai-prod".lower()
    arm.fail(key, Fault(200, body=b'{"value": 7}'), always=True)
    done = export(arm, tmp_path, "--out", "prod.yaml")
    assert done.returncode in (0, 1), done.stderr
    assert "accounts[oai-prod]: its diagnostic settings could not be read: " in done.stdout
    assert (
        "diagnostics"
        not in {a["name"]: a for a in yaml.safe_load((tmp_path / "prod.yaml").read_text())["accounts"]}[
            "oai-prod"
        ]
    )


def test_export_needs_one_place_to_write(tmp_path: Path):
    done = run_cli("export", "--out", "a.yaml", "--output-dir", "d", cwd=tmp_path, env=LIVE_ENV)
    assert done.returncode == 2
    assert "name one place to write: --out FILE for one resource group, or --output-dir DIR" in done.stderr


def test_drift_of_files_that_cannot_be_read_asks_azure_nothing(tmp_path: Path):
    done = run_cli("drift", "missing.yaml", cwd=tmp_path, env=LIVE_ENV)  # no endpoint: Azure itself
    assert done.returncode == 2
    assert "could not read: no such file" in done.stdout
    assert "credential" not in done.stderr.lower()
