"""Run a Pulumi program under `pulumi.runtime.set_mocks` and record the resource graph it registers.

`RecordingMonitor` sees every registration as the engine would: type, logical name, inputs (camelCase
wire names), the URNs it depends on (explicit `depends_on` and the resources its inputs come from, also
per property), `protect` and `deleteBeforeReplace`. `AzureMocks` answers like Azure would for what a
program reads back (names, endpoints), so that outputs are known outside preview.

The tests of the Pulumi program use this, and so does `aoai-infra check-policies`, which runs the policy
pack on the graph of a stack without the Pulumi CLI and without Azure.

Imports: google, pulumi.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pulumi
from google.protobuf import json_format  # type: ignore[import-untyped]  # protobuf ships no stubs
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks

PROJECT = "aoai-infra"
MOCK_GUID = "00000000-0000-4000-8000-000000000000"  # ids Azure would assign, in outputs
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
    inputs: dict[str, Any]  # deserialized by the SDK, as a program would see them
    wire: dict[str, Any]  # the inputs as JSON on the wire, as the engine hands them to a policy pack
    outputs: dict[str, Any]  # what the mocks answered (empty in preview: everything unknown)
    dependencies: set[str]
    property_dependencies: dict[str, set[str]]
    protect: bool
    delete_before_replace: bool
    parent: str
    provider: str  # "URN::id" of the provider it is created through; "" for the default provider


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
        self.states: dict[str, dict[str, Any]] = {}  # by logical name and type

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
            if "identity" in args.inputs:
                state["identity"] = _identity_output(args.inputs["identity"])
        self.states[f"{args.typ}::{args.name}"] = state
        return f"/mock/{args.typ}/{args.name}", state

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        self.invokes.append(args.token)
        return {}, None


def _identity_output(identity: dict[str, Any]) -> dict[str, Any]:
    """An identity as Azure answers it. Its input names user-assigned identities by id in a list; its
    output maps each id to the identity's principal and client ids (UserAssignedIdentityResponse)."""
    output = {**identity, "principalId": MOCK_GUID, "tenantId": MOCK_GUID}
    assigned = identity.get("userAssignedIdentities")
    if isinstance(assigned, list):
        output["userAssignedIdentities"] = {
            resource_id: {"principalId": MOCK_GUID, "clientId": MOCK_GUID} for resource_id in assigned
        }
    return output


def _azure_name(token: str, inputs: dict[str, Any]) -> str | None:
    own = OWN_NAME_INPUT.get(token)
    if own is not None:
        return inputs.get(own)
    return next((inputs[key] for key in AZURE_NAME_INPUTS if key in inputs), None)


class RecordingMonitor(MockMonitor):
    def __init__(self, mocks: AzureMocks) -> None:
        super().__init__(mocks)
        self.azure = mocks
        self.registrations: dict[str, Registration] = {}

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type != "pulumi:pulumi:Stack":
            self.registrations[response.urn] = Registration(
                urn=response.urn,
                type=request.type,
                name=request.name,
                inputs=rpc.deserialize_properties(request.object),
                wire=json_format.MessageToDict(request.object),
                outputs=self.azure.states.get(f"{request.type}::{request.name}", {}),
                dependencies=set(request.dependencies),
                property_dependencies={
                    key: set(value.urns) for key, value in request.propertyDependencies.items()
                },
                protect=bool(request.protect),
                delete_before_replace=bool(request.deleteBeforeReplace),
                parent=request.parent,
                provider=request.provider,
            )
        return response


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()))


def record(
    program: Callable[[], object],
    *,
    stack: str,
    preview: bool = False,
    config: dict[str, str] | None = None,
) -> Recording:
    """Run `program` as stack `stack` of project aoai-infra under mocks; its own failure is recorded."""
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
    except Exception as caught:  # the program's own failure is part of what the caller looks at
        error = caught
    return Recording(monitor.registrations, exports, collect.records, mocks.invokes, error)
