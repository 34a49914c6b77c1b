"""Hostile input never wins: each class of attack on the command line and the files it reads.

Live mode against a hostile server is in tests/live/test_hostile_server.py; YAML 1.1 guesses and
nesting bombs are cases of tests/corpus/malformed/.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from aoai_infra import validate as validate_module
from aoai_infra.stack.load import load_stack
from aoai_infra.validate import discover
from tests.conftest import MINIMAL, REPO, run_cli

LONG_NAME = "x" * 300  # longer than a file name may be (255 bytes on Linux file systems)


def write(path: Path, text: str = MINIMAL) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --output: never destroys an input, a link or a device; atomic; clear when it cannot


def test_output_that_is_an_input_is_refused_before_anything_is_written(tmp_path: Path):
    stack = write(tmp_path / "stack.yaml")
    for args in (["validate", "stack.yaml"], ["validate", "."], ["plan", "stack.yaml", "stack.yaml"]):
        result = run_cli(*args, "--output", "stack.yaml", cwd=tmp_path)
        assert result.returncode == 2, args
        assert "it is one of the inputs" in result.stderr
        assert stack.read_text() == MINIMAL
    catalog = tmp_path / "catalog.json"
    catalog.write_text((REPO / "src/aoai_infra/catalog/data/catalog.json").read_text())
    result = run_cli(
        "validate", "stack.yaml", "--catalog", "catalog.json", "-o", "catalog.json", cwd=tmp_path
    )
    assert result.returncode == 2
    assert catalog.stat().st_size > 1000


def test_output_through_a_link_writes_the_target_and_keeps_the_link(tmp_path: Path):
    write(tmp_path / "stack.yaml")
    (tmp_path / "reports").mkdir()
    (tmp_path / "report.txt").symlink_to("reports/latest.txt")
    result = run_cli("validate", "stack.yaml", "-o", "report.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "report.txt").is_symlink()
    assert "checked 1 file" in (tmp_path / "reports/latest.txt").read_text()


def test_output_to_a_device_is_written_to_not_replaced(tmp_path: Path):
    write(tmp_path / "stack.yaml")
    (tmp_path / "null").symlink_to(os.devnull)  # the old code replaced what -o names with a file
    result = run_cli("validate", "stack.yaml", "-o", "null", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "null").is_symlink()
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_output_to_a_fifo_is_streamed_into_it(tmp_path: Path):
    write(tmp_path / "stack.yaml")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run_cli("validate", "stack.yaml", "-o", "pipe", cwd=tmp_path)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"checked 1 file" in received[0]


def test_an_output_name_too_long_is_a_clear_error_and_leaves_nothing(tmp_path: Path):
    write(tmp_path / "stack.yaml")
    result = run_cli("validate", "stack.yaml", "-o", LONG_NAME, cwd=tmp_path)
    assert result.returncode == 2
    assert "the name is too long for the file system" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["stack.yaml"]


def test_an_output_name_that_just_fits_is_written(tmp_path: Path):
    write(tmp_path / "stack.yaml")
    name = "r" * 255  # the temporary file beside it must not need a longer name
    result = run_cli("validate", "stack.yaml", "-o", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [name, "stack.yaml"]


# Every file read with a bound: only regular files, at most a documented size


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.json"
    os.mkfifo(path)
    return path


def test_a_catalog_that_is_a_fifo_or_a_device_is_refused_at_once(tmp_path: Path, fifo: Path):
    write(tmp_path / "stack.yaml")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    for catalog, kind in ((fifo, "a FIFO (named pipe)"), (tmp_path / "zero.json", "a device")):
        result = run_cli("validate", "stack.yaml", "--catalog", str(catalog), cwd=tmp_path)
        assert result.returncode == 2
        assert f"AOAI020 error is {kind}, not a regular file; name the catalog itself" in result.stdout


def test_a_stacks_own_catalog_and_the_offered_policys_catalog_are_bounded(tmp_path: Path, fifo: Path):
    write(tmp_path / "stack.yaml", MINIMAL + "catalog: fifo.json\n")
    result = run_cli("validate", "stack.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "is a FIFO (named pipe), not a regular file" in result.stdout
    write(tmp_path / "plain.yaml")
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"aoai-deployment-offered": {"catalog": str(fifo)}}))
    result = run_cli("check-policies", "plain.yaml", "--policy-config", "config.json", cwd=tmp_path)
    assert result.returncode in (1, 2), result.stdout + result.stderr
    assert "internal error" not in result.stderr
    assert "is a FIFO (named pipe)" in result.stdout + result.stderr


def test_a_catalog_larger_than_the_bound_is_refused(tmp_path: Path):
    write(tmp_path / "stack.yaml")
    with (tmp_path / "big.json").open("wb") as stream:
        stream.truncate(65 * 1024 * 1024)  # sparse: no disk used
    result = run_cli("validate", "stack.yaml", "--catalog", "big.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "the catalog is larger than 64 MiB, the most aoai-infra reads" in result.stdout


def test_a_yaml_catalog_has_the_yaml_bound(tmp_path: Path):
    write(tmp_path / "stack.yaml")
    with (tmp_path / "big.yaml").open("wb") as stream:
        stream.truncate(3 * 1024 * 1024)  # parsed into a node tree many times its size: 2 MiB at most
    result = run_cli("validate", "stack.yaml", "--catalog", "big.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "the catalog is larger than 2 MiB, the most aoai-infra reads; use a smaller catalog" in result.stdout
    )


POLICY_CONFIGS = {
    "all twice": (b'{"all": "advisory",\n "all": "mandatory"}', ':2:2: duplicate key "all"'),
    "a BOM": (b'\xef\xbb\xbf{"all": "advisory"}', ":1:1: the file starts with a byte order mark"),
    "NaN": (b'{"aoai-deployment-max-capacity": {"maxCapacity": NaN}}', ":1:50: NaN is not a JSON number"),
    "Infinity": (b'{"x":\n  Infinity}', ":2:3: Infinity is not a JSON number"),
    "thousands of digits": (b'{"x": ' + b"9" * 5000 + b"}", ":1:7: a number of 5,000 characters"),
    "3,000 levels": (b"[" * 3000 + b"]" * 3000, ":1:501: the JSON nests too deeply to read"),
    "not UTF-8": (b'{"x": "\xff"}', ":1:8: not valid UTF-8"),
}


@pytest.mark.parametrize(("content", "message"), POLICY_CONFIGS.values(), ids=POLICY_CONFIGS.keys())
def test_a_policy_config_that_json_would_misread_is_a_located_error(
    tmp_path: Path, content: bytes, message: str
):
    write(tmp_path / "stack.yaml")
    (tmp_path / "config.json").write_bytes(content)
    result = run_cli("check-policies", "stack.yaml", "--policy-config", "config.json", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"config.json{message}" in result.stderr


@pytest.mark.parametrize(("content", "message"), POLICY_CONFIGS.values(), ids=POLICY_CONFIGS.keys())
def test_a_catalog_that_json_would_misread_is_a_located_error(tmp_path: Path, content: bytes, message: str):
    write(tmp_path / "stack.yaml")
    (tmp_path / "catalog.json").write_bytes(content)
    result = run_cli("validate", "stack.yaml", "--catalog", "catalog.json", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    where, _, what = message.partition(": ")
    assert f"catalog.json{where}: AOAI020 error the catalog cannot be read: {what}" in result.stdout


# Never exit 3 on input


def test_odd_paths_named_directly_are_located_errors(tmp_path: Path, fifo: Path):
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    cases = {
        "loop.yaml": "too many levels of symbolic links",
        "fifo.json": "is a FIFO (named pipe), not a regular file",
        "": "the path is empty; name a stack file or a directory",
    }
    for name, message in cases.items():
        result = run_cli("validate", name, cwd=tmp_path)
        assert result.returncode == 2, (name, result.stderr)
        assert message in result.stdout


def test_a_folder_that_cannot_be_listed_is_named_and_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    write(tmp_path / "ok.yaml")
    (tmp_path / "locked").mkdir()
    (tmp_path / "gone").mkdir()
    real_scandir = os.scandir

    def scandir(path: str) -> Any:  # chmod 000 does not stop root (CI), so the refusal is simulated
        name = os.fsdecode(path)
        if name.endswith("locked"):
            raise PermissionError(13, "Permission denied", name)
        if name.endswith("gone"):  # deleted after its parent was listed
            raise FileNotFoundError(2, "No such file or directory", name)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, findings = discover([str(tmp_path)])
    assert [file.name for file, _shown in files] == ["ok.yaml"]
    assert sorted((Path(f.file).name, f.code, f.message.split(";")[0]) for f in findings) == [
        ("gone", "AOAI001", "cannot list this directory: No such file or directory"),
        ("locked", "AOAI001", "cannot list this directory: Permission denied"),
    ]
    assert validate_module.validate_files(files, findings=findings).exit_code == 2


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path):
    Path(os.fsdecode(os.fsencode(tmp_path) + b"/bad-\xff.yaml")).write_text(
        MINIMAL.replace("capacity: 10", "capacity: 0"), encoding="utf-8"
    )
    shown = {
        "text": "bad-\\xff.yaml",
        "json": "bad-\\\\xff.yaml",
        "sarif": "bad-%5Cxff.yaml",
        "github": "bad-\\xff",
    }
    for output_format, name in shown.items():
        result = run_cli("validate", ".", "--format", output_format, cwd=tmp_path)
        assert result.returncode == 1, (output_format, result.stderr)
        assert name in result.stdout, output_format


def test_a_capacity_of_thousands_of_digits_in_check_policies(tmp_path: Path):
    write(tmp_path / "stack.yaml", MINIMAL.replace("capacity: 10", "capacity: " + "9" * 4300))
    result = run_cli("check-policies", "stack.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "is a number of more than 15 digits" in result.stdout
    assert "internal error" not in result.stderr


# Text output cannot be forged


FORGED = "chat\nstack.yaml:1:1: AOAI999 error forged\x1b[2J\x9b31m\u2028"


def test_values_cannot_print_a_finding_line_or_drive_the_terminal(tmp_path: Path):
    text = MINIMAL.replace("gpt-5.4", json.dumps(FORGED)).replace(
        "name: oai-test", "name: " + json.dumps(FORGED)
    )
    write(tmp_path / "stack.yaml", text)
    result = run_cli("validate", "stack.yaml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert not any(line.startswith("stack.yaml:1:1: AOAI999") for line in lines)
    for unsafe in ("\x1b", "\x9b", "\u2028"):
        assert unsafe not in result.stdout
    assert "chat\\nstack.yaml:1:1: AOAI999 error forged\\x1b[2J\\x9b31m\\u2028" in result.stdout


def test_plan_text_and_markdown_escape_values(tmp_path: Path):
    old = write(tmp_path / "old.yaml")
    new = write(tmp_path / "new.yaml", MINIMAL.replace("name: chat", "name: " + json.dumps(FORGED)))
    for output_format in ("text", "markdown"):
        result = run_cli("plan", str(old), str(new), "--format", output_format, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert "\u2028" not in result.stdout
        assert not any(line.startswith("stack.yaml:1:1: AOAI999") for line in result.stdout.splitlines())


def test_a_file_name_cannot_forge_a_finding_line(tmp_path: Path):
    name = "a.yaml\nb.yaml:1:1: AOAI999 error forged\n.yaml"
    write(tmp_path / name, MINIMAL.replace("capacity: 10", "capacity: 0"))
    result = run_cli("validate", name, cwd=tmp_path)
    assert result.returncode == 1
    assert not any(line.startswith("b.yaml:1:1") for line in result.stdout.splitlines())


# Bombs stay bounded


def merge_bomb(width: int, levels: int, keys: int) -> str:
    """Keys an account merges from a mapping listed after a wide tree of merges that lacks them: the
    old lookup walked the whole tree again for every finding (width ** levels steps each)."""
    lines = ["x-b0: &b0 {kind: OpenAI}"]
    lines += [f"x-b{i}: &b{i} {{<<: [{', '.join([f'*b{i - 1}'] * width)}]}}" for i in range(1, levels + 1)]
    lines.append("x-k: &k {" + ", ".join(f"k{n}: 1" for n in range(keys)) + "}")
    account = MINIMAL.split("accounts:\n")[1].replace(
        "  - name: oai-test", f"  - <<: [*b{levels}, *k]\n    name: a"
    )
    return "\n".join(lines) + "\n" + MINIMAL.split("accounts:\n")[0] + "accounts:\n" + account


def lookups(path: Path) -> int:
    """How many merge lookups loading the file makes (the profiler counts calls, not time)."""
    calls = 0

    def count(frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        if event == "call" and frame.f_code.co_name == "_lookup":  # type: ignore[attr-defined]
            calls += 1

    sys.setprofile(count)
    try:
        loaded = load_stack(path)
    finally:
        sys.setprofile(None)
    assert len(loaded.findings) == 200  # one unknown key each
    return calls


def test_finding_positions_in_a_merge_bomb_are_looked_up_in_linear_time(tmp_path: Path):
    small = lookups(write(tmp_path / "small.yaml", merge_bomb(width=10, levels=3, keys=200)))
    large = lookups(write(tmp_path / "large.yaml", merge_bomb(width=20, levels=3, keys=200)))
    # The large tree has 8 times the paths (8,000, not 1,000) but only a few more lines: lookups that
    # walk the tree for every finding grow 8-fold; lookups linear in the file barely grow.
    assert large < 1.5 * small


def test_a_long_aliased_value_is_quoted_short_in_every_message(tmp_path: Path):
    value = "v" * 300_000
    aliases = ", ".join(["*big"] * 1000)
    text = f"x-big: &big {value}\nx-list: [{aliases}]\n" + MINIMAL.replace(
        "    deployments:", "    tags: {a: *big}\n    deployments:"
    )
    write(tmp_path / "stack.yaml", text.replace("capacity: 10", "capacity: *big"))
    result = run_cli("validate", "stack.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stdout) < 5_000
    assert "(299,920 more characters)" in result.stdout
