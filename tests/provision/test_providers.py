"""Every resource goes through an azure-native provider pinned to the stack file's subscription, so a Pulumi
stack without `azure-native:subscriptionId` cannot deploy into whatever subscription the credential picks."""

from __future__ import annotations

import inspect
import shutil

import pulumi_azure_native as azure_native

from tests.conftest import REPO
from tests.provision.harness import Recording, run_main

PROVIDER = "pulumi:providers:azure-native"
DEV_SUBSCRIPTION = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"  # stacks/dev.yaml


def azure_resources(recording: Recording):
    return [r for r in recording.registrations.values() if r.type.startswith("azure-native:")]


def test_a_stack_without_subscription_config_deploys_into_the_stack_files_subscription(
    monkeypatch, frozen_today
):
    recording = run_main("staging", monkeypatch, config={"aoai-infra:stackFile": "stacks/dev.yaml"})
    assert recording.error is None, recording.errors()
    (provider,) = recording.of_type(PROVIDER)
    assert provider.inputs["subscriptionId"] == DEV_SUBSCRIPTION
    resources = azure_resources(recording)
    assert len(resources) == 6
    for resource in resources:
        assert resource.provider.startswith(provider.urn + "::"), resource.name


def test_the_provider_keeps_the_stacks_own_azure_native_settings(monkeypatch, frozen_today):
    config = {
        "aoai-infra:stackFile": "stacks/dev.yaml",
        "azure-native:tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "azure-native:clientId": "00000000-1111-4222-8333-444444444444",
        "azure-native:useOidc": "true",
        "azure-native:environment": "usgovernment",
        "azure-native:subscriptionId": DEV_SUBSCRIPTION,
    }
    recording = run_main("staging", monkeypatch, config=config)
    assert recording.error is None, recording.errors()
    (provider,) = recording.of_type(PROVIDER)
    # The SDK marks clientId secret; on the wire a secret is {signature: ..., value: ...}.
    inputs = {
        key: value.get("value", value) if isinstance(value, dict) else value
        for key, value in provider.inputs.items()
    }
    assert inputs == {
        "subscriptionId": DEV_SUBSCRIPTION,
        "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "clientId": "00000000-1111-4222-8333-444444444444",
        "useOidc": "true",  # the engine sends provider inputs as text
        "environment": "usgovernment",
    }


def test_the_provider_inputs_are_provider_arguments_of_the_installed_sdk(monkeypatch, frozen_today):
    recording = run_main("dev", monkeypatch)
    (provider,) = recording.of_type(PROVIDER)
    parameters = set(inspect.signature(azure_native.ProviderArgs.__init__).parameters)
    for key in provider.inputs:
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in key)
        assert snake in parameters, key


HUB = "11111111-2222-4333-8444-555555555555"
NETWORK = f"/subscriptions/{HUB}/resourceGroups/rg-net/providers/Microsoft.Network"
HUB_SUBNET = f"{NETWORK}/virtualNetworks/vnet-hub/subnets/snet-pe"
HUB_ZONE = f"{NETWORK}/privateDnsZones/privatelink.openai.azure.com"


def test_a_private_endpoint_in_a_hub_network_is_created_in_the_hubs_subscription(
    project, monkeypatch, frozen_today
):
    stack = (REPO / "stacks" / "dev.yaml").read_text(encoding="utf-8")
    endpoint = (
        "      private_endpoints:\n"
        f"        - {{subnet: {HUB_SUBNET}, resource_group: rg-pe, location: westeurope,\n"
        f"           dns_zones: [{HUB_ZONE}]}}\n"
    )
    stack = stack.replace(
        "      ip_rules: [203.0.113.0/24]\n", "      ip_rules: [203.0.113.0/24]\n" + endpoint
    )
    (project / "stacks" / "dev.yaml").write_text(stack, encoding="utf-8")
    shutil.copytree(REPO / "infra", project / "infra", dirs_exist_ok=True)
    recording = run_main("dev", monkeypatch, root=project)
    assert recording.error is None, recording.errors()
    providers = {p.inputs["subscriptionId"]: p.urn for p in recording.of_type(PROVIDER)}
    assert set(providers) == {DEV_SUBSCRIPTION, HUB}
    (endpoint_registration,) = recording.of_type("azure-native:network:PrivateEndpoint")
    (zone_group,) = recording.of_type("azure-native:network:PrivateDnsZoneGroup")
    for registration in (endpoint_registration, zone_group):
        assert registration.provider.startswith(providers[HUB] + "::")
        assert registration.inputs["resourceGroupName"] == "rg-pe"
    assert endpoint_registration.inputs["location"] == "westeurope"
    (account,) = recording.of_type("azure-native:cognitiveservices:Account")
    assert account.provider.startswith(providers[DEV_SUBSCRIPTION] + "::")
    # The inputs are arguments of the installed SDK's PrivateEndpoint.
    parameters = set(inspect.signature(azure_native.network.PrivateEndpointArgs.__init__).parameters)
    for key in endpoint_registration.inputs:
        assert "".join(f"_{c.lower()}" if c.isupper() else c for c in key) in parameters, key
