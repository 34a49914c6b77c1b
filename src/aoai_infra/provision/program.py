"""What `infra/__main__.py` does: find the stack file, validate it, and provision it, or stop first.

Pulumi runs the program with `infra/` as the working directory, so the stack file is resolved from the
repository root, the folder that holds `Pulumi.yaml`: `stacks/<pulumi stack>.yaml`, or the file named by
the config key `aoai-infra:stackFile`. The file is validated with the same code as `aoai-infra validate`;
every finding goes to Pulumi's log as `file:line:col: CODE severity message`, and when there are errors
the program stops before it registers any resource.

Imports: aoai_infra.exit_codes, aoai_infra.findings, aoai_infra.provision, aoai_infra.report,
aoai_infra.stack, aoai_infra.validate; pulumi.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pulumi

from aoai_infra.exit_codes import EXIT_CLEAN
from aoai_infra.findings import Finding, Severity
from aoai_infra.provision.component import AzureOpenAIStack
from aoai_infra.report.text import line
from aoai_infra.stack.model import StackSpec
from aoai_infra.stack.production import PATTERN, is_production
from aoai_infra.validate import Settings, validate_files

PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")


class ProgramError(pulumi.RunError):
    """Stops the program with a message and no traceback (Pulumi prints RunError plainly)."""


def project_root(start: Path) -> Path:
    """The nearest folder, from `start` upwards, that holds a Pulumi project file."""
    for folder in (start, *start.parents):
        if any((folder / name).is_file() for name in PROJECT_FILES):
            return folder
    raise ProgramError(f"no Pulumi.yaml in {start} or any folder above it; run pulumi from the repository")


def stack_file(root: Path, stack_name: str, configured: str | None) -> Path:
    return root / (configured or f"stacks/{stack_name}.yaml")


def load_validated(path: Path, root: Path, *, today: datetime.date | None = None) -> StackSpec:
    """The stack's spec, after logging every finding; `ProgramError` when the stack does not validate.

    `today` is the date lifecycle rules compare with (default: today), as `aoai-infra validate --today`.
    """
    shown = _shown(path, root)
    report = validate_files([(path, shown)], Settings(today=today))
    for finding in report.findings:
        _log(finding)
    if report.exit_code != EXIT_CLEAN or not report.stacks or report.stacks[0].spec is None:
        errors = report.count(Severity.ERROR)
        raise ProgramError(
            f"{shown} does not validate ({errors} error{'s' if errors != 1 else ''} above); "
            f"fix it and check with: aoai-infra validate {shown}. Nothing was changed."
        )
    return report.stacks[0].spec


def run(
    stack_name: str,
    configured_file: str | None,
    *,
    cwd: Path | None = None,
    today: datetime.date | None = None,
) -> AzureOpenAIStack:
    root = project_root(cwd or Path.cwd())
    path = stack_file(root, stack_name, configured_file)
    spec = load_validated(path, root, today=today)
    _check_subscription(spec, _shown(path, root))
    production = _check_production(stack_name, path, _shown(path, root))
    return AzureOpenAIStack(stack_name, spec, production=production)


def _check_production(stack_name: str, path: Path, shown: str) -> bool:
    """Whether the stack is production; refused when the Pulumi stack's name and the stack file's name
    say different things, since the policy pack judges by the one and protect by the other."""
    production = is_production(path.stem)
    if is_production(stack_name) != production:
        file_says = "is a production stack file" if production else "is not a production stack file"
        stack_says = "is" if is_production(stack_name) else "is not"
        raise ProgramError(
            f"{shown} {file_says} (its name {'matches' if production else 'does not match'} {PATTERN}), but "
            f"Pulumi stack '{stack_name}' {stack_says} production by the same rule: the policy pack would "
            "check it as the one while accounts are protected as the other. Name the Pulumi stack like the "
            f"stack file (pulumi stack init {path.stem}), or point it at a stack file of its kind. "
            "Nothing was changed."
        )
    return production


def _check_subscription(spec: StackSpec, shown: str) -> None:
    """Refuse to deploy a stack into another subscription than the one its file declares."""
    configured = pulumi.Config("azure-native").get("subscriptionId")
    if configured and configured.lower() != spec.subscription_id.lower():
        raise ProgramError(
            f"{shown} declares subscription {spec.subscription_id}, but this Pulumi stack's "
            f"azure-native:subscriptionId is {configured}; make them the same "
            f"(pulumi config set azure-native:subscriptionId {spec.subscription_id})"
        )


def _log(finding: Finding) -> None:
    text = line(finding)
    if finding.severity is Severity.ERROR:
        pulumi.log.error(text)
    elif finding.severity is Severity.WARNING:
        pulumi.log.warn(text)
    else:
        pulumi.log.info(text)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
