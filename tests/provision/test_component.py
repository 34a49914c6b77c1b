"""The example stacks under Pulumi mocks: what is registered, with which inputs, in which order."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml

from aoai_infra.provision import run
from tests.conftest import REPO
from tests.provision.conftest import EXAMPLES
from tests.provision.harness import Recording, longest_chain, run_program, waits_for

ACCOUNT = "azure-native:cognitiveservices:Account"
DEPLOYMENT = "azure-native:cognitiveservices:Deployment"
RAI_POLICY = "azure-native:cognitiveservices:RaiPolicy"
PRIVATE_ENDPOINT = "azure-native:network:PrivateEndpoint"
DNS_ZONE_GROUP = "azure-native:network:PrivateDnsZoneGroup"
ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment"
DIAGNOSTIC_SETTING = "azure-native:monitor:DiagnosticSetting"
RESOURCE_GROUP = "azure-native:resources:ResourceGroup"
COMPONENT = "aoai-infra:index:AzureOpenAIStack"
PROVIDER = "pulumi:providers:azure-native"
SUB = "0c9a8b7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"
PROD_TAGS = {"env": "prod", "owner": "platform", "cost-center": "4711"}


def provision(stack: str, today: datetime.date, root: Path = REPO, *, preview: bool = False) -> Recording:
    recording = run_program(
        lambda: run(stack, None, cwd=root / "infra", today=today), stack=stack, preview=preview
    )
    assert recording.error is None, recording.errors()
    return recording


def counts(recording: Recording) -> dict[str, int]:
    found: dict[str, int] = {}
    for registration in recording.registrations.values():
        found[registration.type] = found.get(registration.type, 0) + 1
    return found


@pytest.mark.parametrize(
    ("stack", "expected"),
    [
        ("dev", {COMPONENT: 1, PROVIDER: 1, RESOURCE_GROUP: 1, ACCOUNT: 1, DEPLOYMENT: 2, ROLE_ASSIGNMENT: 1,
                 DIAGNOSTIC_SETTING: 1}),
        (
            "prod-eastus",
            {COMPONENT: 1, PROVIDER: 1, RESOURCE_GROUP: 1, ACCOUNT: 2, RAI_POLICY: 2, DEPLOYMENT: 4,
             PRIVATE_ENDPOINT: 2, DNS_ZONE_GROUP: 2, ROLE_ASSIGNMENT: 2, DIAGNOSTIC_SETTING: 2},
        ),
        (
            "prod-swedencentral",
            {COMPONENT: 1, PROVIDER: 1, RESOURCE_GROUP: 1, ACCOUNT: 1, RAI_POLICY: 1, DEPLOYMENT: 3,
             PRIVATE_ENDPOINT: 1, DNS_ZONE_GROUP: 1, ROLE_ASSIGNMENT: 1, DIAGNOSTIC_SETTING: 1},
        ),
    ],
)  # fmt: skip
def test_each_example_registers_what_it_declares(stack, expected, catalog_date):
    assert counts(provision(stack, catalog_date)) == expected


def test_account_inputs_spell_the_secure_defaults_the_way_azure_does(catalog_date):
    account = provision("prod-eastus", catalog_date).named("oai-prod-eastus-01")
    assert account.inputs == {
        "accountName": "oai-prod-eastus-01",
        "resourceGroupName": "rg-aoai-prod-eastus",
        "kind": "OpenAI",
        "sku": {"name": "S0"},
        "location": "eastus",
        "identity": {"type": "SystemAssigned"},
        "properties": {
            "customSubDomainName": "contoso-prod-eastus-01",
            "disableLocalAuth": True,
            "publicNetworkAccess": "Disabled",
            "networkAcls": {
                "defaultAction": "Deny",
                "bypass": "AzureServices",
                "ipRules": [{"value": "198.51.100.0/24"}, {"value": "203.0.113.10"}],
                "virtualNetworkRules": [],
            },
            "restrictOutboundNetworkAccess": True,
        },
        "tags": PROD_TAGS,
    }


def test_dev_account_opens_the_public_endpoint_to_its_ip_rule_only(catalog_date):
    properties = provision("dev", catalog_date).named("oai-dev-eastus-01").inputs["properties"]
    assert properties["publicNetworkAccess"] == "Enabled"
    assert properties["networkAcls"]["defaultAction"] == "Deny"
    assert properties["networkAcls"]["ipRules"] == [{"value": "203.0.113.0/24"}]
    assert properties["disableLocalAuth"] is True


def test_deployment_inputs(catalog_date):
    deployment = provision("prod-eastus", catalog_date).named("oai-prod-eastus-01/chat-provisioned")
    assert deployment.inputs == {
        "accountName": "oai-prod-eastus-01",
        "resourceGroupName": "rg-aoai-prod-eastus",
        "deploymentName": "chat-provisioned",
        "sku": {"name": "GlobalProvisionedManaged", "capacity": 15},
        "properties": {
            "model": {"format": "OpenAI", "name": "gpt-5.4", "version": "2026-03-05"},
            "raiPolicyName": "strict",
            "versionUpgradeOption": "NoAutoUpgrade",
        },
    }


def test_a_deployment_without_a_filter_names_no_rai_policy(catalog_date):
    deployment = provision("dev", catalog_date).named("oai-dev-eastus-01/embeddings")
    assert "raiPolicyName" not in deployment.inputs["properties"]
    assert deployment.inputs["properties"]["versionUpgradeOption"] == "OnceCurrentVersionExpired"


def test_a_built_in_filter_is_named_but_not_created(catalog_date):
    recording = provision("prod-eastus", catalog_date)
    deployment = recording.named("oai-prod-eastus-01/embeddings")
    assert deployment.inputs["properties"]["raiPolicyName"] == "Microsoft.DefaultV2"
    assert all("Microsoft" not in r.name for r in recording.of_type(RAI_POLICY))


def test_content_filter_becomes_a_rai_policy_on_each_account_that_uses_it(catalog_date):
    recording = provision("prod-eastus", catalog_date)
    assert sorted(r.name for r in recording.of_type(RAI_POLICY)) == [
        "ais-prod-eastus-02/strict",
        "oai-prod-eastus-01/strict",
    ]
    assert recording.named("oai-prod-eastus-01/strict").inputs == {
        "accountName": "oai-prod-eastus-01",
        "resourceGroupName": "rg-aoai-prod-eastus",
        "raiPolicyName": "strict",
        "properties": {
            "basePolicyName": "Microsoft.DefaultV2",
            "mode": "Asynchronous_filter",
            "contentFilters": [
                {
                    "name": "Hate",
                    "source": "Prompt",
                    "severityThreshold": "Low",
                    "blocking": True,
                    "enabled": True,
                },
                {
                    "name": "Hate",
                    "source": "Completion",
                    "severityThreshold": "Low",
                    "blocking": True,
                    "enabled": True,
                },
                {
                    "name": "Violence",
                    "source": "Prompt",
                    "severityThreshold": "Medium",
                    "blocking": True,
                    "enabled": True,
                },
                {"name": "Jailbreak", "source": "Prompt", "blocking": True, "enabled": True},
                {
                    "name": "Protected Material Code",
                    "source": "Completion",
                    "blocking": True,
                    "enabled": True,
                },
            ],
        },
    }


def test_private_endpoint_and_its_dns_zone_group(catalog_date):
    recording = provision("prod-eastus", catalog_date)
    account = recording.named("ais-prod-eastus-02")
    name = "pe-ais-prod-eastus-02-snet-private-endpoints"
    endpoint = recording.named(f"ais-prod-eastus-02/{name}")
    assert endpoint.inputs == {
        "privateEndpointName": name,
        "resourceGroupName": "rg-aoai-prod-eastus",
        "location": "eastus",
        "subnet": {
            "id": f"/subscriptions/{SUB}/resourceGroups/rg-network-prod/providers/Microsoft.Network/"
            "virtualNetworks/vnet-prod-eastus/subnets/snet-private-endpoints"
        },
        "privateLinkServiceConnections": [
            {
                "name": name,
                "privateLinkServiceId": f"/mock/{ACCOUNT}/ais-prod-eastus-02",
                "groupIds": ["account"],
            }
        ],
        "tags": PROD_TAGS,
    }
    assert account.urn in endpoint.dependencies
    zones = f"/subscriptions/{SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones"
    assert recording.named(f"ais-prod-eastus-02/{name}/dns").inputs == {
        "privateEndpointName": name,
        "resourceGroupName": "rg-aoai-prod-eastus",
        "privateDnsZoneGroupName": "default",
        "privateDnsZoneConfigs": [
            {
                "name": "privatelink-openai-azure-com",
                "privateDnsZoneId": f"{zones}/privatelink.openai.azure.com",
            },
            {
                "name": "privatelink-cognitiveservices-azure-com",
                "privateDnsZoneId": f"{zones}/privatelink.cognitiveservices.azure.com",
            },
        ],
    }


def test_role_assignment_by_built_in_role_name_with_a_stable_guid_name(catalog_date):
    recording = provision("prod-eastus", catalog_date)
    (user,) = [
        r for r in recording.of_type(ROLE_ASSIGNMENT) if r.inputs["principalType"] == "ServicePrincipal"
    ]
    assert user.inputs == {
        # The name must never change between versions of aoai-infra: a new name replaces the assignment.
        "roleAssignmentName": "846c91dd-7210-53fb-bef5-949bee3e5221",
        "principalId": "7d3c2b1a-9f8e-4d7c-b6a5-4f3e2d1c0b9a",
        "principalType": "ServicePrincipal",
        "roleDefinitionId": f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/"
        "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
        "scope": f"/mock/{ACCOUNT}/oai-prod-eastus-01",
    }


def test_diagnostic_setting_sends_the_chosen_log_groups_and_metrics(catalog_date):
    setting = provision("prod-swedencentral", catalog_date).named("oai-prod-swedencentral-01/diagnostics")
    assert setting.inputs == {
        "name": "aoai-infra",
        "resourceUri": f"/mock/{ACCOUNT}/oai-prod-swedencentral-01",
        "workspaceId": f"/subscriptions/{SUB}/resourceGroups/rg-monitoring/providers/"
        "Microsoft.OperationalInsights/workspaces/law-prod-swedencentral",
        "logs": [{"categoryGroup": "audit", "enabled": True}],
        "metrics": [{"category": "AllMetrics", "enabled": True}],
    }


@pytest.mark.parametrize(
    ("stack", "most_deployments"), [("dev", 2), ("prod-eastus", 3), ("prod-swedencentral", 3)]
)
def test_deployments_of_one_account_are_chained(stack, most_deployments, catalog_date):
    recording = provision(stack, catalog_date)
    assert longest_chain(recording, DEPLOYMENT) == most_deployments
    for account in recording.of_type(ACCOUNT):
        mine = sorted(
            (r for r in recording.of_type(DEPLOYMENT) if r.name.startswith(f"{account.name}/")),
            key=lambda r: r.name,
        )
        first, *rest = mine
        assert account.urn in first.dependencies
        for before, after in zip(mine, rest, strict=False):
            assert before.urn in after.dependencies, f"{after.name} does not wait for {before.name}"


def test_the_first_deployment_waits_for_the_content_filters(catalog_date):
    recording = provision("prod-eastus", catalog_date)
    strict = recording.named("oai-prod-eastus-01/strict")
    for deployment in ("chat", "chat-provisioned", "embeddings"):
        assert strict.urn in waits_for(recording, recording.named(f"oai-prod-eastus-01/{deployment}").urn)
    assert strict.urn in recording.named("oai-prod-eastus-01/chat").dependencies


def test_accounts_provision_in_parallel(catalog_date):
    recording = provision("prod-eastus", catalog_date)
    for registration in recording.registrations.values():
        owner = registration.name.split("/")[0]
        for other in ("oai-prod-eastus-01", "ais-prod-eastus-02"):
            if other == owner:
                continue
            foreign = [
                dep for dep in waits_for(recording, registration.urn)
                if recording.registrations[dep].name.split("/")[0] == other
            ]  # fmt: skip
            assert foreign == [], f"{registration.name} waits for {other}"


def test_private_endpoints_wait_for_the_account_and_all_its_deployments(catalog_date):
    recording = provision("prod-eastus", catalog_date)
    for endpoint in recording.of_type(PRIVATE_ENDPOINT):
        account = endpoint.name.split("/")[0]
        before = waits_for(recording, endpoint.urn)
        assert recording.named(account).urn in before
        mine = [r.urn for r in recording.of_type(DEPLOYMENT) if r.name.startswith(f"{account}/")]
        assert mine
        assert set(mine) <= endpoint.dependencies


@pytest.mark.parametrize(
    ("stack", "protected"), [("dev", False), ("prod-eastus", True), ("prod-swedencentral", True)]
)
def test_prod_stacks_protect_their_accounts_and_resource_group(stack, protected, catalog_date):
    recording = provision(stack, catalog_date)
    for registration in recording.of_type(ACCOUNT) + recording.of_type(RESOURCE_GROUP):
        assert registration.protect is protected, registration.name
    assert not any(r.protect for r in recording.of_type(DEPLOYMENT))


def test_replacements_delete_first_because_azure_names_are_fixed(catalog_date):
    recording = provision("prod-eastus", catalog_date)
    resources = [r for r in recording.registrations.values() if r.type not in (COMPONENT, PROVIDER)]
    assert resources
    assert [r.name for r in resources if not r.delete_before_replace] == []


def copy_example(project: Path, stack: str, edit) -> None:
    data = yaml.safe_load((REPO / "stacks" / f"{stack}.yaml").read_text())
    edit(data)
    (project / "stacks" / f"{stack}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def test_an_account_can_opt_out_of_protect_and_another_opt_in(project, catalog_date):
    def edit(data):
        data["accounts"][0]["protect"] = False

    copy_example(project, "prod-eastus", edit)
    recording = provision("prod-eastus", catalog_date, root=project)
    assert recording.named("oai-prod-eastus-01").protect is False
    assert recording.named("ais-prod-eastus-02").protect is True

    copy_example(project, "dev", lambda data: data["accounts"][0].update(protect=True))
    assert provision("dev", catalog_date, root=project).named("oai-dev-eastus-01").protect is True


def test_an_existing_resource_group_is_referred_to_not_created(project, catalog_date):
    copy_example(project, "dev", lambda data: data["resource_group"].update(create=False))
    recording = provision("dev", catalog_date, root=project)
    assert recording.of_type(RESOURCE_GROUP) == []
    assert recording.named("oai-dev-eastus-01").inputs["resourceGroupName"] == "rg-aoai-dev-eastus"


def _shape(recording: Recording) -> dict[str, tuple[str, object, frozenset[str], bool]]:
    by_urn = {r.urn: r.name for r in recording.registrations.values()}
    return {
        r.name: (r.type, r.inputs, frozenset(by_urn.get(dep, dep) for dep in r.dependencies), r.protect)
        for r in recording.registrations.values()
    }


def test_reordering_accounts_deployments_and_roles_changes_nothing(project, catalog_date):
    def reverse_everything(data):
        data["accounts"].reverse()
        for account in data["accounts"]:
            account["deployments"].reverse()
            account.get("roles", []).reverse()
        data["content_filters"]["strict"]["filters"].reverse()

    shutil.copy(REPO / "stacks" / "prod-eastus.yaml", project / "stacks" / "prod-eastus.yaml")
    before = _shape(provision("prod-eastus", catalog_date, root=project))
    copy_example(project, "prod-eastus", reverse_everything)
    after = _shape(provision("prod-eastus", catalog_date, root=project))
    # Filter rules are a list Azure keeps in order; reversing them is a real change, and the only one.
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"oai-prod-eastus-01/strict", "ais-prod-eastus-02/strict"}
    assert before.keys() == after.keys()


def test_preview_works_while_outputs_are_unknown(catalog_date):
    done = provision("prod-eastus", catalog_date)
    preview = provision("prod-eastus", catalog_date, preview=True)
    assert {r.name for r in preview.registrations.values()} == {r.name for r in done.registrations.values()}
    assert preview.named("oai-prod-eastus-01/chat").inputs["deploymentName"] == "chat"
    for name in EXAMPLES:
        assert provision(name, catalog_date, preview=True).error is None


@pytest.mark.parametrize("stack", EXAMPLES)
def test_provisioning_registers_exactly_the_resource_list(stack: str, catalog_date: datetime.date):
    from aoai_infra.provision.component import CLASSES
    from aoai_infra.stack.load import load_stack
    from aoai_infra.stack.production import is_production
    from aoai_infra.stack.resources import stack_resources

    recording = provision(stack, catalog_date)
    loaded = load_stack(REPO / "stacks" / f"{stack}.yaml")
    assert loaded.spec is not None
    listed = stack_resources(loaded.spec, is_production(stack))
    registered = {
        (r.type.rsplit(":", 1)[-1], r.name): r
        for r in recording.registrations.values()
        if r.type not in (COMPONENT, PROVIDER)
    }
    by_key = {resource.key: (CLASSES[resource.kind].__name__, resource.name) for resource in listed}
    assert set(registered) == set(by_key.values())
    for resource in listed:
        made = registered[by_key[resource.key]]
        assert made.protect is resource.protect, resource.name
        waited = {registered[by_key[key]].urn for key in resource.depends_on}
        assert waited <= made.dependencies, resource.name
