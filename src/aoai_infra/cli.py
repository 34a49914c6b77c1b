"""The `aoai-infra` command line.

Start-up stays fast: this module imports only typer; each command imports what it needs when it runs, and
nothing on the `validate` path imports pulumi or an Azure SDK.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO, TypeVar

import typer

from aoai_infra import __version__

app = typer.Typer(
    name="aoai-infra",
    help="Validate, provision and review Azure OpenAI estates declared in stacks/*.yaml.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

EXIT_UNREADABLE = 2
EXIT_INTERNAL_ERROR = 3
T = TypeVar("T")

if TYPE_CHECKING:
    from aoai_infra.catalog.catalog import Catalog
    from aoai_infra.findings import Finding
    from aoai_infra.live.client import Connection, Limits
    from aoai_infra.validate import Report


TodayOption = Annotated[
    datetime.datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"], help="Check lifecycle dates as of this day (YYYY-MM-DD).", show_default="today"
    ),
]


class Cloud(enum.StrEnum):  # the names of aoai_infra.live.endpoint.Cloud, without importing it
    AzurePublic = "AzurePublic"
    AzureUSGovernment = "AzureUSGovernment"
    AzureChina = "AzureChina"


CloudOption = Annotated[
    Cloud | None,
    typer.Option(help="Azure cloud to talk to in live mode.", show_default="AzurePublic"),
]
ArmEndpointOption = Annotated[
    str | None,
    typer.Option(
        help="Azure Resource Manager URL for any other endpoint (https; plain http only on loopback, with "
        "the token in AOAI_INFRA_ARM_TOKEN).",
        show_default=False,
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        min=0.1, help="Seconds each request to Azure may take, its whole answer included (live mode)."
    ),
]
RetriesOption = Annotated[
    int,
    typer.Option(
        min=0,
        max=10,
        help="Retries of each request to Azure on throttling (429), 5xx and timeouts (live mode).",
    ),
]


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"aoai-infra {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Validate, provision and review Azure OpenAI estates declared in stacks/*.yaml."""


class ValidateFormat(enum.StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help="No colour, also when writing to a terminal (as does NO_COLOR=1).",
        show_default=False,
    ),
]


@app.command()
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Stack files, or directories to search for *.yaml and *.yml.", show_default=False
        ),
    ],
    output_format: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, json for scripts, sarif (2.1.0) for code scanning, github for workflow "
            "annotations.",
        ),
    ] = ValidateFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of standard output."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (exit code 1).", show_default=False)
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Report only the findings that fail the run (errors; warnings too with --strict), with "
            "no summary line.",
            show_default=False,
        ),
    ] = False,
    no_color: NoColorOption = False,
    catalog: Annotated[
        Path | None,
        typer.Option(
            help="Catalog file to check against instead of the bundled one (a stack's catalog: wins)."
        ),
    ] = None,
    today: TodayOption = None,
    retiring_within: Annotated[
        int, typer.Option(min=0, help="Warn about versions that retire within this many days.")
    ] = 90,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Check quota against what each subscription has left in Azure, and whether it may still "
            "create versions closed to new customers (needs credentials and the live extra).",
        ),
    ] = False,
    cloud: CloudOption = None,
    arm_endpoint: ArmEndpointOption = None,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 4,
) -> None:
    """Check stack files and report every problem with file:line:col and a fix.

    Exit code 0: no errors (warnings allowed, unless --strict); 1: errors found (or warnings, with
    --strict); 2: some input could not be read.
    """
    from aoai_infra.validate import Settings, validate_paths

    _check_output(output, paths, catalog)
    settings = Settings(catalog, today.date() if today else None, retiring_within, strict)
    with contextlib.ExitStack() as cleanup:
        if live:
            _require_live()
            from aoai_infra.live.client import Limits
            from aoai_infra.live.reader import LiveReader

            connection = _connect(cloud, arm_endpoint, Limits(timeout=timeout, retries=retries))
            cleanup.callback(connection.close)
            settings = dataclasses.replace(settings, live=LiveReader(connection))
        report = validate_paths(paths, settings)
    shown = report.quieted() if quiet else report
    color = output is None and output_format is ValidateFormat.text and _color(sys.stdout, no_color)
    _write_output(_render_report(shown, output_format, quiet, color), output)
    raise typer.Exit(report.exit_code)


