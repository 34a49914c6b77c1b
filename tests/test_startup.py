"""The validate and plan paths must not import pulumi, pulumi-azure-native or an Azure SDK.

Stand-in packages that record their import are put first on PYTHONPATH, so the test fails whether or not
the real packages are installed on this machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_cli

FORBIDDEN = ("pulumi", "pulumi_azure_native", "pulumi_policy", "azure")


def _trap(tmp_path: Path) -> tuple[Path, Path]:
    traps, marker = tmp_path / "traps", tmp_path / "imported.txt"
    for name in FORBIDDEN:
        package = traps / name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(
            f"with open({str(marker)!r}, 'a') as f:\n    f.write({name!r} + '\\n')\n"
        )
    return traps, marker


def test_trap_packages_do_detect_an_import(tmp_path: Path):
    traps, marker = _trap(tmp_path)
    subprocess.run([sys.executable, "-c", "import azure"], env={"PYTHONPATH": str(traps)}, check=True)
    assert marker.read_text() == "azure\n"


def test_validate_imports_no_pulumi_and_no_azure_sdk(tmp_path: Path):
    traps, marker = _trap(tmp_path)
    for args in (
        ["validate", "stacks/"],
        ["validate", "stacks/", "--format", "json"],
        ["--version"],
        ["schema"],
        ["plan", "stacks/dev.yaml", "stacks/dev.yaml"],
        ["plan", "stacks/prod-eastus.yaml", "stacks/prod-eastus.yaml", "--format", "markdown"],
        ["plan", "stacks/prod-eastus.yaml", "stacks/prod-eastus.yaml", "--format", "json"],
    ):
        result = run_cli(*args, cwd=REPO, env={"PYTHONPATH": str(traps)})
        assert result.returncode == 0, result.stderr
    assert not marker.exists(), marker.read_text()


def test_the_resource_list_imports_no_pulumi(tmp_path: Path):
    """`plan` and `check-policies` read the same list provisioning registers; that must not pull Pulumi in."""
    traps, marker = _trap(tmp_path)
    code = "import aoai_infra.stack.resources, aoai_infra.plan.resources"
    subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(traps)}, check=True)
    assert not marker.exists(), marker.read_text()


def test_live_mode_without_the_azure_packages_says_how_to_install_them(tmp_path: Path):
    traps, _ = _trap(tmp_path)  # the stand-in `azure` has no azure.core: as if the extra were missing
    for args in (
        ["validate", "stacks/dev.yaml", "--live"],
        ["catalog", "sync", "--regions", "eastus", "--subscription", "x", "--out", str(tmp_path / "c.json")],
    ):
        result = run_cli(*args, cwd=REPO, env={"PYTHONPATH": str(traps)})
        assert result.returncode == 2
        assert "live mode needs Azure's packages" in result.stderr
        assert "pip install 'aoai-infra[live]'" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "c.json").exists()
