"""Benchmark `aoai-infra validate` against a bare YAML parse, as whole processes, in one run.

1. Throughput: a generated repository of 200 stack files x 10 accounts x 5 deployments (10,000
   deployments). `aoai-infra validate DIR` against a process that only parses the same files with
   `yaml.load(..., Loader=yaml.CSafeLoader)`. Target: ratio <= 1.5.
2. Start-up: `aoai-infra validate stacks/dev.yaml` against `python -c "import yaml"`. Target: ratio <= 4.0.
   The floor is measured alongside: a process that imports what the command line is built on (typer,
   which builds on pydantic since 0.29) and runs a typer command that takes one path, doing nothing.

Runs of the two sides alternate and the best of each is kept, so that a noisy, shared machine slows both
alike. Only ratios are printed as results; absolute times are shown for context.

    python bench/validate.py [--files 200] [--accounts 10] [--deployments 5] [--runs 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("aoai-infra")

# Model, version and deployment type combinations offered in eastus (catalog facts, S_DEP_STD).
DEPLOYMENTS = (
    ("chat", "gpt-5.4", "2026-03-05", "GlobalStandard", 20),
    ("chat-dz", "gpt-5.4", "2026-03-05", "DataZoneStandard", 10),
    ("mini", "gpt-5.4-mini", "2026-03-17", "GlobalStandard", 20),
    ("embeddings", "text-embedding-3-large", "1", "GlobalStandard", 20),
    ("embeddings-std", "text-embedding-3-large", "1", "Standard", 10),
)


def stack_text(index: int, accounts: int, deployments: int) -> str:
    subscription = f"{index:08x}-0000-4000-8000-000000000000"
    rg = f"/subscriptions/{subscription}/resourceGroups/rg-net/providers"
    lines = [
        "# yaml-language-server: $schema=../schema/stack.schema.json",
        f"subscription_id: {subscription}",
        "location: eastus",
        "quota_tier: tier2",
        "quota: {eastus: {OpenAI.GlobalStandard.gpt-5.4-mini: 100000,"
        " OpenAI.Standard.text-embedding-3-large: 100000}}",
        f"resource_group: {{name: rg-aoai-{index}, create: true}}",
        f"tags: {{env: bench, owner: team-{index}}}",
        "x-network: &network",
        "  public_access: false",
        "  default_action: Deny",
        "  ip_rules: [203.0.113.0/24, 198.51.100.7]",
        "  private_endpoints:",
        f"    - subnet: {rg}/Microsoft.Network/virtualNetworks/vnet/subnets/pe",
        f"      dns_zones: [{rg}/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com]",
        "content_filters:",
        "  strict:",
        "    mode: Asynchronous_filter",
        "    filters:",
        "      - {category: hate, source: prompt, severity: low}",
        "      - {category: jailbreak, source: prompt}",
        "accounts:",
    ]
    for account in range(accounts):
        lines += [
            f"  - name: oai-{index}-{account:02d}",
            f"    custom_subdomain: contoso-{index}-{account:02d}",
            "    network: *network",
            f"    diagnostics: {{workspace: {rg}/Microsoft.OperationalInsights/workspaces/law}}",
            f"    roles: [{{principal: {subscription}, role: Cognitive Services OpenAI User}}]",
            "    deployments:",
        ]
        for number in range(deployments):
            name, model, version, sku, capacity = DEPLOYMENTS[number % len(DEPLOYMENTS)]
            lines += [
                f"      - name: {name}-{number}",
                f"        model: {model}",
                f'        version: "{version}"',
                f"        sku: {sku}",
                f"        capacity: {capacity}",
                "        content_filter: strict",
            ]
    return "\n".join(lines) + "\n"


def generate(directory: Path, files: int, accounts: int, deployments: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for index in range(files):
        (directory / f"stack-{index:04d}.yaml").write_text(stack_text(index, accounts, deployments))


def best_of(commands: Sequence[Sequence[str]], runs: int, ok: Sequence[int] = (0,)) -> list[float]:
    """Best wall time of each command, running them in turns so that noise hits all alike; an exit code
    outside `ok` stops the benchmark."""
    best = [float("inf")] * len(commands)
    for _ in range(runs):
        for position, command in enumerate(commands):
            start = time.perf_counter()
            result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - start
            if result.returncode not in ok:
                raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
            best[position] = min(best[position], elapsed)
    return best


def bare_parse(directory: Path) -> list[str]:
    code = (
        "import pathlib, yaml\n"
        f"for path in sorted(pathlib.Path({str(directory)!r}).glob('*.yaml')):\n"
        "    yaml.load(path.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
    )
    return [sys.executable, "-c", code]


# The floor of start-up: typer and pydantic imported, and a typer command that takes a path run.
FLOOR = """\
import pathlib, pydantic, typer, yaml
app = typer.Typer()
@app.callback()
def root() -> None: ...
@app.command()
def validate(paths: list[pathlib.Path]) -> None: ...
app(["validate", "stacks/dev.yaml"])
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--deployments", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=15)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aoai-bench-") as work:
        directory = Path(work) / "stacks"
        generate(directory, options.files, options.accounts, options.deployments)
        total = options.files * options.accounts * options.deployments
        validate, parse = best_of(
            [[str(CLI), "validate", str(directory)], bare_parse(directory)], options.runs
        )
        print(f"repository: {options.files} files, {total:,} deployments (best of {options.runs})")
        print(f"  aoai-infra validate      {validate * 1000:8.0f} ms")
        print(f"  bare CSafeLoader parse   {parse * 1000:8.0f} ms")
        print(f"  ratio                    {validate / parse:8.2f}x   (target <= 1.5)")

    startup, import_yaml, floor = best_of(
        [
            [str(CLI), "validate", "stacks/dev.yaml"],
            [sys.executable, "-c", "import yaml"],
            [sys.executable, "-c", FLOOR],
        ],
        options.startup_runs,
    )
    print(f"start-up (best of {options.startup_runs})")
    print(f"  aoai-infra validate stacks/dev.yaml {startup * 1000:6.0f} ms")
    print(f'  python -c "import yaml"             {import_yaml * 1000:6.0f} ms')
    print(f"  ratio                               {startup / import_yaml:6.2f}x   (target <= 4.0)")
    print(f"  floor: a typer command, no work     {floor * 1000:6.0f} ms   {floor / import_yaml:6.2f}x")


if __name__ == "__main__":
    main()
