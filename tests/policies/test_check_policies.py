"""`aoai-infra check-policies`: the whole pack on the graphs the provisioning code builds under mocks."""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pulumi_policy import EnforcementLevel

from aoai_infra.policies import local_auth
from aoai_infra.policies.config import PackConfig
from aoai_infra.policies.offline import evaluate
from aoai_infra.policies.pack import POLICIES
from aoai_infra.provision.recording import record
from tests.conftest import REPO, run_cli

CONFIG = str(REPO / "policies/config.json")
EXAMPLES = ("dev", "prod-eastus", "prod-swedencentral")


@pytest.fixture
def variant(tmp_path: Path):
    """An example stack with one text edit, saved under its own name (the name decides prod or not)."""

    def make(stack: str, old: str, new: str) -> Path:
        text = (REPO / "stacks" / f"{stack}.yaml").read_text()
        assert old in text
        path = tmp_path / f"{stack}.yaml"
        path.write_text(text.replace(old, new, 1))
        return path

    return make


def check(*args: str, today) -> tuple[int, list[dict[str, Any]], str]:
    result = run_cli("check-policies", *args, "--today", today.isoformat(), "--format", "json")
    assert result.stderr == ""
    document = json.loads(result.stdout)
    return result.returncode, document["violations"], result.stdout


def test_the_example_stacks_pass_the_whole_pack(catalog_date):
    result = run_cli(
        "check-policies", "stacks/", "--policy-config", CONFIG, "--today", catalog_date.isoformat()
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout == "checked 3 stacks against 16 policies: no violations\n"


@pytest.mark.parametrize(
    ("stack", "old", "new", "policies"),
    [
        (
            "prod-eastus",
            "custom_subdomain: contoso-prod-eastus-01\n",
            "custom_subdomain: contoso-prod-eastus-01\n    local_auth: true\n",
            ["aoai-account-local-auth-disabled"],
        ),
        ("dev", "default_action: Deny", "default_action: Allow", ["aoai-account-network-restricted"]),
        ("dev", "location: eastus", "location: westus", ["aoai-account-allowed-regions"]),
        (
            "prod-swedencentral",
            "    network:\n",
            "    network:\n      restrict_outbound: false\n",
            ["aoai-account-outbound-restricted"],
        ),
        (
            "prod-swedencentral",
            "    network:\n      private_endpoints:",
            "    network:\n      private_endpoints: []\n      x:",
            None,
        ),  # not a valid stack: reported by the validator, no policy runs
        (
            "prod-swedencentral",
            "        content_filter: strict\n      - name: chat-provisioned",
            "      - name: chat-provisioned",
            ["aoai-deployment-content-filter"],
        ),
    ],
)
def test_insecure_variants_fail_with_the_right_policies_named(
    variant, catalog_date, stack, old, new, policies
):
    path = variant(stack, old, new)
    code, violations, _ = check(str(path), "--policy-config", CONFIG, today=catalog_date)
    assert code == 1
    assert [v["policy"] for v in violations] == (policies or [])


def test_a_violation_points_at_the_line_that_causes_it(variant, catalog_date):
    path = variant(
        "prod-eastus",
        "custom_subdomain: contoso-prod-eastus-01\n",
        "custom_subdomain: contoso-prod-eastus-01\n    local_auth: true\n",
    )
    line = path.read_text().splitlines().index("    local_auth: true") + 1
    result = run_cli("check-policies", str(path), "--today", catalog_date.isoformat())
    assert result.returncode == 1
    assert result.stdout == (
        f"{path}:{line}:17: aoai-account-local-auth-disabled mandatory account 'oai-prod-eastus-01' "
        "accepts API keys (properties.disableLocalAuth is false); set properties.disableLocalAuth to true "
        "and call it with Microsoft Entra ID; in the stack file, remove local_auth: true from account "
        "'oai-prod-eastus-01' (keys are off by default)\n\n"
        "checked 1 stack against 16 policies: 1 violation (1 mandatory, 0 advisory)\n"
    )


def test_a_violation_of_another_programs_resource_keeps_the_pulumi_property_names():
    """The same policy on an account that no stack file declares (no AzureOpenAIStack parent)."""
    from aoai_infra.policies.pack import BY_NAME
    from tests.policies.helpers import resource_args

    policy = BY_NAME["aoai-account-local-auth-disabled"].POLICY
    token = "azure-native:cognitiveservices:Account"
    messages: list[str] = []
    for name, parents in (("oai-other", ""), ("oai-ours", "aoai-infra:index:AzureOpenAIStack$")):
        args = resource_args(token, {"accountName": name, "properties": {"disableLocalAuth": False}})
        args.urn = f"urn:pulumi:prod::app::{parents}{token}::{name}"
        policy.validate(args, lambda message, _urn=None: messages.append(message))
    other, ours = messages
    assert "stack file" not in other
    assert other.endswith("set properties.disableLocalAuth to true and call it with Microsoft Entra ID")
    assert ours.endswith(
        "in the stack file, remove local_auth: true from account 'oai-ours' (keys are off by default)"
    )


def test_the_stack_name_is_the_file_name(tmp_path, catalog_date):
    """The same file is production as prod-swedencentral.yaml and not as staging.yaml."""
    text = (REPO / "stacks/prod-swedencentral.yaml").read_text()
    text = text.replace("    network:\n", "    network:\n      restrict_outbound: false\n", 1)
    (tmp_path / "staging.yaml").write_text(text)
    assert check(str(tmp_path / "staging.yaml"), today=catalog_date)[:2] == (0, [])
    (tmp_path / "staging.yaml").rename(tmp_path / "prod-swedencentral.yaml")
    code, violations, _ = check(str(tmp_path / "prod-swedencentral.yaml"), today=catalog_date)
    assert (code, [v["policy"] for v in violations]) == (1, ["aoai-account-outbound-restricted"])


def test_an_advisory_violation_does_not_fail(variant, catalog_date):
    path = variant("dev", "upgrade: OnceNewDefaultVersionAvailable", "upgrade: NoAutoUpgrade")
    code, violations, _ = check(str(path), today=catalog_date)
    assert code == 0
    assert [(v["policy"], v["enforcement"]) for v in violations] == [
        ("aoai-deployment-version-upgrade", "advisory")
    ]


def test_the_policy_config_sets_levels_and_settings(tmp_path, variant, catalog_date):
    path = variant("dev", "upgrade: OnceNewDefaultVersionAvailable", "upgrade: NoAutoUpgrade")
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"all": "mandatory", "aoai-deployment-max-capacity": {"maxCapacity": 50}}))
    code, violations, _ = check(str(path), "--policy-config", str(config), today=catalog_date)
    assert code == 1
    assert sorted((v["policy"], v["enforcement"]) for v in violations) == [
        ("aoai-deployment-max-capacity", "mandatory"),
        ("aoai-deployment-max-capacity", "mandatory"),
        ("aoai-deployment-version-upgrade", "mandatory"),
    ]
    config.write_text(json.dumps({"aoai-deployment-version-upgrade": "disabled"}))
    assert check(str(path), "--policy-config", str(config), today=catalog_date)[:2] == (0, [])


