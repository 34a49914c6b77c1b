"""Live mode against a server that lies: links and redirects to other hosts, answers that never end,
answers too large or compressed into bombs, and answers of the wrong shape. Every one is a per-region
problem (exit 1) or a refusal to start (exit 2), never a token sent elsewhere, never exit 3.

"Another host" is a second emulator on 127.0.0.2 (loopback, like every address these tests talk to).
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.live.conftest import LIVE_ENV, SUBSCRIPTION, leftovers, live_cli, serve_regions, usage
from tests.live.emulator import ArmEmulator, Fault


@pytest.fixture
def other() -> Iterator[ArmEmulator]:
    emulator = ArmEmulator(host="127.0.0.2").start()
    serve_regions(emulator, "eastus")
    yield emulator
    emulator.stop()


def sync(arm: ArmEmulator, tmp_path: Path, *args: str):
    return live_cli(
        arm, "catalog", "sync", "--subscription", SUBSCRIPTION, "--out", "out.json", "--regions", "eastus",
        *args, cwd=tmp_path,
    )  # fmt: skip


def test_a_next_link_to_another_host_is_refused_and_nothing_is_sent_there(
    arm: ArmEmulator, other: ArmEmulator, tmp_path: Path
):
    serve_regions(arm, "eastus")
    arm.page_size = 1
    arm.link_base = other.url  # page 2 of each list "lives" on 127.0.0.2
    result = sync(arm, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ForeignHost" not in result.stderr
    assert "pointed at http://127.0.0.2:" in result.stdout
    assert "nothing was sent there" in result.stdout
    assert other.requests == []  # neither the token nor any request reached the other host
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("port_only", [False, True])
def test_a_redirect_elsewhere_is_not_followed(
    arm: ArmEmulator, other: ArmEmulator, tmp_path: Path, port_only: bool
):
    serve_regions(arm, "eastus")
    # Another host, or the same host on another port: either is another origin.
    elsewhere = other.url if not port_only else other.url.replace("127.0.0.2", "127.0.0.1")
    path = f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.CognitiveServices/locations/eastus/models"
    arm.fail("models:eastus", Fault(307, headers={"Location": f"{elsewhere}{path}"}), always=True)
    result = sync(arm, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "not the Resource Manager endpoint in use" in result.stdout
    assert other.requests == []
    assert not (tmp_path / "out.json").exists()


DEV_ACCOUNT = "rg-aoai-dev-eastus/oai-dev-eastus-01"  # stacks/dev.yaml
DEV_POOLS = ("OpenAI.GlobalStandard.gpt-5.4", "OpenAI.GlobalStandard.text-embedding-3-large")


def validate_dev(arm: ArmEmulator):
    return run_cli(
        "validate", "stacks/dev.yaml", "--live", "--arm-endpoint", arm.url, "--timeout", "2", env=LIVE_ENV
    )


def test_a_next_link_that_is_not_a_url_is_that_regions_problem(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    arm.page_size = 1
    arm.link_base = "http://127.0.0.1:99999"
    result = sync(arm, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "internal error" not in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_validate_live_sends_nothing_to_a_linked_host(arm: ArmEmulator, other: ArmEmulator):
    arm.page_size = 1
    arm.link_base = other.url
    arm.usages["eastus"] = [usage(name, 1000, 0) for name in DEV_POOLS]
    arm.deployments[DEV_ACCOUNT] = []
    result = validate_dev(arm)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "AOAI212" in result.stdout  # the pools could not be read in full, so they are unverified
    assert "pointed at http://127.0.0.2:" in result.stdout
    assert other.requests == []


@pytest.mark.parametrize(
    "endpoint",
    ["http://user:s3cret@127.0.0.1:9/", "http://:s3cret@127.0.0.1:9/", "https://s3cret@example.com/"],
)
def test_an_endpoint_with_credentials_in_it_is_refused_without_echoing_them(tmp_path: Path, endpoint: str):
    result = run_cli(
        "catalog", "sync", "--regions", "eastus", "--subscription", SUBSCRIPTION, "--out", "out.json",
        "--arm-endpoint", endpoint, cwd=tmp_path, env=LIVE_ENV,
    )  # fmt: skip
    assert result.returncode == 2
    assert "must not hold a user name or password" in result.stderr
    assert "s3cret" not in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("endpoint", ["http://[::1", "http://127.0.0.1:99999/", "http://127.0.0.1:x/"])
def test_a_malformed_endpoint_is_a_usage_error(tmp_path: Path, endpoint: str):
    result = run_cli(
        "validate", "stacks/dev.yaml", "--live", "--arm-endpoint", endpoint, env=LIVE_ENV,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "--arm-endpoint is not an http(s) URL of a host" in result.stderr


DRIPS = {
    # ~400 bytes of body at two bytes a second: 200 s a try, were it not cut off
    "body": (
        "models:eastus",
        Fault(200, body=json.dumps({"value": [{"kind": "OpenAI"}] * 20}).encode(), drip=0.5),
    ),
    # the status line and headers alone: 40 s a try
    "headers": ("usages:eastus", Fault(200, body=b'{"value": []}', drip=0.5, drip_head=True)),
}


@pytest.mark.parametrize(("call", "fault"), DRIPS.values(), ids=DRIPS.keys())
def test_an_answer_that_drips_is_cut_off_at_the_timeout(
    arm: ArmEmulator, tmp_path: Path, call: str, fault: Fault
):
    serve_regions(arm, "eastus")
    arm.fail(call, fault, always=True)
    started = time.monotonic()
    result = run_cli(  # not live_cli: its short --timeout would be cut by the read timeout alone
        "catalog", "sync", "--subscription", SUBSCRIPTION, "--out", "out.json", "--regions", "eastus",
        "--arm-endpoint", arm.url, "--timeout", "2", "--retries", "1", cwd=tmp_path, env=LIVE_ENV,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stdout + result.stderr
    assert "did not answer in time" in result.stdout
    assert len(arm.calls(call)) == 2  # the first try and one retry, each cut off
    assert elapsed < 20  # two tries of about two seconds each


def test_a_compressed_bomb_is_refused(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    bomb = gzip.compress(b'{"value": [' + b" " * (200 * 1024 * 1024) + b"]}", compresslevel=9)
    assert len(bomb) < 1024 * 1024
    arm.fail("models:eastus", Fault(200, body=bomb, headers={"Content-Encoding": "gzip"}), always=True)
    result = sync(arm, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "larger than 32 MiB" in result.stdout
    assert not (tmp_path / "out.json").exists()


def test_an_answer_too_large_is_refused(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    huge = b'{"value": [], "padding": "' + b"x" * (33 * 1024 * 1024) + b'"}'
    arm.fail("usages:eastus", Fault(200, body=huge), always=True)
    result = sync(arm, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "larger than 32 MiB" in result.stdout


def test_a_small_compressed_answer_is_read(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    body = gzip.compress(json.dumps({"value": arm.models["eastus"]}).encode())
    arm.fail("models:eastus", Fault(200, body=body, headers={"Content-Encoding": "gzip"}), always=True)
    result = sync(arm, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads((tmp_path / "out.json").read_text())["regions"]["eastus"]


MALFORMED = {
    "html": b"<html><body>Service Unavailable</body></html>",
    "a JSON array": b"[1, 2, 3]",
    "value is text": b'{"value": "models"}',
    "value of numbers": b'{"value": [1, 2]}',
    "a model without its fields": b'{"value": [{"kind": "OpenAI", "model": {"name": 5, "skus": "x"}}]}',
}


USAGES = {
    "NaN": b'{"value": [{"name": {"value": "OpenAI.Standard.gpt-4o"}, "limit": NaN, "currentValue": 0}]}',
    "Infinity": b'{"value": [{"name": {"value": "u"}, "limit": Infinity, "currentValue": 0}]}',
    "1e308": b'{"value": [{"name": {"value": "u"}, "limit": 1e308, "currentValue": 0}]}',
    "negative": b'{"value": [{"name": {"value": "u"}, "limit": 10, "currentValue": -5}]}',
    "text": b'{"value": [{"name": {"value": "u"}, "limit": "many", "currentValue": 0}]}',
    "name is text": b'{"value": [{"name": "u", "limit": 1, "currentValue": 0}]}',
}


ANSWERS = [
    *(pytest.param("models:eastus", body, id=f"models {name}") for name, body in MALFORMED.items()),
    *(pytest.param("usages:eastus", body, id=f"usages {name}") for name, body in USAGES.items()),
]


@pytest.mark.parametrize(("call", "body"), ANSWERS)
def test_a_malformed_answer_is_that_regions_problem(arm: ArmEmulator, tmp_path: Path, call: str, body: bytes):
    serve_regions(arm, "eastus")
    arm.fail(call, Fault(200, body=body), always=True)
    result = sync(arm, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "internal error" not in result.stderr
    assert "eastus" in result.stdout
    assert not (tmp_path / "out.json").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("limit", ["NaN", "Infinity", "1e308", "-1", '"many"'])
def test_a_malformed_usage_number_leaves_validate_live_unverified(arm: ArmEmulator, limit: str):
    entries = ", ".join(
        f'{{"name": {{"value": "{name}"}}, "limit": {limit}, "currentValue": 0}}' for name in DEV_POOLS
    )
    arm.fail("usages:eastus", Fault(200, body=f'{{"value": [{entries}]}}'.encode()), always=True)
    arm.deployments[DEV_ACCOUNT] = []
    result = validate_dev(arm)
    assert result.returncode == 0, result.stdout + result.stderr
    # Not taken as a limit (NaN compares false with everything, so it would pass any capacity): the
    # pools are reported unverified and checked against the catalog instead.
    assert result.stdout.count("AOAI212") == 2, result.stdout


def test_azure_error_messages_cannot_forge_output(arm: ArmEmulator, tmp_path: Path):
    serve_regions(arm, "eastus")
    forged = "x\nstacks/dev.yaml:1:1: AOAI999 error forged\x1b[2J"
    arm.fail("models:eastus", Fault(400, "SomethingNew", forged), always=True)
    result = sync(arm, tmp_path)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert not any(line.startswith("stacks/dev.yaml:1:1") for line in result.stdout.splitlines())
    assert "\\nstacks/dev.yaml:1:1: AOAI999 error forged\\x1b[2J" in result.stdout
