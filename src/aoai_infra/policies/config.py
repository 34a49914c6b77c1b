"""The policy pack's configuration file, in the format of `pulumi preview --policy-pack-config`.

A JSON object keyed by policy name (or `all`), each value an enforcement level (`"advisory"`,
`"mandatory"`, `"disabled"`) or an object with an optional `enforcementLevel` and the policy's settings:

    {"all": "mandatory",
     "aoai-account-allowed-regions": {"allowedRegions": ["eastus", "swedencentral"]},
     "aoai-deployment-version-upgrade": "disabled"}

Settings are checked against each policy's schema here, so that a typo fails before any check runs.

Imports: aoai_infra.policies, aoai_infra.source, aoai_infra.suggest; pulumi_policy, pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi_policy import EnforcementLevel, Policy
from pydantic import ValidationError

from aoai_infra.policies.pack import BY_NAME
from aoai_infra.source.boundedread import MIB, ReadError, read_bounded
from aoai_infra.source.jsonfile import JsonError, parse_json
from aoai_infra.suggest import closest

ALL = "all"
MAX_CONFIG_BYTES = MIB
LEVELS = {level.value: level for level in EnforcementLevel}


class PolicyConfigError(Exception):
    """The file cannot be used; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Entry:
    enforcement: EnforcementLevel | None = None
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PackConfig:
    entries: dict[str, Entry] = field(default_factory=dict)

    def level(self, policy: Policy) -> EnforcementLevel:
        """The entry's level, else `all`'s, else the policy's own default."""
        for key in (policy.name, ALL):
            entry = self.entries.get(key)
            if entry is not None and entry.enforcement is not None:
                return entry.enforcement
        return policy.enforcement_level or EnforcementLevel.ADVISORY

    def settings(self, policy: Policy, derived: dict[str, Any] | None = None) -> dict[str, Any]:
        """`derived` (what a stack file implies) overridden by what the file sets."""
        entry = self.entries.get(policy.name)
        return {**(derived or {}), **(entry.settings if entry else {})}


def load(path: Path) -> PackConfig:
    try:
        data = parse_json(read_bounded(path, MAX_CONFIG_BYTES, "policy config"))
    except ReadError as error:
        raise PolicyConfigError(f"{path}: {error}") from None
    except JsonError as error:
        where = f"{path}:{error.position.line}:{error.position.column}"
        raise PolicyConfigError(f"{where}: {error.message}") from None
    if not isinstance(data, dict):
        raise PolicyConfigError(f"{path}: expected a JSON object keyed by policy name")
    return PackConfig({name: _entry(path, name, value) for name, value in data.items()})


def _entry(path: Path, name: str, value: object) -> Entry:
    if name != ALL and name not in BY_NAME:
        guess = closest(name, list(BY_NAME))
        fix = f"did you mean '{guess}'?" if guess else "list them with: aoai-infra check-policies --list"
        raise PolicyConfigError(f"{path}: '{name}' is not a policy of this pack; {fix}")
    if isinstance(value, str):
        return Entry(_level(path, name, value))
    if not isinstance(value, dict):
        raise PolicyConfigError(f"{path}: '{name}' must be an enforcement level or an object")
    settings = {key: item for key, item in value.items() if key != "enforcementLevel"}
    level = value.get("enforcementLevel")
    if level is not None and not isinstance(level, str):
        raise PolicyConfigError(f"{path}: '{name}'.enforcementLevel must be one of {', '.join(LEVELS)}")
    if settings:
        _check_settings(path, name, settings)
    return Entry(_level(path, name, level) if level is not None else None, settings)


def _level(path: Path, name: str, value: str) -> EnforcementLevel:
    if value not in LEVELS:
        raise PolicyConfigError(
            f"{path}: '{name}': unknown enforcement level '{value}'; use one of {', '.join(LEVELS)}"
        )
    return LEVELS[value]


def _check_settings(path: Path, name: str, settings: dict[str, Any]) -> None:
    schema = getattr(BY_NAME.get(name), "Settings", None)
    if schema is None:
        raise PolicyConfigError(f"{path}: '{name}' takes no settings, only enforcementLevel")
    try:
        schema.model_validate(settings)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        known = ", ".join(schema.model_json_schema(by_alias=True)["properties"])
        raise PolicyConfigError(f"{path}: '{name}'.{where}: {first['msg']} (its settings: {known})") from None
