"""Azure identifiers and addresses a stack file names: GUIDs, IPv4 rules and ARM resource ids.

Each check raises a `PydanticCustomError` of type `malformed_id` (rule AOAI015) whose message shows the
expected form, so that a typo in a 150-character resource id is found without reading the Azure docs.

Imports: pydantic_core.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass

from pydantic_core import PydanticCustomError

GUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_GUID = re.compile(GUID_PATTERN)
# Resource group names: letters, digits, _ - . ( ), up to 90 characters, not ending in a period.
_GROUP = re.compile(r"^[-\w.()]{1,89}[-\w()]$")
_NAME = re.compile(r"^[^/\s]+$")


def malformed(message: str) -> PydanticCustomError:
    return PydanticCustomError("malformed_id", message)


def is_guid(value: str) -> bool:
    return _GUID.match(value) is not None


def check_guid(value: str) -> str:
    if not is_guid(value):
        raise malformed(f"'{value}' is not a GUID; write it as 00000000-0000-0000-0000-000000000000")
    return value


# A repository repeats the same few ranges and resource ids in every account (often through one YAML
# anchor), and these checks are pure: each distinct value is checked once (bench/validate.py).
_REPEATED = 4096


@functools.lru_cache(maxsize=_REPEATED)
def check_ipv4_rule(value: str) -> str:
    """An IPv4 address or CIDR range, as Azure AI services accept in `networkAcls.ipRules`."""
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise malformed(f"'{value}' is not an IPv4 address or CIDR range such as 203.0.113.0/24") from None
    if network.version != 4:
        raise malformed(f"'{value}' is IPv6; Azure AI services IP rules take IPv4 addresses and ranges only")
    if "/" in value and str(network) != value:
        raise malformed(f"'{value}' has host bits set after the prefix; write the range as {network}")
    return value


@dataclass(frozen=True, slots=True)
class ResourceType:
    """An ARM resource type such as Microsoft.Network/virtualNetworks/subnets, and how to show it."""

    label: str
    namespace: str
    types: tuple[tuple[str, str], ...]  # (type, placeholder for its name), outermost first

    @property
    def example(self) -> str:
        parts = "/".join(f"{kind}/<{placeholder}>" for kind, placeholder in self.types)
        return f"/subscriptions/<guid>/resourceGroups/<group>/providers/{self.namespace}/{parts}"

    @property
    def json_schema(self) -> dict[str, str]:
        return {"type": "string", "description": f"{self.label} resource id: {self.example}"}

    def check(self, value: str) -> str:
        problem = self._problem(value)
        if problem:
            raise malformed(f"malformed {self.label} id: {problem}; expected {self.example}")
        return value

    @functools.lru_cache(maxsize=_REPEATED)  # noqa: B019  # the types are module constants, never freed
    def _problem(self, value: str) -> str | None:
        parts = value.split("/")
        expected_length = 7 + 2 * len(self.types)
        if not value.startswith("/subscriptions/") or len(parts) < 7:
            return "it must start with /subscriptions/<guid>/resourceGroups/<group>/providers/"
        if not _GUID.match(parts[2]):
            return f"'{parts[2]}' is not a subscription GUID"
        if parts[3].lower() != "resourcegroups" or not _GROUP.match(parts[4]):
            return "the resource group part is missing or malformed"
        if parts[5].lower() != "providers" or parts[6].lower() != self.namespace.lower():
            return f"the provider must be {self.namespace}"
        if len(parts) != expected_length:
            return f"it must have {expected_length - 1} segments, not {len(parts) - 1}"
        for index, (kind, _placeholder) in enumerate(self.types):
            type_part, name_part = parts[7 + 2 * index], parts[8 + 2 * index]
            if type_part.lower() != kind.lower():
                return f"'{type_part}' should be '{kind}'"
            if not _NAME.match(name_part):
                return f"the {kind} name is empty or contains spaces"
        return None


def subscription_of(resource_id: str) -> str:
    """The subscription of a checked resource id (/subscriptions/<guid>/...), in lower case."""
    return resource_id.split("/")[2].lower()


SUBNET = ResourceType("subnet", "Microsoft.Network", (("virtualNetworks", "vnet"), ("subnets", "subnet")))
PRIVATE_DNS_ZONE = ResourceType("private DNS zone", "Microsoft.Network", (("privateDnsZones", "zone"),))
LOG_ANALYTICS_WORKSPACE = ResourceType(
    "Log Analytics workspace", "Microsoft.OperationalInsights", (("workspaces", "workspace"),)
)
USER_ASSIGNED_IDENTITY = ResourceType(
    "user-assigned identity", "Microsoft.ManagedIdentity", (("userAssignedIdentities", "identity"),)
)
