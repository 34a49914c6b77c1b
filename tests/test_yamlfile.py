"""YAML to data: positions, merge keys and anchors, and the safety bounds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aoai_infra.findings import Position
from aoai_infra.source import yamlfile
from aoai_infra.source.yamlfile import Doubtful, Timestamp, UnreadableError, parse_yaml, read_text
from tests.conftest import MINIMAL


def test_positions_of_values_and_keys():
    document = parse_yaml(MINIMAL)
    path = ("accounts", 0, "deployments", 0, "capacity")
    assert document.source.position(path) == Position(11, 19)
    assert document.source.key_position(path) == Position(11, 9)
    assert document.source.position(("accounts", 0)) == Position(5, 5)


def test_position_of_a_missing_path_is_the_closest_existing_parent():
    document = parse_yaml(MINIMAL)
    assert document.source.position(("accounts", 0, "deployments", 0, "nope")) == Position(7, 9)
    assert document.source.position(("accounts", 7, "name")) == Position(5, 3)


def test_scalars_keep_yaml_types_and_dates_stay_text():
    document = parse_yaml("a: 1\nb: 2.5\nc: true\nd: ~\ne: 2024-11-20\nf: '2024-11-20'\ng: 0x10\n")
    assert document.data == {
        "a": 1,
        "b": 2.5,
        "c": True,
        "d": None,
        "e": Timestamp("2024-11-20"),
        "f": "2024-11-20",
        "g": Doubtful("0x10", "the number 16"),  # YAML 1.1 hex: kept as written, refused by typed fields
    }
    assert document.source.scalar_text(("g",)) == "0x10"


def test_a_value_repeated_plain_and_quoted_keeps_the_type_of_each_spelling():
    # Tags are resolved once per distinct scalar and file; the spelling (plain or quoted) is part of that.
    text = "a: [true, 'true', true, \"true\", 10, '10', 10, ~, '~', ~]\nb: {x: true, y: 'true'}\n"
    assert parse_yaml(text).data == {
        "a": [True, "true", True, "true", 10, "10", 10, None, "~", None],
        "b": {"x": True, "y": "true"},
    }


def test_merge_keys_follow_yaml_precedence():
    text = """\
x-a: &a {sku: S0, kind: OpenAI, name: from-a}
x-b: &b {kind: AIServices, location: westus}
account:
  <<: [*a, *b]
  name: explicit
"""
    document = parse_yaml(text)
    # Written keys win over merged ones; of the merged mappings the first wins.
    assert document.data["account"] == {
        "name": "explicit",
        "sku": "S0",
        "kind": "OpenAI",
        "location": "westus",
    }
    assert document.source.position(("account", "sku")) == Position(1, 15)


def test_shared_aliases_are_converted_once():
    document = parse_yaml("x-list: &l [1, 2]\na: *l\nb: *l\n")
    assert document.data["a"] == [1, 2]
    assert document.data["a"] is document.data["b"]


def test_merged_key_is_not_a_duplicate():
    document = parse_yaml("x: &x {a: 1}\ny:\n  <<: *x\n  a: 2\n")
    assert document.data["y"] == {"a": 2}


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert read_text(path).startswith("subscription_id")


def test_large_file_is_refused_without_reading_it_all(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: b\n" * (yamlfile.MAX_FILE_BYTES // 5 + 1))
    with pytest.raises(UnreadableError, match="larger than 2 MiB") as error:
        read_text(path)
    assert error.value.rule.code == "AOAI001"


def test_directory_and_missing_file(tmp_path: Path):
    with pytest.raises(UnreadableError, match="is a directory"):
        read_text(tmp_path)
    with pytest.raises(UnreadableError, match="no such file"):
        read_text(tmp_path / "absent.yaml")


def test_permission_denied_gets_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # chmod 000 does not stop root (CI runs as root), so the operating system's answer is simulated.
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(UnreadableError, match="permission denied; make the stack file readable"):
        read_text(tmp_path / "locked.yaml")


@pytest.mark.parametrize("depth", [33, 2_000, 100_000])
def test_deep_flow_nesting_is_refused_without_crashing(depth: int):
    with pytest.raises(UnreadableError, match="deeper than 32") as error:
        parse_yaml("[" * depth + "]" * depth)
    assert error.value.rule.code == "AOAI005"


@pytest.mark.parametrize("depth", [33, 100_000])
def test_deep_compact_block_nesting_is_refused_without_crashing(depth: int):
    with pytest.raises(UnreadableError, match="deeper than 32"):
        parse_yaml("- " * depth + "x\n")


def test_nesting_at_the_limit_is_accepted():
    assert parse_yaml("[" * 32 + "]" * 32).data is not None


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "[" * 600 + "]" * 600,  # flow brackets
        "- " * 600 + "x\n",  # compact block sequences
        "".join(" " * level + f"k{level}:\n" for level in range(600)) + " " * 600 + "v: 1\n",  # indentation
        "".join(" " * level + f"k{level}:\r" for level in range(600)) + " " * 600 + "v: 1\r",  # CR line ends
    ],
    ids=["flow", "compact-block", "indentation", "indentation-cr"],
)
def test_every_way_of_nesting_deeply_is_measured_before_composing(text: str):
    # Each of these nests 600 levels, past what is safe to compose without looking first.
    assert yamlfile.may_nest_too_deep_to_compose(text)
    with pytest.raises(UnreadableError, match="deeper than 32"):
        parse_yaml(text)


def test_ordinary_files_are_composed_directly():
    assert not yamlfile.may_nest_too_deep_to_compose(MINIMAL * 20)


def test_alias_expansion_is_bounded_in_linear_time():
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(UnreadableError, match="more than 500,000 values"):
        parse_yaml(text)


def test_alias_expansion_below_the_bound_is_accepted():
    text = (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b]\n"
    )
    assert len(parse_yaml(text).data["c"]) == 2


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_agree_with_yaml_for_every_line_ending(tmp_path: Path, newline: str):
    # An encoding error (found before parsing) and a syntax error (found by the parser) count lines alike.
    text = newline.join(["a: 1", "b: 2", "c: x\xe9"])
    path = tmp_path / "stack.yaml"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(UnreadableError) as encoding_error:
        read_text(path)
    with pytest.raises(UnreadableError) as syntax_error:
        parse_yaml(newline.join(["a: 1", "b: 2", "c: x: y", "d: 4"]))
    assert encoding_error.value.position == Position(3, 5)
    assert syntax_error.value.position == Position(3, 5)
