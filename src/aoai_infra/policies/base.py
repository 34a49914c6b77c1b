"""What every policy of the pack shares: how one is declared, resource types, reading properties safely,
settings, production stacks. A policy module imports what it needs from here alone.

The policies read pulumi-azure-native properties (camelCase wire names), never aoai-infra's stack format,
so that they guard any Pulumi program that creates Azure OpenAI resources. Resource policies see a
resource's inputs; stack policies see every resource's outputs, so they find an account's children by
their dependencies first and by names only when those are known.

Imports: aoai_infra.catalog, aoai_infra.stack; pulumi_policy, pydantic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from aoai_infra.catalog.catalog import Catalog
from aoai_infra.catalog.loader import load_catalog
from aoai_infra.stack.naming import COMPONENT_TYPE
from aoai_infra.stack.production import PATTERN, is_production

# The names a policy module is written with: the engine's types and levels, as pulumi-policy has them.
Report = ReportViolation
ResourceArgs = ResourceValidationArgs
StackArgs = StackValidationArgs
MANDATORY, ADVISORY = EnforcementLevel.MANDATORY, EnforcementLevel.ADVISORY
HIGH, MEDIUM, LOW = Severity.HIGH, Severity.MEDIUM, Severity.LOW
__all__ = ["ADVISORY", "HIGH", "LOW", "MANDATORY", "MEDIUM", "PolicyResource", "Report", "ResourceArgs"]
__all__ += ["StackArgs", "resource_policy", "stack_policy"]


P = TypeVar("P", ResourceValidationPolicy, StackValidationPolicy)


def _declared(
    kind: type[P],
    name: str,
    description: str,
    validate: Any,
    *,
    level: EnforcementLevel,
    severity: Severity,
    remediation: str,
    settings: type[Settings] | None = None,
) -> P:
    return kind(
        name=name,
        description=description,
        validate=validate,
        enforcement_level=level,
        severity=severity,
        config_schema=config_schema(settings) if settings else None,
        remediation_steps=remediation,
    )


# A policy that sees one resource at a time (its inputs), and one that sees every resource of the stack at
# once (outputs and dependencies).
resource_policy = functools.partial(_declared, ResourceValidationPolicy)
stack_policy = functools.partial(_declared, StackValidationPolicy)


ACCOUNT = "Account"
DEPLOYMENT = "Deployment"
PRIVATE_ENDPOINT = "PrivateEndpoint"
DIAGNOSTIC_SETTING = "DiagnosticSetting"
_TYPES = {
    ACCOUNT: "cognitiveservices",
    DEPLOYMENT: "cognitiveservices",
    PRIVATE_ENDPOINT: "network",
    DIAGNOSTIC_SETTING: "monitor",
}
# `azure-native:cognitiveservices:Account`, or an explicit API version such as
# `azure-native:cognitiveservices/v20250601:Account`.
_TOKEN = re.compile(r"^azure-native:(?P<module>[a-z]+)(?:/v[0-9a-z]+)?:(?P<type>\w+)$")


def is_type(resource_type: str, kind: str) -> bool:
    match = _TOKEN.match(resource_type)
    return bool(match and match["type"] == kind and match["module"] == _TYPES[kind])


def get(props: Mapping[str, Any] | None, *path: str) -> Any:
    """The value at `path`, or None when it is absent.

    A value not known yet (during a preview) raises `UnknownValueError`, as the runtime's proxy does: the
    engine then reports that the policy cannot judge this resource until the value is known, instead of
    the policy judging a value it cannot see.
    """
    value: Any = props
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def known(props: Mapping[str, Any] | None, *path: str) -> Any:
    """The value at `path`, or None when it is absent or not known yet (during a preview)."""
    try:
        return get(props, *path)
    except UnknownValueError:
        return None


def is_unknown(props: Mapping[str, Any] | None, *path: str) -> bool:
    """Whether the value at `path` is there but not known yet (computed, during a preview)."""
    try:
        get(props, *path)
    except UnknownValueError:
        return True
    return False


def items(value: Any) -> list[Any]:
    """A list property as a list; absent or unknown is empty."""
    try:
        return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []
    except UnknownValueError:
        return []


def in_stack_file_terms(policy: Policy, fix: str | None) -> Policy:
    """`policy`, whose violations of resources that an aoai-infra stack file declares also say which key
    of the file to change (`fix`, with `{name}` the resource's logical name). A resource is a stack file's
    when its URN shows it as a child of the AzureOpenAIStack component; other programs' violations keep
    the Pulumi property names alone."""
    if fix is None:
        return policy
    check = policy.validate  # type: ignore[attr-defined]

    def validate(args: Any, report_violation: ReportViolation) -> Any:
        def report(message: str, urn: str | None = None) -> None:
            target = urn or getattr(args, "urn", None)
            if target and f"{COMPONENT_TYPE}$" in target:
                message = f"{message}; {fix.format(name=target.rsplit('::', 1)[-1])}"
            report_violation(message, urn)

        return check(args, report)

    policy.validate = validate  # type: ignore[attr-defined]
    return policy


def stack_of(urn: str) -> str:
    """The stack name in a URN: `urn:pulumi:<stack>::<project>::<type>::<name>`."""
    return urn.removeprefix("urn:pulumi:").split("::", 1)[0]


def label(props: Mapping[str, Any], name: str, *keys: str) -> str:
    """A resource's Azure name, from the first known of `keys`, else its Pulumi name."""
    for key in keys:
        value = known(props, key)
        if isinstance(value, str) and value:
            return value
    return name


# Settings: each configurable policy declares a pydantic model, which gives both the JSON Schema that
# Pulumi shows and checks, and the typed, defaulted values the policy reads.


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True)


class ProdSettings(Settings):
    prod_stacks: str = Field(
        PATTERN,
        description="Regular expression matched against the stack name: the stacks that are production.",
    )

    def is_prod(self, urn: str) -> bool:
        return is_production(stack_of(urn), self.prod_stacks)


S = TypeVar("S", bound=Settings)


def config_schema(settings: type[Settings]) -> PolicyConfigSchema:
    schema = settings.model_json_schema(by_alias=True)
    properties = {
        key: {k: v for k, v in value.items() if k != "title"} for key, value in schema["properties"].items()
    }
    return PolicyConfigSchema(properties=properties)


def settings_of(config: Mapping[str, Any], settings: type[S]) -> S:
    """The policy's settings from its config, with defaults; Pulumi passes numbers as floats."""
    return settings.model_validate(dict(config))


def deployment_label(props: Mapping[str, Any], name: str) -> str:
    """`account/deployment` when both names are known, else the deployment's Pulumi name."""
    account, deployment = known(props, "accountName"), known(props, "deploymentName")
    if isinstance(account, str) and isinstance(deployment, str):
        return f"{account}/{deployment}"
    return name


@functools.cache
def catalog(path: str | None = None) -> Catalog:
    """The validator's catalog: the bundled one, or an organisation's file (loaded once per process)."""
    return load_catalog(Path(path) if path else None)