def _render_report(report: Report, output_format: ValidateFormat, quiet: bool, color: bool) -> str:
    if output_format is ValidateFormat.json:
        from aoai_infra.report import json_report

        return json_report.render(report)
    if output_format is ValidateFormat.sarif:
        from aoai_infra.report import sarif

        return sarif.render(report)
    if output_format is ValidateFormat.github:
        from aoai_infra.report import github

        return github.render(report, quiet)
    from aoai_infra.report import text
    from aoai_infra.report.color import painter

    return text.render(report, painter(color), quiet)


def _color(stream: TextIO, no_color: bool) -> bool:
    from aoai_infra.report.color import wanted

    return wanted(stream, no_color)


def _check_output(output: Path | None, paths: list[str], catalog: Path | None) -> None:
    """Exit 2 before any work when --output names one of the files the command would read."""
    if output is None:
        return
    from aoai_infra.source.files import WriteError, check_not_an_input
    from aoai_infra.validate import stack_files

    inputs = [catalog] if catalog else []
    for name in paths:
        path = Path(name)
        inputs.extend(stack_files(path)[0] if path.is_dir() else [path])
    try:
        check_not_an_input(output, inputs)
    except WriteError as error:
        _fail(str(error))


def _write_output(text: str, output: Path | None) -> None:
    """To standard output, or whole to `output` (a temporary file renamed over it); exit 2 if it cannot."""
    if output is None:
        sys.stdout.write(text)
        return
    from aoai_infra.source.files import WriteError, write_atomically

    try:
        write_atomically(output, text)
    except WriteError as error:
        _fail(str(error))


@app.command("check-policies")
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
        report = check_paths(paths, pack_config, today.date() if today else None)
    except config.PolicyConfigError as error:
        _say(str(error))
        raise typer.Exit(EXIT_UNREADABLE) from None
    except CatalogError as error:
        _write_findings(error.findings)
        raise typer.Exit(EXIT_UNREADABLE) from None
    render = renderer.render_json if output_format is OutputFormat.json else renderer.render_text
    sys.stdout.write(render(report, len(POLICIES)))
    raise typer.Exit(report.exit_code)


class PlanFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class FailOn(enum.StrEnum):
    destructive = "destructive"
    error = "error"


