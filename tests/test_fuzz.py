"""No input, however broken, escapes as an exception: seeded random mutations of the example stacks.

Each mutant is validated through the public entry point, as `aoai-infra validate` runs it (reading, the
schema, every rule); it must give findings (or none), never raise, and every finding must point inside
the file. The seed is fixed, so a failure reproduces.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from aoai_infra.source.yamlfile import LINE_BREAK
from aoai_infra.validate import Settings, validate_files
from tests.conftest import CATALOG_DATE, REPO

MUTANTS_PER_STACK = 1000
TOKENS = (
    b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"<<: ", b"!!", b"\t", b"'", b'"', b"#", b"\n",
    b"  ", b"\x00", b"\xff", b"~", b"? ", b"---\n", b"2.0", b"yes", b"|", b">", b"x-", b"\r",
)  # fmt: skip


def _mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data) + 1)
        match rng.randrange(5):
            case 0:  # delete a run
                data = data[:at] + data[at + rng.randint(1, 8) :]
            case 1:  # insert a YAML-significant token
                data = data[:at] + rng.choice(TOKENS) + data[at:]
            case 2:  # duplicate a line
                lines = data.split(b"\n")
                line = rng.randrange(len(lines))
                lines.insert(line, lines[line])
                data = b"\n".join(lines)
            case 3:  # swap two lines
                lines = data.split(b"\n")
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                data = b"\n".join(lines)
            case _:  # change the indentation of a line
                lines = data.split(b"\n")
                line = rng.randrange(len(lines))
                lines[line] = b" " * rng.randint(0, 9) + lines[line].lstrip(b" ")
                data = b"\n".join(lines)
    return data


SETTINGS = Settings(today=CATALOG_DATE)


@pytest.mark.parametrize("stack", sorted((REPO / "stacks").glob("*.yaml")), ids=lambda path: path.stem)
def test_mutated_stacks_never_raise_and_findings_point_inside_the_file(stack: Path, tmp_path: Path):
    rng = random.Random(f"aoai-infra:{stack.name}")
    original = stack.read_bytes()
    mutant_path = tmp_path / stack.name
    outcomes = {"clean": 0, "findings": 0}
    for _ in range(MUTANTS_PER_STACK):
        data = _mutate(original, rng)
        mutant_path.write_bytes(data)
        findings = validate_files([(mutant_path, stack.name)], SETTINGS).findings
        lines = LINE_BREAK.split(data.decode("utf-8", errors="replace"))
        for finding in findings:
            assert 1 <= finding.position.line <= len(lines), (finding, data)
            assert finding.position.column >= 1, (finding, data)
            assert finding.message, finding
        outcomes["findings" if findings else "clean"] += 1
    # Both outcomes occur: the mutations are neither all harmless nor all fatal.
    assert outcomes["findings"] > MUTANTS_PER_STACK // 4
    assert outcomes["clean"] > 0
