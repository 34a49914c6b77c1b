"""Where live mode connects: clouds, --arm-endpoint, plain http only on loopback, and the subscription."""

from __future__ import annotations

from pathlib import Path

import pytest
from azure.core import AzureClouds
from azure.identity import AzureAuthorityHosts
from azure.mgmt.core.tools import get_arm_endpoints

from aoai_infra.live.endpoint import CLOUDS, Cloud, LiveUsageError, resolve_target, subscription
from tests.conftest import REPO, run_cli
from tests.live.conftest import SUBSCRIPTION

TOKEN_ENV = {"AOAI_INFRA_ARM_TOKEN": "t"}


@pytest.mark.parametrize(
    ("cloud", "azure_cloud", "authority"),
    [
        (Cloud.AzurePublic, AzureClouds.AZURE_PUBLIC_CLOUD, AzureAuthorityHosts.AZURE_PUBLIC_CLOUD),
        (Cloud.AzureUSGovernment, AzureClouds.AZURE_US_GOVERNMENT, AzureAuthorityHosts.AZURE_GOVERNMENT),
        (Cloud.AzureChina, AzureClouds.AZURE_CHINA_CLOUD, AzureAuthorityHosts.AZURE_CHINA),
    ],
)
def test_each_cloud_uses_azures_own_endpoints(cloud: Cloud, azure_cloud: AzureClouds, authority: str):
    endpoints = get_arm_endpoints(azure_cloud)
    assert CLOUDS[cloud] == (endpoints["resource_manager"], endpoints["credential_scopes"][0], authority)
    target = resolve_target(cloud, None, {})
    assert (target.endpoint, target.authority, target.static_token) == (
        endpoints["resource_manager"], authority, None,
    )  # fmt: skip


def test_the_public_cloud_is_the_default():
    assert resolve_target(None, None, {}).endpoint == "https://management.azure.com/"


def test_an_https_endpoint_uses_real_credentials_scoped_to_it():
    target = resolve_target(None, "https://arm.contoso.local:8443/", TOKEN_ENV)
    assert (target.endpoint, target.scope, target.static_token) == (
        "https://arm.contoso.local:8443/", "https://arm.contoso.local:8443/.default", None,
    )  # fmt: skip


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.53", "localhost", "[::1]"])
def test_plain_http_on_loopback_takes_the_static_token(host: str):
    target = resolve_target(None, f"http://{host}:8080", {"AOAI_INFRA_ARM_TOKEN": "emulator"})
    assert target.static_token == "emulator"
    assert target.endpoint == f"http://{host}:8080/"


@pytest.mark.parametrize(
    ("url", "environ", "fix"),
    [
        ("http://10.0.0.4:8080", TOKEN_ENV, "use https://"),
        ("http://management.azure.com", TOKEN_ENV, "use https://"),
        ("http://127.0.0.1:8080", {}, "set AOAI_INFRA_ARM_TOKEN"),
        ("ftp://127.0.0.1", TOKEN_ENV, "is not an http(s) URL"),
        ("management.azure.com", TOKEN_ENV, "is not an http(s) URL"),
    ],
)
def test_refused_endpoints_say_why(url: str, environ: dict[str, str], fix: str):
    with pytest.raises(LiveUsageError) as raised:
        resolve_target(None, url, environ)
    assert fix in str(raised.value)


def test_cloud_and_endpoint_together_are_refused():
    with pytest.raises(LiveUsageError, match="either --cloud or --arm-endpoint"):
        resolve_target(Cloud.AzureChina, "https://example.test", {})


def test_subscription_comes_from_the_flag_then_the_environment_then_the_stack():
    flag, env, stack = (f"{digit * 8}-0000-0000-0000-000000000000" for digit in "123")
    environ = {"AZURE_SUBSCRIPTION_ID": env}
    assert subscription(flag, environ, stack) == flag
    assert subscription(None, environ, stack) == env
    assert subscription(None, {}, stack) == stack
    with pytest.raises(LiveUsageError, match="--subscription ID, set AZURE_SUBSCRIPTION_ID"):
        subscription(None, {}, None)
    with pytest.raises(LiveUsageError, match="'contoso-prod' is not a GUID"):
        subscription("contoso-prod", {}, None)


def test_the_cli_refuses_plain_http_off_loopback_before_anything_is_sent(tmp_path: Path):
    result = run_cli(
        "catalog", "sync", "--regions", "eastus", "--subscription", SUBSCRIPTION, "--out", "out.json",
        "--arm-endpoint", "http://192.0.2.10:8080", cwd=tmp_path, env=TOKEN_ENV,
    )  # fmt: skip
    assert result.returncode == 2
    assert "uses plain http" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regions", "east us"], "give Azure region names separated by commas"),
        (["--regions", "all,eastus"], "give Azure region names separated by commas"),
        ([], "name the regions to read"),
    ],
)
def test_the_cli_explains_a_bad_region_list(tmp_path: Path, args: list[str], message: str):
    result = run_cli(
        "catalog", "sync", "--subscription", SUBSCRIPTION, "--out", "out.json", *args,
        "--arm-endpoint", "http://127.0.0.1:9", cwd=tmp_path, env=TOKEN_ENV,
    )  # fmt: skip
    assert result.returncode == 2
    assert message in result.stderr


def test_the_cli_needs_a_subscription(tmp_path: Path):
    result = run_cli(
        "catalog", "sync", "--regions", "eastus", "--out", "out.json", "--arm-endpoint", "http://127.0.0.1:9",
        cwd=tmp_path, env={**TOKEN_ENV, "AZURE_SUBSCRIPTION_ID": ""},
    )  # fmt: skip
    assert result.returncode == 2
    assert "no subscription: pass --subscription ID" in result.stderr


def test_the_readme_explains_every_azure_error_code_live_mode_explains():
    from aoai_infra.live.errors import EXPLANATIONS

    section = (REPO / "README.md").read_text().split("### When Azure says no", 1)[1].split("\n## ", 1)[0]
    for code in EXPLANATIONS:
        assert f"| `{code}`" in section, code


@pytest.mark.parametrize("flag", ["--stack", "--catalog"])
def test_an_unreadable_stack_or_base_catalog_is_located_before_azure_is_asked(tmp_path: Path, flag: str):
    (tmp_path / "bad.yaml").write_text("x: [\n")
    result = run_cli(
        "catalog", "sync", "--regions", "eastus", "--subscription", SUBSCRIPTION, "--out", "out.json",
        flag, "bad.yaml", "--arm-endpoint", "http://127.0.0.1:9", cwd=tmp_path, env=TOKEN_ENV,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("bad.yaml:2:1: AOAI002 error YAML syntax error")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_the_guard_compares_scheme_host_and_port():
    from aoai_infra.live.guard import origin

    assert origin("https://Management.Azure.com/subscriptions") == ("https", "management.azure.com", 443)
    assert origin("https://management.azure.com:443/") == origin("https://management.azure.com/")
    assert origin("http://management.azure.com/") != origin("https://management.azure.com/")
    assert origin("https://management.azure.com.evil.example/") != origin("https://management.azure.com/")
    assert origin("http://127.0.0.1:99999/")[0] == ""  # no origin: it matches no endpoint
