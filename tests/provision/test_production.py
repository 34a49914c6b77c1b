"""One definition of production (aoai_infra.stack.production) for protect, AOAI124 and the policy pack."""

from __future__ import annotations

import pytest

from aoai_infra.policies.base import ProdSettings
from aoai_infra.provision import ProgramError
from aoai_infra.stack.production import PATTERN, is_production
from tests.provision.harness import run_main

ACCOUNT = "azure-native:cognitiveservices:Account"


@pytest.mark.parametrize(
    ("pulumi_stack", "stack_file"),
    [("staging", "stacks/prod-eastus.yaml"), ("prod-canary", "stacks/dev.yaml")],
)
def test_a_pulumi_stack_that_disagrees_with_its_stack_file_is_refused(
    monkeypatch, frozen_today, pulumi_stack, stack_file
):
    recording = run_main(pulumi_stack, monkeypatch, config={"aoai-infra:stackFile": stack_file})
    assert isinstance(recording.error, ProgramError)
    assert f"Pulumi stack '{pulumi_stack}'" in str(recording.error)
    assert "Nothing was changed." in str(recording.error)
    assert recording.registrations == {}


@pytest.mark.parametrize(
    ("pulumi_stack", "stack_file", "protected"),
    [("prod-eastus-blue", "stacks/prod-eastus.yaml", True), ("dev-2", "stacks/dev.yaml", False)],
)
def test_protect_follows_the_stack_files_name(monkeypatch, frozen_today, pulumi_stack, stack_file, protected):
    recording = run_main(pulumi_stack, monkeypatch, config={"aoai-infra:stackFile": stack_file})
    assert recording.error is None, recording.errors()
    accounts = recording.of_type(ACCOUNT)
    assert accounts
    assert {account.protect for account in accounts} == {protected}


def test_the_policy_packs_default_is_the_same_definition():
    assert ProdSettings().prod_stacks == PATTERN
    assert is_production("prod-eastus")
    assert not is_production("staging-prod")
