"""Spillover: a provisioned deployment names its pay-as-you-go target, which is created before it."""

from __future__ import annotations

import inspect
import shutil

import pulumi_azure_native as azure_native

from tests.conftest import REPO
from tests.provision.harness import run_main, waits_for

DEPLOYMENT = "azure-native:cognitiveservices:Deployment"
PAIR = """    deployments:
      - {name: a-ptu, model: gpt-5.4, version: "2026-03-05", sku: GlobalProvisionedManaged, capacity: 15,
         spillover_to: z-paygo}
      - {name: z-paygo, model: gpt-5.4, version: "2026-03-05", sku: GlobalStandard, capacity: 100}
"""


def test_the_spillover_target_is_created_first_and_named_on_the_provisioned_deployment(
    project, monkeypatch, frozen_today
):
    stack = (REPO / "stacks" / "dev.yaml").read_text(encoding="utf-8")
    stack = stack[: stack.index("    deployments:\n")] + PAIR
    (project / "stacks" / "dev.yaml").write_text(stack, encoding="utf-8")
    shutil.copytree(REPO / "infra", project / "infra", dirs_exist_ok=True)
    recording = run_main("dev", monkeypatch, root=project)
    assert recording.error is None, recording.errors()
    by_name = {r.inputs["deploymentName"]: r for r in recording.of_type(DEPLOYMENT)}
    ptu, paygo = by_name["a-ptu"], by_name["z-paygo"]
    assert ptu.inputs["properties"]["spilloverDeploymentName"] == "z-paygo"
    assert "spilloverDeploymentName" not in paygo.inputs["properties"]
    # "a-ptu" sorts first, but it names "z-paygo", which Azure needs to exist: it waits for it.
    assert paygo.urn in waits_for(recording, ptu.urn)
    assert ptu.urn not in waits_for(recording, paygo.urn)
    parameters = inspect.signature(
        azure_native.cognitiveservices.DeploymentPropertiesArgs.__init__
    ).parameters
    assert "spillover_deployment_name" in parameters
