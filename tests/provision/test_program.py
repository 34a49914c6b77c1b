"""infra/__main__.py and `aoai_infra.provision.program`: which stack file, validation first, outputs."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from aoai_infra.provision import ProgramError, run
from tests.conftest import MINIMAL, REPO
from tests.provision.harness import run_main, run_program

SECRET_WORDS = ("key", "secret", "password", "token")


def all_keys(value: object) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value] + [k for v in value.values() for k in all_keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in all_keys(v)]
    return []


def test_infra_main_provisions_the_stack_named_like_the_pulumi_stack(monkeypatch, frozen_today):
    recording = run_main("dev", monkeypatch)
    assert recording.error is None, recording.errors()
    assert recording.exports == {
        "accounts": {
            "oai-dev-eastus-01": {
                "id": "/mock/azure-native:cognitiveservices:Account/oai-dev-eastus-01",
                "endpoint": "https://contoso-dev-eastus-01.openai.azure.com/",
                "deployments": {
                    "chat": {
                        "model": "gpt-5.4",
                        "version": "2026-03-05",
                        "sku": "GlobalStandard",
                        "capacity": 100,
                    },
                    "embeddings": {
                        "model": "text-embedding-3-large",
                        "version": "1",
                        "sku": "GlobalStandard",
                        "capacity": 100,
                    },
                },
            }
        }
    }


def test_outputs_never_hold_keys_and_keys_are_never_read(monkeypatch, frozen_today):
    for stack in ("dev", "prod-eastus", "prod-swedencentral"):
        recording = run_main(stack, monkeypatch)
        assert recording.error is None, recording.errors()
        names = [name.lower() for name in all_keys(recording.exports)]
        assert names
        assert not [name for name in names if any(word in name for word in SECRET_WORDS)]
        assert not [token for token in recording.invokes if "key" in token.lower()]


def test_config_stack_file_names_another_file(monkeypatch, frozen_today):
    recording = run_main("staging", monkeypatch, config={"aoai-infra:stackFile": "stacks/dev.yaml"})
    assert recording.error is None, recording.errors()
    assert "oai-dev-eastus-01" in recording.exports["accounts"]


def write_stack(project: Path, name: str, text: str) -> None:
    (project / "stacks" / f"{name}.yaml").write_text(text)
    shutil.copy(REPO / "infra" / "__main__.py", project / "infra" / "__main__.py")


# MINIMAL with a second deployment of the same name, of a type not offered for the model.
INVALID = (
    MINIMAL + '      - {name: chat, model: gpt-5.4, version: "2026-03-05", sku: Standard, capacity: 100}\n'
)
VALID = MINIMAL


def test_an_invalid_stack_registers_nothing_and_reports_each_finding(project, monkeypatch, frozen_today):
    write_stack(project, "test", INVALID)
    recording = run_main("test", monkeypatch, root=project)
    assert isinstance(recording.error, ProgramError)
    assert str(recording.error) == (
        "stacks/test.yaml does not validate (2 errors above); fix it and check with: "
        "aoai-infra validate stacks/test.yaml. Nothing was changed."
    )
    assert recording.registrations == {}
    errors = recording.errors()
    assert len(errors) == 2
    assert errors == [
        "stacks/test.yaml:12:16: AOAI401 error account 'oai-test' already has a deployment named 'chat' at "
        "stacks/test.yaml:7; give this one another name",
        "stacks/test.yaml:12:66: AOAI105 error gpt-5.4 2026-03-05 is not offered as Standard in eastus; "
        "here it is offered as GlobalStandard, DataZoneStandard, GlobalProvisionedManaged, "
        "DataZoneProvisionedManaged, GlobalBatch, DataZoneBatch; no region offers it as Standard",
    ]


def test_a_missing_stack_file_is_reported_not_raised(project, monkeypatch, frozen_today):
    write_stack(project, "other", INVALID)
    recording = run_main("absent", monkeypatch, root=project)
    assert isinstance(recording.error, ProgramError)
    assert recording.registrations == {}
    (error,) = recording.errors()
    assert error.startswith("stacks/absent.yaml:1:1: AOAI001 error ")


def test_warnings_are_logged_and_do_not_stop_the_program(project):
    write_stack(project, "test", VALID)
    retiring = datetime.date(2027, 8, 1)  # a month before gpt-5.4 2026-03-05 retires (2027-09-02)
    recording = run_program(lambda: run("test", None, cwd=project / "infra", today=retiring), stack="test")
    assert recording.error is None
    warnings = [message for level, message in recording.logs if level == "WARNING"]
    assert [w.split(" ", 2)[:2] for w in warnings] == [
        ["stacks/test.yaml:1:1:", "AOAI022"],  # the catalog is old by then
        ["stacks/test.yaml:9:18:", "AOAI121"],
    ]
    assert recording.named("oai-test/chat").type == "azure-native:cognitiveservices:Deployment"

    retired = datetime.date(2027, 9, 2)
    recording = run_program(lambda: run("test", None, cwd=project / "infra", today=retired), stack="test")
    assert isinstance(recording.error, ProgramError)
    assert recording.registrations == {}


def test_a_stack_for_another_subscription_is_refused(monkeypatch, frozen_today):
    config = {"azure-native:subscriptionId": "11111111-2222-4333-8444-555555555555"}
    recording = run_main("dev", monkeypatch, config=config)
    assert isinstance(recording.error, ProgramError)
    assert "declares subscription 6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7" in str(recording.error)
    assert recording.registrations == {}


def test_the_example_pulumi_stacks_name_the_subscription_of_their_stack_file(monkeypatch, frozen_today):
    for stack in ("dev", "prod-eastus", "prod-swedencentral"):
        config = _pulumi_config(REPO / f"Pulumi.{stack}.yaml")
        recording = run_main(stack, monkeypatch, config=config)
        assert recording.error is None, (stack, recording.errors())


def _pulumi_config(path: Path) -> dict[str, str]:
    import yaml

    return {key: str(value) for key, value in yaml.safe_load(path.read_text())["config"].items()}


def test_outside_a_pulumi_project_the_program_says_where_it_looked(tmp_path):
    recording = run_program(lambda: run("dev", None, cwd=tmp_path), stack="dev")
    assert isinstance(recording.error, ProgramError)
    assert "no Pulumi.yaml in" in str(recording.error)


def test_the_readme_component_example_runs(project, monkeypatch, frozen_today):
    readme = (REPO / "README.md").read_text()
    section = readme.split("### From another Pulumi program", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    (project / "aoai").mkdir()
    shutil.copy(REPO / "stacks" / "prod-eastus.yaml", project / "aoai" / "prod.yaml")
    monkeypatch.chdir(project)
    namespace: dict[str, object] = {}
    recording = run_program(lambda: exec(code, namespace), stack="prod")  # our own README
    assert recording.error is None, recording.errors()
    assert namespace["chat"].__class__.__name__ == "Deployment"
    assert set(recording.exports["aoai"]) == {"oai-prod-eastus-01", "ais-prod-eastus-02"}
