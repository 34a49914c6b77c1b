"""`aoai-infra check-policies`: the policy pack on a stack's resource graph, without Pulumi CLI or Azure.

Each stack file is validated first (a stack that does not validate would never reach Pulumi). The
provisioning component then runs under Pulumi mocks as stack `<file name>` (so `stacks/prod-eastus.yaml`
is a production stack), and every policy of the pack sees what the engine would hand it: resource
policies each resource's inputs, stack policies every resource's outputs with its dependencies, all
wrapped with `unknown_checking_proxy`. Violations point at the YAML that declares the resource.

Imports: aoai_infra.catalog, aoai_infra.exit_codes, aoai_infra.findings, aoai_infra.policies,
aoai_infra.provision, aoai_infra.stack, aoai_infra.validate; pulumi_policy.
"""

from __future__ import annotations

import datetime
import itertools
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
)
from pulumi_policy.proxy import unknown_checking_proxy

from aoai_infra.catalog.loader import catalog_path
from aoai_infra.exit_codes import EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE
from aoai_infra.findings import START, Finding, Position, Severity
from aoai_infra.policies import deployment_types, engine, model_offered
from aoai_infra.policies.config import PackConfig
from aoai_infra.policies.pack import BY_NAME, POLICIES
from aoai_infra.provision.component import CLASSES, AzureOpenAIStack
from aoai_infra.provision.recording import Recording, Registration, record
from aoai_infra.stack.load import LoadedStack
from aoai_infra.stack.model import StackSpec
from aoai_infra.stack.production import is_production
from aoai_infra.stack.resources import stack_resources
from aoai_infra.validate import Settings, discover, validate_files

PROVIDERS = "pulumi:providers:"
# A process of its own starts by importing Pulumi and pulumi-azure-native, about 1.5 s on the development
# machine; at about 15 ms a resource (bench/check_policies.py), stacks are checked in parallel only when
# they create at least this many resources.
PARALLEL_FROM = 300  # what resources are created through, not resources of the stack


@dataclass(frozen=True, slots=True)
class Violation:
    file: str
    position: Position
    policy: str
    enforcement: str  # mandatory | advisory
    severity: str
    message: str
    resource: str | None  # the Pulumi logical name, when the violation is about one resource

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.position.line, self.position.column, self.policy)


@dataclass(frozen=True, slots=True)
class CheckedStack:
    file: str
    stack: str
    resources: int | None  # None: not checked, because the file does not validate


