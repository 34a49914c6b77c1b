"""`aoai-infra check-policies`; the pack (pulumi-policy) is imported when it runs.

Imports: aoai_infra.cli, aoai_infra.exit_codes; typer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from aoai_infra.cli.options import OutputFormat, TodayOption
from aoai_infra.cli.output import say, write_findings
from aoai_infra.exit_codes import EXIT_UNREADABLE


def check_policies(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Stack files, or directories to search for *.yaml and *.yml.", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    list_policies: Annotated[
        bool, typer.Option("--list", help="Print the pack's policies: name, enforcement level, description.")
    ] = False,
    policy_config: Annotated[
        Path | None,
        typer.Option(help="Policy config JSON, as given to pulumi preview --policy-pack-config."),
    ] = None,
    today: TodayOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            min=1, help="Stacks checked at once, each in a process of its own.", show_default="the CPUs"
        ),
    ] = None,
) -> None:
    """Run the policy pack (policies/) on the resources each stack would create, without Pulumi or Azure.

    The stack's name is its file name: stacks/prod-eastus.yaml is checked as stack prod-eastus.
    Exit code 0: no mandatory violation; 1: a mandatory violation, or a stack that does not validate;
    2: some input could not be read.
    """
    try:
        from aoai_infra.policies.pack import POLICIES
    except ImportError as error:  # pulumi-policy and pulumi come with the `pulumi` extra
        sys.stderr.write(
            f"aoai-infra: check-policies needs Pulumi's packages ({error.name} is not installed); install "
            "them with: pip install 'aoai-infra[pulumi]' (in this repository: pip install -e '.[pulumi]')\n"
        )
        raise typer.Exit(EXIT_UNREADABLE) from None
    from aoai_infra.report import policies as renderer

    if list_policies:
        listing = renderer.render_list_json if output_format is OutputFormat.json else renderer.render_list
        sys.stdout.write(listing(POLICIES))
        raise typer.Exit()
    if not paths:
        sys.stderr.write(
            "aoai-infra: name the stack files to check, e.g. aoai-infra check-policies stacks/\n"
        )
        raise typer.Exit(EXIT_UNREADABLE)
    from aoai_infra.catalog.loader import CatalogError
    from aoai_infra.policies import config
    from aoai_infra.policies.offline import check_paths

    try:
        pack_config = config.load(policy_config) if policy_config else config.PackConfig()
        report = check_paths(paths, pack_config, today.date() if today else None, jobs or os.cpu_count() or 1)
    except config.PolicyConfigError as error:
        say(str(error))
        raise typer.Exit(EXIT_UNREADABLE) from None
    except CatalogError as error:
        write_findings(error.findings)
        raise typer.Exit(EXIT_UNREADABLE) from None
    render = renderer.render_json if output_format is OutputFormat.json else renderer.render_text
    sys.stdout.write(render(report, len(POLICIES)))
    raise typer.Exit(report.exit_code)
