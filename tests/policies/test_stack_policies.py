"""Stack policies on resource graphs as `AnalyzeStack` hands them over: a compliant estate passes, and
breaking one thing makes exactly that policy report, on the resource it is about."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policies.helpers import (
    ACCOUNT,
    DEPLOYMENT,
    DIAGNOSTIC_SETTING,
    PRIVATE_ENDPOINT,
    UNKNOWN,
    Graph,
    urn,
)

ACCOUNT_ID = (
    "/subscriptions/0c9a8b7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg/providers/"
    "Microsoft.CognitiveServices/accounts/oai-1"
)


def _account(location: str = "eastus") -> dict[str, Any]:
    return {"name": "oai-1", "location": location, "kind": "OpenAI", "properties": {"disableLocalAuth": True}}


def _deployment(name: str, model: str = "gpt-5.4", version: str = "2026-03-05", sku: str = "GlobalStandard"):
    return {
        "accountName": "oai-1",
        "deploymentName": name,
        "name": name,
        "sku": {"name": sku, "capacity": 10.0},
        "properties": {"model": {"format": "OpenAI", "name": model, "version": version}},
    }


def _endpoint(group: str = "account") -> dict[str, Any]:
    return {"privateLinkServiceConnections": [{"privateLinkServiceId": ACCOUNT_ID, "groupIds": [group]}]}


DIAGNOSTICS = {
    "workspaceId": "/subscriptions/x/workspaces/law",
    "logs": [{"categoryGroup": "audit", "enabled": True}],
}


def estate(
    stack: str = "prod-eastus",
    *,
    chained: bool = True,
    endpoint: dict[str, Any] | None = None,
    diagnostics: dict[str, Any] | None = None,
    deployments: tuple[dict[str, Any], ...] | None = None,
    location: str = "eastus",
) -> Graph:
    """One account with three deployments (chained unless told), a private endpoint and diagnostics."""
    graph = Graph(stack)
    account = graph.add(ACCOUNT, "oai-1", _account(location))
    previous = None
    for props in deployments or (_deployment("a"), _deployment("b"), _deployment("c")):
        waits = [account] + ([previous] if previous is not None and chained else [])
        previous = graph.add(DEPLOYMENT, f"oai-1/{props['deploymentName']}", props, depends_on=waits)
    links = {"privateLinkServiceConnections": [account]}
    graph.add(
        PRIVATE_ENDPOINT, "pe", _endpoint() if endpoint is None else endpoint, property_dependencies=links
    )
    setting = DIAGNOSTICS if diagnostics is None else diagnostics
    graph.add(DIAGNOSTIC_SETTING, "diag", setting, property_dependencies={"resourceUri": [account]})
    return graph


def test_a_compliant_estate_passes_every_stack_policy():
    assert estate().violated() == {}


def test_parallel_deployments_of_one_account_are_named_on_the_later_one():
    found = estate(chained=False).violated()
    assert list(found) == ["aoai-deployments-chained"]
    assert found["aoai-deployments-chained"] == [
        "deployment 'oai-1/b' may run at the same time as 'oai-1/a' on oai-1, and Azure answers 409 "
        "RequestConflict; make it depend on the deployment before it (depends_on)",
        "deployment 'oai-1/c' may run at the same time as 'oai-1/a', 'oai-1/b' on oai-1, "
        "and Azure answers 409 RequestConflict; make it depend on the deployment before it (depends_on)",
    ]


def test_a_chain_through_other_resources_counts():
    graph = Graph()
    account = graph.add(ACCOUNT, "oai-1", _account())
    first = graph.add(DEPLOYMENT, "a", _deployment("a"), depends_on=[account])
    between = graph.add("azure-native:cognitiveservices:RaiPolicy", "filter", {}, depends_on=[first])
    graph.add(DEPLOYMENT, "b", _deployment("b"), depends_on=[between])
    assert "aoai-deployments-chained" not in graph.violated()


def test_deployments_of_another_program_are_grouped_by_account_name_when_nothing_links_them():
    graph = Graph("dev")
    graph.add(DEPLOYMENT, "x", _deployment("a"))
    graph.add(DEPLOYMENT, "y", _deployment("b"))
    found = graph.violated()
    assert list(found) == ["aoai-deployments-chained"]
    assert "on the same account" in found["aoai-deployments-chained"][0]


def test_deployments_of_different_accounts_may_run_in_parallel():
    graph = Graph("dev")
    for name in ("oai-1", "oai-2"):
        account = graph.add(ACCOUNT, name, {**_account(), "name": name})
        graph.add(DEPLOYMENT, f"{name}/a", {**_deployment("a"), "accountName": name}, depends_on=[account])
        graph.add(
            DIAGNOSTIC_SETTING, f"{name}/d", DIAGNOSTICS, property_dependencies={"resourceUri": [account]}
        )
    assert graph.violated() == {}


def test_a_production_account_without_a_private_endpoint():
    found = estate(endpoint={}).violated()
    assert list(found) == ["aoai-account-private-endpoint"]
    assert found["aoai-account-private-endpoint"][0].startswith(
        "production account 'oai-1' has no private endpoint"
    )
    assert estate("dev", endpoint={}).violated() == {}


def test_a_private_endpoint_to_another_group_does_not_count():
    assert list(estate(endpoint=_endpoint("portal")).violated()) == ["aoai-account-private-endpoint"]


def test_a_private_endpoint_found_by_the_account_id_alone():
    graph = Graph()
    graph.add(ACCOUNT, "oai-1", _account())
    graph.add(PRIVATE_ENDPOINT, "pe", _endpoint())  # the id written as text, no dependency
    graph.add(DIAGNOSTIC_SETTING, "diag", {**DIAGNOSTICS, "resourceUri": ACCOUNT_ID})
    assert graph.violated() == {}


@pytest.mark.parametrize(
    ("diagnostics", "phrase"),
    [
        (
            {"workspaceId": "/subscriptions/x/workspaces/law", "logs": []},
            "the diagnostic setting of account 'oai-1' sends no logs",
        ),
        ({"logs": [{"categoryGroup": "audit", "enabled": True}]}, "sends no logs; give it a workspaceId"),
    ],
)
def test_a_diagnostic_setting_that_sends_nothing(diagnostics, phrase):
    found = estate(diagnostics=diagnostics).violated()
    assert list(found) == ["aoai-account-diagnostic-setting"]
    assert phrase in found["aoai-account-diagnostic-setting"][0]


def test_an_account_without_a_diagnostic_setting():
    graph = estate()
    graph.resources = [r for r in graph.resources if r.resource_type != DIAGNOSTIC_SETTING]
    found = graph.violated()
    assert found == {
        "aoai-account-diagnostic-setting": [
            "account 'oai-1' has no diagnostic setting; add a monitor.DiagnosticSetting "
            "with resourceUri set to the account's id and a workspaceId"
        ]
    }


def test_a_version_not_offered_as_that_type_in_the_region_names_what_is():
    found = estate(deployments=(_deployment("a", sku="Standard"),)).violated()
    assert list(found) == ["aoai-deployment-offered"]
    (message,) = found["aoai-deployment-offered"]
    assert message.startswith(
        "deployment 'oai-1/a': gpt-5.4 2026-03-05 is not offered as Standard in eastus "
        "(bundled catalog as of "
    )
    assert "; in eastus it is offered as GlobalStandard, DataZoneStandard" in message


def test_a_retired_version_is_refused_as_of_the_configured_day():
    old = estate(deployments=(_deployment("a", model="gpt-4o", version="2024-05-13"),))
    found = old.violated({"aoai-deployment-offered": {"today": "2026-12-09"}})
    assert list(found) == ["aoai-deployment-offered"]
    assert "gpt-4o 2024-05-13 retired as GlobalStandard on 2026-12-09" in found["aoai-deployment-offered"][0]
    assert "retired" not in str(old.violated({"aoai-deployment-offered": {"today": "2026-12-08"}}))


def test_a_version_retired_for_its_own_deployment_type_is_refused_as_that_type():
    old = estate(deployments=(_deployment("a", model="gpt-4o-mini", version="2024-07-18", sku="Standard"),))
    found = old.violated({"aoai-deployment-offered": {"today": "2026-11-21"}})
    assert "gpt-4o-mini 2024-07-18 retired as Standard on 2026-03-31" in found["aoai-deployment-offered"][0]


def test_models_of_other_formats_and_accounts_outside_the_stack_are_not_checked():
    graph = Graph("dev")
    other = {
        **_deployment("a", model="Llama-4"),
        "properties": {"model": {"format": "Meta", "name": "Llama-4"}},
    }
    graph.add(DEPLOYMENT, "meta", other)
    graph.add(DEPLOYMENT, "elsewhere", {**_deployment("b", sku="Standard"), "accountName": "not-here"})
    assert "aoai-deployment-offered" not in graph.violated()


def test_outputs_unknown_during_a_preview_are_not_judged():
    graph = Graph()
    account = graph.add(ACCOUNT, "oai-1", {"name": UNKNOWN, "location": UNKNOWN})
    first = graph.add(DEPLOYMENT, "a", _deployment("a"), depends_on=[account])
    graph.add(DEPLOYMENT, "b", _deployment("b"), depends_on=[account, first])
    links = {"privateLinkServiceConnections": [account]}
    graph.add(
        PRIVATE_ENDPOINT,
        "pe",
        {"privateLinkServiceConnections": [{"groupIds": UNKNOWN}]},
        property_dependencies=links,
    )
    graph.add(
        DIAGNOSTIC_SETTING,
        "diag",
        {"workspaceId": UNKNOWN, "logs": UNKNOWN},
        property_dependencies={"resourceUri": [account]},
    )
    assert graph.violated() == {}


def test_violations_name_the_resource_they_are_about():
    from pulumi_policy import StackValidationArgs

    from aoai_infra.policies import deployments_chained

    urns: list[str | None] = []
    graph = estate(chained=False)

    def report_violation(_message: str, violating: str | None = None) -> None:
        urns.append(violating)

    deployments_chained.POLICY.validate(StackValidationArgs(graph.resources, {}), report_violation)
    assert urns == [urn(DEPLOYMENT, "oai-1/b"), urn(DEPLOYMENT, "oai-1/c")]


# aoai-deployment-spillover: the compliant estate with a global PTU spilling over to its "a" deployment.


def _ptu(**change: Any) -> dict[str, Any]:
    props: dict[str, Any] = _deployment("ptu", sku=change.get("sku", "GlobalProvisionedManaged"))
    props["properties"]["spilloverDeploymentName"] = change.get("target", "a")
    return props


@pytest.mark.parametrize(
    ("deployments", "says"),
    [
        ((_deployment("a"), _ptu()), None),
        (
            (_deployment("a"), _ptu(sku="GlobalStandard")),
            "sets spilloverDeploymentName, which only provisioned",
        ),
        ((_deployment("a"), _ptu(target="elsewhere")), "which is not a deployment of its account"),
        ((_deployment("a", sku="DataZoneStandard"), _ptu()), "spills over to a DataZoneStandard deployment"),
        ((_deployment("a", version="2025-01-01"), _ptu()), "which serves another model or version"),
        ((_ptu(target="b"), _deployment("b")), "does not wait for its spillover deployment 'b'"),
    ],
    ids=[
        "compliant",
        "not provisioned",
        "missing",
        "other data processing",
        "other version",
        "created first",
    ],
)
def test_spillover_goes_to_a_matching_deployment_that_exists_first(deployments, says):
    found = estate(deployments=deployments).violated()
    violations = found.get("aoai-deployment-spillover", [])
    if says is None:
        assert violations == []
    else:
        assert len(violations) == 1
        assert says in violations[0]
