"""What a newcomer meets in the repository stays true: README commands, CI, docs, schema, examples."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml

from aoai_infra.rules.registry import ALL_RULES, BY_CODE
from aoai_infra.stack.load import load_stack
from aoai_infra.stack.model import json_schema
from aoai_infra.validate import Settings, validate_paths
from tests.conftest import CATALOG_DATE, REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")
STACKS = sorted((REPO / "stacks").glob("*.yaml"))


def _readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.DOTALL)
    assert block, "README starts with a sh block of the two commands"
    return block.group(1).strip().splitlines()


def test_readme_starts_with_the_two_commands():
    setup_and_run, setup_and_test = _readme_commands()
    assert README.index("```sh") < 40
    assert setup_and_run.endswith("aoai-infra validate stacks/")
    assert "pytest" in setup_and_test


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == [_readme_commands()[1]]


def test_readme_json_example_has_the_real_shape():
    example = json.loads(re.search(r"```json\n(.*?)```", README, re.DOTALL).group(1))  # type: ignore[union-attr]
    from aoai_infra.report.json_report import document
    from aoai_infra.validate import validate_paths

    real = document(validate_paths([str(REPO / "tests/corpus/malformed/version-float.yaml")]))
    assert example.keys() == real.keys()
    assert example["files"][0].keys() == real["files"][0].keys()
    assert example["findings"][0].keys() == real["findings"][0].keys()
    assert example["summary"].keys() == real["summary"].keys()


def test_readme_plan_json_example_has_the_real_shape():
    section = README[README.index("### Plan JSON") :]
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.DOTALL).group(1))  # type: ignore[union-attr]
    from aoai_infra.plan.run import make_plan
    from aoai_infra.report.plan_json import document

    plan = make_plan(
        [str(REPO / "docs/examples/prod-eastus-before.yaml"), str(REPO / "stacks/prod-eastus.yaml")],
        None,
        today=CATALOG_DATE,
    )
    real = document(plan)
    assert example.keys() == real.keys()
    assert example["stacks"][0].keys() == real["stacks"][0].keys()
    assert example["changes"][0].keys() == real["changes"][0].keys()
    assert example["quota"][0].keys() == real["quota"][0].keys()
    assert example["cost"].keys() == real["cost"].keys()
    assert example["cost"]["before"].keys() == real["cost"]["before"].keys()
    shown = example["cost"]["deployments"][0]
    (same,) = [cost for cost in real["cost"]["deployments"] if cost["name"] == shown["name"]]
    assert shown.keys() == same.keys()
    assert shown["after"].keys() == same["after"].keys()
    assert example["summary"].keys() == real["summary"].keys()
    assert example["changes"][0] in [{**change, "losses": change["losses"][:1]} for change in real["changes"]]


def test_every_generated_page_is_what_the_code_says():
    done = subprocess.run(
        [sys.executable, "-m", "aoai_infra.docs", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout


def test_every_rule_is_documented_where_it_is_declared():
    from aoai_infra.rules import docs

    documented = docs.documentation()
    assert set(documented) == set(BY_CODE)
    for rule in ALL_RULES:
        assert "**Fix:**" in documented[rule.code], rule.code
    index = docs.render_index()
    linked = re.findall(r"^\| \[(AOAI\d{3})\]\((AOAI\d{3})\.md\) \|", index, re.MULTILINE)
    assert [code for code, _ in linked] == [rule.code for rule in ALL_RULES]  # each rule once, in a group


def test_rule_codes_and_names_are_unique():
    assert len({rule.code for rule in ALL_RULES}) == len({rule.name for rule in ALL_RULES}) == len(ALL_RULES)


def test_committed_schema_is_in_sync_with_the_models():
    committed = json.loads((REPO / "schema" / "stack.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: aoai-infra schema > schema/stack.schema.json"


def test_pulumi_project():
    project = yaml.safe_load((REPO / "Pulumi.yaml").read_text(encoding="utf-8"))
    assert project["name"] == "aoai-infra"
    assert project["runtime"]["name"] == "python"
    assert project["main"] == "infra/"


def test_the_three_example_stacks_exist():
    assert [path.stem for path in STACKS] == ["dev", "prod-eastus", "prod-swedencentral"]


@pytest.mark.parametrize("path", STACKS, ids=lambda path: path.stem)
def test_example_stack_is_clean_and_matches_its_pulumi_config(path):
    stack = load_stack(path)
    assert stack.findings == ()
    assert stack.spec is not None
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/stack.schema.json\n"
    )
    config = yaml.safe_load((REPO / f"Pulumi.{path.stem}.yaml").read_text(encoding="utf-8"))["config"]
    assert config["azure-native:subscriptionId"] == stack.spec.subscription_id
    assert config["azure-native:location"] == stack.spec.location


def test_examples_show_what_the_issue_asks_for():
    dev, east, sweden = (load_stack(path).spec for path in STACKS)
    assert dev
    assert east
    assert sweden
    assert len(dev.accounts) == 1
    assert len(dev.accounts[0].deployments) == 2
    assert len(east.accounts) == 2
    main = max(east.accounts, key=lambda account: len(account.deployments))
    assert len(main.deployments) >= 3
    assert any(d.content_filter for d in main.deployments)
    assert main.network.private_endpoints
    assert main.network.ip_rules
    assert main.diagnostics
    assert main.roles
    assert sweden.data_residency == "datazone"
    assert all(d.sku.startswith("DataZone") for a in sweden.accounts for d in a.deployments)


def test_readme_terminal_examples_are_real_output():
    blocks = re.findall(r"```text\n\$ (aoai-infra [^\n]+)\n(.*?)```", README, re.DOTALL)
    assert len(blocks) == 4
    for command, shown in blocks:
        # As of the catalog's date, so that the calendar moving on does not change the shown output.
        result = run_cli(*command.split()[1:], "--today", CATALOG_DATE.isoformat())
        assert result.stdout == shown


@pytest.mark.parametrize("path", STACKS, ids=lambda path: path.stem)
def test_example_stack_validates_clean_against_the_bundled_catalog(path):
    # Pinned to the catalog's date: the examples stay clean as the calendar moves on, and a newer catalog
    # that retires one of their models makes this test say so.
    report = validate_paths([str(path)], Settings(today=CATALOG_DATE))
    assert report.findings == []


def test_ci_constraints_pin_every_dependency_inside_its_range():
    """constraints/ci.txt (docs/dependencies.md) pins what CI installs; a pin outside pyproject.toml's
    range would make pip fail, or test a version users cannot get."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (REPO / "constraints" / "ci.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [
        *project["dependencies"],
        *(r for extra in project["optional-dependencies"].values() for r in extra),
    ]
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        if name == "aoai-infra":  # the dev extra names the others
            continue
        assert name in pins, f"{name} is not pinned in constraints/ci.txt; run tools/refresh_constraints.sh"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {text!r}"


def test_the_readme_layout_names_every_module_and_only_modules_that_exist():
    text = README[README.index("Layout of `src/aoai_infra/`") : README.index("Around it:")]
    named: dict[str, set[str]] = {}
    for item in text.split("\n- ")[1:]:
        package = ""  # the top level, until a package is named; a module belongs to the last one named
        for folder, module in re.findall(r"`([\w/]+)/`|`(\w+\.py)`", item):
            if folder:
                package = folder
            else:
                named.setdefault(package, set()).add(module)
    root = REPO / "src" / "aoai_infra"
    actual: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        if path.name != "__init__.py":
            actual.setdefault(path.parent.relative_to(root).as_posix().replace(".", ""), set()).add(path.name)
    assert named == actual