def test_the_stack_data_residency_is_the_residency_policy_setting(variant, catalog_date):
    path = variant(
        "prod-swedencentral",
        "sku: DataZoneStandard\n        capacity: 300",
        "sku: GlobalStandard\n        capacity: 300",
    )
    # The validator reports it too (AOAI110): the stack is not checked further, and says so.
    result = run_cli("check-policies", str(path), "--today", catalog_date.isoformat())
    assert result.returncode == 1
    assert "AOAI110 error" in result.stdout
    assert (
        "0 stacks against 16 policies: no violations; 1 not checked: fix it with aoai-infra validate first"
        in result.stdout
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "config.json:1:2: not valid JSON"),
        ('{"aoai-account-local-auth": "mandatory"}', "did you mean 'aoai-account-local-auth-disabled'?"),
        (
            '{"aoai-deployment-max-capacity": {"maxCapacity": "lots"}}',
            "'aoai-deployment-max-capacity'.maxCapacity: Input should be a valid integer",
        ),
        (
            '{"aoai-account-local-auth-disabled": {"color": "red"}}',
            "takes no settings, only enforcementLevel",
        ),
        ('{"aoai-account-custom-subdomain": {"enforcementLevel": ""}}', "unknown enforcement level ''"),
        (
            '{"all": "strict"}',
            "unknown enforcement level 'strict'; use one of advisory, mandatory, remediate, disabled",
        ),
    ],
)
def test_an_unusable_policy_config_is_refused_before_anything_runs(tmp_path, content, message):
    config = tmp_path / "config.json"
    config.write_text(content)
    result = run_cli("check-policies", "stacks/", "--policy-config", str(config))
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unreadable_input_exits_2(tmp_path):
    result = run_cli("check-policies", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert "AOAI001" in result.stdout


def test_no_stack_named_is_a_usage_error():
    result = run_cli("check-policies")
    assert (result.returncode, result.stderr) == (
        2,
        "aoai-infra: name the stack files to check, e.g. aoai-infra check-policies stacks/\n",
    )


def test_list_prints_one_line_per_policy():
    result = run_cli("check-policies", "--list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [
        [policy.name, (policy.enforcement_level or EnforcementLevel.ADVISORY).value] for policy in POLICIES
    ]
    assert lines[0].endswith("Azure OpenAI accounts must disable API keys (local authentication).")
    listed = json.loads(run_cli("check-policies", "--list", "--format", "json").stdout)
    assert {entry["name"]: entry["kind"] for entry in listed}["aoai-deployments-chained"] == "stack"
    assert listed[0]["remediation"].startswith("Set properties.disableLocalAuth to true")


def test_json_report_shape(catalog_date):
    code, violations, text = check("stacks/", today=catalog_date)
    document = json.loads(text)
    assert (code, violations) == (0, [])
    assert document["stacks"][1] == {
        "file": "stacks/prod-eastus.yaml",
        "stack": "prod-eastus",
        "checked": True,
        "resources": 18,
    }
    assert document["summary"] == {"stacks": 3, "policies": 16, "mandatory": 0, "advisory": 0, "exit_code": 0}


def test_a_program_that_does_not_chain_its_deployments_is_caught():
    """Any Pulumi program, not only ours: two deployments of one account without depends_on."""
    from pulumi_azure_native import cognitiveservices

    def program(chained: bool) -> None:
        account = cognitiveservices.Account(
            "oai",
            account_name="oai",
            resource_group_name="rg",
            kind="OpenAI",
            sku={"name": "S0"},
            location="eastus",
            properties={
                "custom_sub_domain_name": "oai",
                "disable_local_auth": True,
                "public_network_access": "Disabled",
            },
            identity={"type": "SystemAssigned"},
        )
        first = None
        for name in ("chat", "embeddings"):
            first = cognitiveservices.Deployment(
                name,
                account_name=account.name,
                deployment_name=name,
                resource_group_name="rg",
                sku={"name": "GlobalStandard", "capacity": 10},
                properties={"model": {"format": "OpenAI", "name": "gpt-5.4", "version": "2026-03-05"}},
                opts=pulumi.ResourceOptions(depends_on=[first] if chained and first else []),
            )

    import pulumi

    config = PackConfig()
    unchained = evaluate(record(lambda: program(False), stack="dev"), config)
    assert [(raw.policy.name, raw.urn.rsplit("::", 1)[-1]) for raw in unchained if raw.urn] == [
        ("aoai-account-diagnostic-setting", "oai"),
        ("aoai-deployments-chained", "embeddings"),
    ]
    chained = evaluate(record(lambda: program(True), stack="dev"), config)
    assert [raw.policy.name for raw in chained] == ["aoai-account-diagnostic-setting"]


def test_policies_main_assembles_the_pack_and_serves_it():
    """`policies/__main__.py` builds the PolicyPack, which prints its port and serves Pulumi's analyzer."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, str(REPO / "policies/__main__.py")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = process.stdout.readline() if process.stdout else ""
        assert port.strip().isdigit(), process.stderr.read() if process.stderr else ""
    finally:
        process.kill()
        process.wait(timeout=10)


def test_the_pack_has_what_pulumi_shows_for_every_policy():
    names = [policy.name for policy in POLICIES]
    assert len(names) == len(set(names)) == 16
    for policy in POLICIES:
        assert policy.description.endswith(".")
        assert policy.description[0].isupper()
        assert policy.remediation_steps
        assert policy.severity
        assert policy.enforcement_level


def test_the_policies_page_says_what_each_module_documents():
    from aoai_infra.policies import docs

    page = (REPO / "docs/policies.md").read_text()
    assert page == docs.render(), "run: python -m aoai_infra.docs"
    documented = inspect.cleandoc(local_auth.__doc__ or "").split("\n\nImports:")[0]
    assert documented in page
    assert "Imports:" not in page  # what a module imports is for the code's readers


def test_the_policy_pack_files_are_in_place():
    assert "virtualenv: ../.venv" in (REPO / "policies/PulumiPolicy.yaml").read_text()
    assert "pulumi-policy" in (REPO / "policies/requirements.txt").read_text()
    shutil.which("true")  # nothing else to run here: pulumi itself is not on this machine


def test_without_the_pulumi_extra_the_command_says_what_to_install(tmp_path):
    blocker = tmp_path / "block"
    (blocker / "pulumi_policy").mkdir(parents=True)
    (blocker / "pulumi_policy" / "__init__.py").write_text(
        "raise ImportError('absent', name='pulumi_policy')\n"
    )
    result = run_cli("check-policies", "--list", env={"PYTHONPATH": str(blocker)})
    assert result.returncode == 2
    assert result.stderr == (
        "aoai-infra: check-policies needs Pulumi's packages (pulumi_policy is not installed); install "
        "them with: pip install 'aoai-infra[pulumi]' (in this repository: pip install -e '.[pulumi]')\n"
    )


def test_stacks_checked_in_parallel_give_the_same_report(monkeypatch: pytest.MonkeyPatch, catalog_date):
    from aoai_infra.policies import offline

    paths = [str(REPO / "stacks"), str(REPO / "tests/policies/stacks/every-field.yaml")]
    alone = offline.check_paths(paths, PackConfig(), catalog_date, jobs=1)
    monkeypatch.setattr(offline, "PARALLEL_FROM", 0)  # these stacks are small: check them apart anyway
    together = offline.check_paths(paths, PackConfig(), catalog_date, jobs=2)
    assert together == alone
    assert [stack.resources for stack in together.stacks] == [7, 18, 11, 9]
