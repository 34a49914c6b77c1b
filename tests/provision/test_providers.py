"""Every resource goes through an azure-native provider pinned to the stack file's subscription, so a Pulumi
stack without `azure-native:subscriptionId` cannot deploy into whatever subscription the credential picks."""

from __future__ import annotations

import inspect

import pulumi_azure_native as azure_native

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
