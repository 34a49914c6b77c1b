"""Run a Pulumi program under `pulumi.runtime.set_mocks` and record what it registers.

`RecordingMonitor` sees every registration as the engine would: type, logical name, inputs (camelCase
wire names), the URNs it depends on (explicit `depends_on` and the resources its inputs come from) and
`protect`. The mocks answer like Azure would for what the program reads back (ids, names, endpoints).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks

PROJECT = "aoai-infra"
# The input that holds each type's Azure name, so that the mocks can answer `name` as Azure would.
AZURE_NAME_INPUTS = (
    "accountName",
    "deploymentName",
    "raiPolicyName",
    "privateEndpointName",
    "privateDnsZoneGroupName",
    "roleAssignmentName",
    "resourceGroupName",
    "name",
)
OWN_NAME_INPUT = {
    "azure-native:cognitiveservices:Deployment": "deploymentName",
    "azure-native:cognitiveservices:RaiPolicy": "raiPolicyName",
    "azure-native:network:PrivateDnsZoneGroup": "privateDnsZoneGroupName",
    "azure-native:authorization:RoleAssignment": "roleAssignmentName",
    "azure-native:monitor:DiagnosticSetting": "name",
}


@dataclass
class Registration:
    urn: str
    type: str
    name: str
    inputs: dict[str, Any]
    dependencies: set[str]
    protect: bool
    delete_before_replace: bool
    parent: str


@dataclass
class Recording:
    registrations: dict[str, Registration]
    exports: dict[str, Any]
    logs: list[tuple[str, str]]  # (level, message)
    invokes: list[str]
    error: BaseException | None = None

    def of_type(self, token: str) -> list[Registration]:
        return [r for r in self.registrations.values() if r.type == token]

    def named(self, name: str) -> Registration:
        (found,) = [r for r in self.registrations.values() if r.name == name]
        return found

    def errors(self) -> list[str]:
        return [message for level, message in self.logs if level == "ERROR"]


class AzureMocks(Mocks):
    def __init__(self, preview: bool) -> None:
        self.preview = preview
        self.invokes: list[str] = []

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        if self.preview:
            return None, {}  # nothing exists yet: every output is unknown, as in `pulumi preview`
        state = dict(args.inputs)
        state["name"] = _azure_name(args.typ, args.inputs) or args.name
        if args.typ == "azure-native:cognitiveservices:Account":
            subdomain = args.inputs["properties"]["customSubDomainName"]
            state["properties"] = {
                **args.inputs["properties"],
                "endpoint": f"https://{subdomain}.openai.azure.com/",
            }
        return f"/mock/{args.typ}/{args.name}", state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        self.invokes.append(args.token)
        return {}, None


def _azure_name(token: str, inputs: dict[str, Any]) -> str | None:
    own = OWN_NAME_INPUT.get(token)
    if own is not None:
        return inputs.get(own)
    return next((inputs[key] for key in AZURE_NAME_INPUTS if key in inputs), None)


class RecordingMonitor(MockMonitor):
    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.registrations: dict[str, Registration] = {}

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type != "pulumi:pulumi:Stack":
            self.registrations[response.urn] = Registration(
                urn=response.urn,
                type=request.type,
                name=request.name,
                inputs=rpc.deserialize_properties(request.object),
                dependencies=set(request.dependencies),
                protect=bool(request.protect),
                delete_before_replace=bool(request.deleteBeforeReplace),
                parent=request.parent,
            )
        return response


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()))


def run_program(
    program: Callable[[], object],
    *,
    stack: str = "prod-eastus",
    preview: bool = False,
    config: dict[str, str] | None = None,
) -> Recording:
    mocks = AzureMocks(preview)
    monitor = RecordingMonitor(mocks)
    collect = _Collect()
    logger = logging.getLogger(f"pulumi-mocks-{id(collect)}")
    logger.propagate = False
    logger.addHandler(collect)
    logger.setLevel(logging.DEBUG)
    pulumi.runtime.set_mocks(
        mocks, project=PROJECT, stack=stack, preview=preview, logger=logger, monitor=monitor
    )
    pulumi.runtime.set_all_config(config or {})
    exports: dict[str, Any] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def body() -> pulumi.Output[None]:
        program()
        root = pulumi.runtime.get_root_resource()
        outputs = dict(getattr(root, "outputs", {}))
        return pulumi.Output.from_input(outputs).apply(exports.update)

    error: BaseException | None = None
    try:
        body()
    except Exception as caught:  # the program's own failure is part of what a test looks at
        error = caught
    return Recording(monitor.registrations, exports, collect.records, mocks.invokes, error)


def longest_chain(recording: Recording, token: str) -> int:
    """The number of resources of one type on the longest path of dependencies among them."""
    of_type = {r.urn: r for r in recording.of_type(token)}
    memo: dict[str, int] = {}

    def depth(urn: str) -> int:
        if urn not in memo:
            below = [depth(dep) for dep in of_type[urn].dependencies if dep in of_type]
            memo[urn] = 1 + max(below, default=0)
        return memo[urn]

    return max((depth(urn) for urn in of_type), default=0)


def waits_for(recording: Recording, urn: str) -> set[str]:
    """Every URN that `urn` waits for, directly or through others."""
    seen: set[str] = set()
    todo = [urn]
    while todo:
        registration = recording.registrations.get(todo.pop())
        for dependency in registration.dependencies if registration else ():
            if dependency not in seen:
                seen.add(dependency)
                todo.append(dependency)
    return seen
