"""`aoai-infra drift`: stack files against the live estate; reads subscriptions concurrently.

Imports: aoai_infra.cli; typer.
"""

from __future__ import annotations

import enum
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

from aoai_infra.cli.live import connect, require_live
from aoai_infra.cli.options import ArmEndpointOption, CloudOption, RetriesOption, StackPaths, TimeoutOption
from aoai_infra.cli.output import check_output, write_output

MAX_SUBSCRIPTIONS_AT_ONCE = 8  # each reads its accounts with the connection's own concurrency


class DriftFormat(enum.StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def drift(
    paths: StackPaths,
    output_format: Annotated[
        DriftFormat, typer.Option("--format", "-f", help="text for people, markdown for an issue, json.")
    ] = DriftFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    cloud: CloudOption = None,
    arm_endpoint: ArmEndpointOption = None,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 4,
) -> None:
    """Compare stack files with what Azure holds, per resource: changed by Azure, changed outside the
    stack, in Azure and in no stack, declared and missing. Needs Reader only, and no Pulumi state.

    Exit code 0: no drift; 1: drift; 2: a stack or part of the estate could not be read.
    """
    require_live()
    from aoai_infra.estate.drift import StackDrift, compare
    from aoai_infra.live.client import Limits
    from aoai_infra.live.estate import read_estate
    from aoai_infra.report import estate as renderer
    from aoai_infra.stack.load import load_stack
    from aoai_infra.validate import discover

    check_output(output, list(paths), None)
    files, problems = discover(list(paths))
    stacks = [load_stack(path, shown) for path, shown in files]
    groups: dict[str, set[str]] = {}
    for stack in stacks:
        if stack.spec is not None:
            groups.setdefault(stack.spec.subscription_id.lower(), set()).add(stack.spec.resource_group.name)
    estates = {}
    if groups:  # with no stack to compare, nothing is read and no credential is asked for
        connection = connect(cloud, arm_endpoint, Limits(timeout=timeout, retries=retries))
        try:
            with ThreadPoolExecutor(max_workers=min(MAX_SUBSCRIPTIONS_AT_ONCE, len(groups))) as pool:
                read = {
                    sub: pool.submit(read_estate, connection, sub, sorted(g)) for sub, g in groups.items()
                }
                estates = {sub: future.result() for sub, future in read.items()}
        finally:
            connection.close()
    report = compare(stacks, estates)
    # A stack file that does not load cannot be compared: it is unread, with its first findings.
    unloaded = [
        (stack.file, [f.message for f in stack.findings[:3]]) for stack in stacks if stack.spec is None
    ]
    unloaded += [(problem.file, [problem.message]) for problem in problems]
    report.stacks += [StackDrift(file, "?", "?", unreadable=why) for file, why in unloaded]
    if output_format is DriftFormat.json:
        text = json.dumps(renderer.drift_json(report), indent=2) + "\n"
    elif output_format is DriftFormat.markdown:
        text = renderer.render_drift_markdown(report)
    else:
        text = renderer.render_drift_text(report)
    write_output(text, output)
    raise typer.Exit(report.exit_code)