@app.command()
def plan(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="OLD.yaml NEW.yaml; or, with --base, stack files or directories in a git work tree.",
            show_default=False,
        ),
    ],
    base: Annotated[
        str | None,
        typer.Option(
            help="Git revision to compare the work tree with, e.g. origin/main.", show_default=False
        ),
    ] = None,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.text,
    fail_on: Annotated[
        list[FailOn] | None,
        typer.Option(
            help="Exit 1 when the plan has a destructive change (destructive), or when the validator finds "
            "errors in the new version (error). Repeatable.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the plan to this file instead of standard output."),
    ] = None,
    catalog: Annotated[
        Path | None,
        typer.Option(
            help="Catalog file for quota and prices instead of the bundled one (a stack's catalog: wins)."
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Show what a change to stack files does in Azure: creates, updates, replacements and deletes,
    quota and monthly cost before → after, and the validator's findings.

    Exit code 0: planned; 1: --fail-on matched; 2: some input could not be read or compared.
    """
    from aoai_infra.plan.git import GitError
    from aoai_infra.plan.run import PlanUsageError, make_plan, render_plan

    _check_output(output, paths, catalog)
    try:
        made = make_plan(paths, base, catalog, today.date() if today else None)
    except (GitError, PlanUsageError) as error:
        _say(str(error))
        raise typer.Exit(EXIT_UNREADABLE) from None
    failing = [str(reason) for reason in fail_on or []]
    _write_output(render_plan(made, output_format.value, failing), output)
    raise typer.Exit(made.exit_code(failing))


catalog_app = typer.Typer(
    name="catalog", help="Ask the catalog what can be deployed where.", no_args_is_help=True
)
app.add_typer(catalog_app)

CatalogOption = Annotated[
    Path | None, typer.Option("--catalog", help="Catalog file instead of the bundled one.")
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


@catalog_app.command("where")
def catalog_where(
    model: Annotated[str, typer.Argument(help="Model name, e.g. gpt-4.1.", show_default=False)],
    version: Annotated[str | None, typer.Option(help="Only this version.")] = None,
    sku: Annotated[str | None, typer.Option(help="Only this deployment type, e.g. DataZoneStandard.")] = None,
    catalog: CatalogOption = None,
    output_format: FormatOption = OutputFormat.text,
    today: TodayOption = None,
) -> None:
    """Regions where a model can be deployed, with the deployment types offered in each; what has retired
    by --today is left out."""
    from aoai_infra.catalog import queries
    from aoai_infra.report import catalog as renderer

    day = _day(today)
    rows = _query(lambda found: queries.where(found, model, day, version, sku), catalog)
    question = " ".join(part for part in (model, version, f"as {sku}" if sku else None) if part)
    _emit(rows, output_format, lambda: renderer.render_where(rows, question))


@catalog_app.command("models")
def catalog_models(
    region: Annotated[str | None, typer.Option(help="Only what this region offers.")] = None,
    catalog: CatalogOption = None,
    output_format: FormatOption = OutputFormat.text,
    today: TodayOption = None,
) -> None:
    """Every model version in the catalog, with its status on --today and its deployment types."""
    from aoai_infra.catalog import queries
    from aoai_infra.report import catalog as renderer

    day = _day(today)
    rows = _query(lambda found: queries.models(found, day, region), catalog)
    _emit(rows, output_format, lambda: renderer.render_models(rows))


@catalog_app.command("show")
def catalog_show(
    model: Annotated[str, typer.Argument(help="Model name, e.g. gpt-4.1.", show_default=False)],
    catalog: CatalogOption = None,
    output_format: FormatOption = OutputFormat.text,
    today: TodayOption = None,
) -> None:
    """One model: versions, lifecycle dates, deployment types and regions, quota, PTU rules, prices; the
    catalog's date and age."""
    from aoai_infra.catalog import queries
    from aoai_infra.report import catalog as renderer

    day = _day(today)
    data = _query(lambda found: queries.show(found, model, day), catalog)
    _emit(data, output_format, lambda: renderer.render_show(data))


def _day(today: datetime.datetime | None) -> datetime.date:
    return today.date() if today else datetime.date.today()


@catalog_app.command("sync")
def catalog_sync(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Catalog file to write (JSON).", show_default=False)
    ],
    regions: Annotated[
        str | None,
        typer.Option(
            help="Regions to read, comma-separated (eastus,swedencentral), or all: every region where the "
            "subscription may create an Azure OpenAI account.",
            show_default="the regions of --stack",
        ),
    ] = None,
    subscription: Annotated[
        str | None,
        typer.Option(help="Subscription to read.", show_default="$AZURE_SUBSCRIPTION_ID, else --stack's"),
    ] = None,
    stack: Annotated[
        Path | None,
        typer.Option(
            help="A stack file: its subscription_id and regions are the defaults.", show_default=False
        ),
    ] = None,
    allow_partial: Annotated[
        bool,
        typer.Option(help="Write the regions that answered even when others failed (recorded in the file)."),
    ] = False,
    catalog: Annotated[
        Path | None,
        typer.Option(help="Base catalog for what Azure does not report (deployment types, prices, ...)."),
    ] = None,
    cloud: CloudOption = None,
    arm_endpoint: ArmEndpointOption = None,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 4,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Requests to Azure in flight at once.")
    ] = 32,
) -> None:
    """Read each region's models and the subscription's quota from Azure into a catalog file.

    The file has the bundled catalog's format, sorted, so two syncs diff cleanly; use it with
    --catalog or a stack's catalog: key. It is written whole, and only when every region answered
    (or with --allow-partial). Exit code 0: written; 1: regions failed, nothing written; 2: cannot start.
    """
    _require_live()
    from aoai_infra.catalog.loader import CatalogError, load_catalog
    from aoai_infra.live.endpoint import LiveUsageError
    from aoai_infra.live.endpoint import subscription as pick_subscription
    from aoai_infra.live.sync import parse_regions, sync
    from aoai_infra.report import sync as renderer
    from aoai_infra.source.files import WriteError

    try:
        stack_subscription, stack_regions = _stack_defaults(stack)
        if regions is None and stack_regions is None:
            raise LiveUsageError(
                "name the regions to read: --regions eastus,swedencentral, --regions all or --stack"
            )
        wanted = parse_regions(regions) if regions is not None else stack_regions
        target_subscription = pick_subscription(subscription, os.environ, stack_subscription)
        base = load_catalog(catalog).data
    except LiveUsageError as error:
        _fail(str(error))
    except CatalogError as error:
        _write_findings(error.findings)
        raise typer.Exit(EXIT_UNREADABLE) from None
    from aoai_infra.live.client import Limits

    connection = _connect(
        cloud, arm_endpoint, Limits(concurrency=concurrency, timeout=timeout, retries=retries)
    )
    try:
        result = sync(
            connection,
            target_subscription,
            wanted,
            base,
            out,
            allow_partial=allow_partial,
            progress=_progress,
        )
    except WriteError as error:
        _fail(str(error))
    finally:
        connection.close()
    sys.stdout.write(renderer.render(result))
    if result.problem is not None:
        raise typer.Exit(EXIT_UNREADABLE)
    raise typer.Exit(0 if result.written else 1)