@dataclass(frozen=True)
class PolicyReport:
    stacks: list[CheckedStack]
    violations: list[Violation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # validator errors that stopped a stack

    def count(self, level: str) -> int:
        return sum(1 for violation in self.violations if violation.enforcement == level)

    @property
    def unreadable(self) -> bool:
        return any(finding.unreadable for finding in self.findings)

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        blocked = self.findings or self.count(EnforcementLevel.MANDATORY.value)
        return EXIT_FINDINGS if blocked else EXIT_CLEAN


def check_paths(
    paths: Sequence[str],
    config: PackConfig | None = None,
    today: datetime.date | None = None,
    jobs: int = 1,
) -> PolicyReport:
    """Validate the stack files, then run the pack on each one that validates; with `jobs` > 1, stacks
    are checked in that many processes at once (each has the Pulumi SDK to itself: its mocks are global)."""
    files, findings = discover(paths)
    validated = validate_files(files, Settings(today=today), findings)
    errors = [finding for finding in validated.findings if finding.severity is Severity.ERROR]
    failed = {finding.file for finding in errors}
    report = PolicyReport([], [], errors)
    checkable = [stack for stack in validated.stacks if stack.spec is not None and stack.file not in failed]
    chosen = {id(stack) for stack in checkable}
    for stack in validated.stacks:
        if id(stack) not in chosen:
            report.stacks.append(CheckedStack(stack.file, stack.name, None))
    pack = config or PackConfig()
    if jobs > 1 and len(checkable) > 1 and _work(checkable) >= PARALLEL_FROM:
        context = multiprocessing.get_context("spawn")  # no fork of a process that runs event loops
        with ProcessPoolExecutor(min(jobs, len(checkable)), mp_context=context) as pool:
            results = list(pool.map(check_stack, checkable, itertools.repeat(pack), itertools.repeat(today)))
    else:
        results = [check_stack(stack, pack, today) for stack in checkable]
    for checked, violations in results:
        report.stacks.append(checked)
        report.violations.extend(violations)
    order = {stack.file: index for index, stack in enumerate(validated.stacks)}
    report.stacks.sort(key=lambda checked: order[checked.file])
    report.violations.sort(key=lambda violation: violation.sort_key)
    return report


def _work(stacks: list[LoadedStack]) -> int:
    """How many resources the stacks would create: what the policy run's time grows with."""
    return sum(len(stack_resources(stack.spec, False)) for stack in stacks if stack.spec is not None)


def check_stack(
    stack: LoadedStack, config: PackConfig, today: datetime.date | None
) -> tuple[CheckedStack, list[Violation]]:
    """The pack on one validated stack: the resources it would create, and where each violation points."""
    assert stack.spec is not None
    recording = graph(stack.spec, stack.name)
    created = [r for r in recording.registrations.values() if not r.type.startswith(PROVIDERS)]
    raw = evaluate(recording, config, derived_settings(stack.file, stack.spec, today))
    return CheckedStack(stack.file, stack.name, len(created)), _placed(stack, stack.spec, recording, raw)


def graph(spec: StackSpec, stack_name: str) -> Recording:
    """What `pulumi up` of this stack would register, recorded under mocks."""
    production = is_production(stack_name)
    recording = record(lambda: AzureOpenAIStack(stack_name, spec, production=production), stack=stack_name)
    if recording.error is not None:
        raise recording.error  # a validated stack always provisions: anything else is a bug here
    return recording


def derived_settings(file: str, spec: StackSpec, today: datetime.date | None) -> dict[str, dict[str, Any]]:
    """Settings a stack file implies: its data residency, its catalog, and the date to check against."""
    offered: dict[str, Any] = {}
    if (own := catalog_path(file, spec.catalog)) is not None:
        offered["catalog"] = str(own)
    if today:
        offered["today"] = today.isoformat()
    return {deployment_types.NAME: {"dataResidency": spec.data_residency}, model_offered.NAME: offered}


@dataclass(frozen=True, slots=True)
class Raw:
    policy: Policy
    level: EnforcementLevel
    message: str
    urn: str | None


def evaluate(
    recording: Recording, config: PackConfig, derived: dict[str, dict[str, Any]] | None = None
) -> list[Raw]:
    """Every violation of every enabled policy, as the Pulumi engine would collect them."""
    registrations = list(recording.registrations.values())
    resources = _stack_resources(registrations)
    found: list[Raw] = []
    for policy in POLICIES:
        level = config.level(policy)
        if level is EnforcementLevel.DISABLED:
            continue
        # As in the engine: a violation that remediation left is reported as mandatory.
        level = EnforcementLevel.MANDATORY if level is EnforcementLevel.REMEDIATE else level
        settings = config.settings(policy, (derived or {}).get(policy.name))
        if isinstance(policy, ResourceValidationPolicy):
            for registration in registrations:
                args = _resource_args(registration, settings)
                _run(policy, level, registration.urn, args, found)
        else:
            _run(policy, level, None, StackValidationArgs(resources, settings, {}), found)
    return found


def _run(policy: Policy, level: EnforcementLevel, urn: str | None, args: Any, found: list[Raw]) -> None:
    def report_violation(message: str, violating: str | None = None) -> None:
        found.append(Raw(policy, level, message, violating or urn))

    cannot_judge = engine.call(policy, args, report_violation)
    if cannot_judge is not None:  # as the engine does: the policy cannot judge this yet
        found.append(Raw(policy, EnforcementLevel.ADVISORY, cannot_judge, urn))


def _options(registration: Registration) -> PolicyResourceOptions:
    return engine.options(
        registration.protect, registration.delete_before_replace, registration.parent or None
    )


def _resource_args(registration: Registration, settings: dict[str, Any]) -> ResourceValidationArgs:
    return engine.resource_args(
        registration.type,
        registration.wire,
        registration.urn,
        registration.name,
        settings,
        _options(registration),
    )


def _stack_resources(registrations: list[Registration]) -> list[PolicyResource]:
    """Every resource with its outputs, parent and dependencies linked, as `AnalyzeStack` builds them."""
    by_urn = {
        r.urn: PolicyResource(
            r.type, unknown_checking_proxy(dict(r.outputs)), r.urn, r.name, _options(r), None, None, [], {}
        )
        for r in registrations
    }
    for r in registrations:
        resource = by_urn[r.urn]
        resource.parent = by_urn.get(r.parent)
        resource.dependencies.extend(by_urn[urn] for urn in sorted(r.dependencies) if urn in by_urn)
        for key, urns in r.property_dependencies.items():
            resource.property_dependencies[key] = [by_urn[urn] for urn in sorted(urns) if urn in by_urn]
    return list(by_urn.values())


def _placed(stack: LoadedStack, spec: StackSpec, recording: Recording, raw: list[Raw]) -> list[Violation]:
    # Where the stack file declares each registered resource, by (type name, logical name).
    listed = stack_resources(spec, is_production(stack.name))
    declared = {(CLASSES[resource.kind].__name__, resource.name): resource.path for resource in listed}
    placed = []
    for item in raw:
        registration = recording.registrations.get(item.urn) if item.urn else None
        position = START
        if registration is not None and stack.source is not None:
            path = declared.get((registration.type.rsplit(":", 1)[-1], registration.name))
            field_name = getattr(BY_NAME[item.policy.name], "SPEC_FIELD", None)
            if path is not None:
                position = stack.source.position((*path, field_name) if field_name else path)
        placed.append(
            Violation(
                file=stack.file,
                position=position,
                policy=item.policy.name,
                enforcement=item.level.value,
                severity=item.policy.severity.value if item.policy.severity else "",
                message=item.message,
                resource=registration.name if registration else None,
            )
        )
    return placed
