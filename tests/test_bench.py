"""The benchmark measures the whole validation path: the stacks it generates are valid."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from aoai_infra.validate import validate_paths
from tests.conftest import REPO


def test_generated_benchmark_stacks_validate_clean(tmp_path: Path):
    spec = importlib.util.spec_from_file_location("bench_validate", REPO / "bench" / "validate.py")
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(tmp_path, files=3, accounts=2, deployments=5)
    report = validate_paths([str(tmp_path)])
    assert len(report.stacks) == 3
    assert report.findings == []
    assert sum(len(a.deployments) for s in report.stacks if s.spec for a in s.spec.accounts) == 30