def _stack_defaults(path: Path | None) -> tuple[str | None, list[str] | None]:
    """The subscription and sorted regions of a stack file (None, None without one)."""
    if path is None:
        return None, None
    from aoai_infra.live.endpoint import LiveUsageError
    from aoai_infra.stack.load import load_stack

    loaded = load_stack(path)
    if loaded.spec is None:
        _write_findings(loaded.findings)
        raise LiveUsageError(f"--stack {path} does not load; fix it with aoai-infra validate {path}")
    spec = loaded.spec
    return spec.subscription_id, sorted({spec.location_of(account) for account in spec.accounts})


def _require_live() -> None:
    """Exit 2 with the install command when the `live` extra is missing."""
    try:
        import azure.identity
        import azure.mgmt.cognitiveservices  # noqa: F401
    except ImportError as error:
        _fail(
            f"live mode needs Azure's packages ({error.name} is not installed); install them with: "
            "pip install 'aoai-infra[live]' (in this repository: pip install -e '.[live]')"
        )


def _connect(cloud: Cloud | None, arm_endpoint: str | None, limits: Limits) -> Connection:
    """A live connection, or exit 2 with the fix (a refused endpoint, no credentials)."""
    from azure.core.exceptions import AzureError

    from aoai_infra.live.client import Connection
    from aoai_infra.live.endpoint import Cloud as LiveCloud
    from aoai_infra.live.endpoint import LiveUsageError, resolve_target
    from aoai_infra.live.errors import explain

    try:
        target = resolve_target(LiveCloud(cloud.value) if cloud else None, arm_endpoint, os.environ)
        connection = Connection(target, limits)
        connection.check_credential()
    except LiveUsageError as error:
        _fail(str(error))
    except AzureError as error:
        _fail(explain(error).message)
    return connection


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None] | None]:
    """A progress bar on standard error when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Reading regions", total=total)
        yield lambda: bar.advance(task)


def _write_findings(findings: Iterable[Finding]) -> None:
    from aoai_infra.report.text import line

    sys.stderr.write("".join(line(finding) + "\n" for finding in findings))


def _fail(message: str) -> NoReturn:
    _say(message)
    raise typer.Exit(EXIT_UNREADABLE)


def _say(message: str) -> None:
    """An error on standard error, escaped: it may quote a path or an answer from Azure."""
    from aoai_infra.quoting import escape

    sys.stderr.write(f"aoai-infra: {escape(message)}\n")


def _query(ask: Callable[[Catalog], T], path: Path | None) -> T:
    """Load the catalog and ask it; unreadable catalogs and unknown names exit with code 2 and a fix."""
    from aoai_infra.catalog.loader import CatalogError, load_catalog
    from aoai_infra.catalog.queries import QueryError

    try:
        return ask(load_catalog(path))
    except CatalogError as error:
        _write_findings(error.findings)
    except QueryError as error:
        _say(str(error))
    raise typer.Exit(EXIT_UNREADABLE)


def _emit(data: object, output_format: OutputFormat, text: Callable[[], str]) -> None:
    if output_format is OutputFormat.json:
        import json

        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        sys.stdout.write(text())


@app.command()
def schema() -> None:
    """Print the JSON Schema of a stack file (committed as schema/stack.schema.json)."""
    import json

    from aoai_infra.stack.model import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`| head`); stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:
        if os.environ.get("AOAI_INFRA_DEBUG"):
            raise
        sys.stderr.write(
            f"aoai-infra: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in aoai-infra; please report it with the input that caused it "
            "(set AOAI_INFRA_DEBUG=1 to see the traceback).\n"
        )
        sys.exit(EXIT_INTERNAL_ERROR)


def entry() -> None:
    """The console script: `main()`, then leave without tearing the heap down.

    A validation of a large repository keeps every file's YAML node tree for positions; freeing those
    millions of objects one by one at interpreter exit took as long as validating them
    (bench/validate.py). Output is flushed and the process ends with `os._exit`, as mypy does.
    """
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = code or 1
    os._exit(code)
