"""Where live mode talks to: a named Azure cloud, or an ARM endpoint given as a URL.

Plain http is refused except on a loopback address (an emulator on this machine), and there a static
bearer token from AOAI_INFRA_ARM_TOKEN replaces Azure credentials, so that no real token is ever sent
over an unencrypted connection. This module imports no Azure SDK: it only decides and explains.

Imports: aoai_infra.stack.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from aoai_infra.stack.identifiers import GUID_PATTERN

TOKEN_VARIABLE = "AOAI_INFRA_ARM_TOKEN"
SUBSCRIPTION_VARIABLE = "AZURE_SUBSCRIPTION_ID"


class Cloud(enum.StrEnum):
    AzurePublic = "AzurePublic"
    AzureUSGovernment = "AzureUSGovernment"
    AzureChina = "AzureChina"


# Resource Manager endpoints and Entra ID authority hosts of the national clouds, as azure-mgmt-core's
# get_arm_endpoints and azure-identity's AzureAuthorityHosts name them (tests/live/test_endpoint.py).
CLOUDS: dict[Cloud, tuple[str, str, str]] = {
    Cloud.AzurePublic: (
        "https://management.azure.com/",
        "https://management.azure.com/.default",
        "login.microsoftonline.com",
    ),
    Cloud.AzureUSGovernment: (
        "https://management.usgovcloudapi.net/",
        "https://management.core.usgovcloudapi.net/.default",
        "login.microsoftonline.us",
    ),
    Cloud.AzureChina: (
        "https://management.chinacloudapi.cn/",
        "https://management.chinacloudapi.cn/.default",
        "login.chinacloudapi.cn",
    ),
}


class LiveUsageError(Exception):
    """Live mode cannot start as asked; the message says what to change."""


@dataclass(frozen=True, slots=True)
class Target:
    endpoint: str  # ARM base URL, ending in /
    scope: str  # the token scope for this endpoint
    authority: str | None  # Entra ID host for DefaultAzureCredential; None: its own default
    static_token: str | None = None  # loopback emulators only


def resolve_target(cloud: Cloud | None, arm_endpoint: str | None, environ: Mapping[str, str]) -> Target:
    """The endpoint to call: --arm-endpoint if given, else the cloud's (AzurePublic by default)."""
    if arm_endpoint is None:
        endpoint, scope, authority = CLOUDS[cloud or Cloud.AzurePublic]
        return Target(endpoint, scope, authority)
    if cloud is not None:
        raise LiveUsageError("give either --cloud or --arm-endpoint, not both")
    return _custom_target(arm_endpoint, environ)


def _custom_target(url: str, environ: Mapping[str, str]) -> Target:
    not_a_url = LiveUsageError(
        "--arm-endpoint is not an http(s) URL of a host; give e.g. https://management.azure.com"
    )
    try:
        parts = urlsplit(url)
        _port = parts.port  # raises ValueError for a port that is not a number from 0 to 65535
    except ValueError:
        raise not_a_url from None
    if parts.username is not None or parts.password is not None:
        # Never echoed: the part before @ may be a password.
        raise LiveUsageError(
            "--arm-endpoint must not hold a user name or password (user:pass@host); credentials come from "
            f"Azure sign-in, or {TOKEN_VARIABLE} for a loopback emulator"
        )
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        raise not_a_url
    root = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"
    if parts.scheme == "https":
        return Target(root, f"{parts.scheme}://{parts.netloc}/.default", None)
    if not is_loopback(parts.hostname):
        raise LiveUsageError(
            f"--arm-endpoint {url} uses plain http, which would send credentials unencrypted; use https://, "
            "or (for a local emulator) a loopback address such as http://127.0.0.1:PORT"
        )
    token = environ.get(TOKEN_VARIABLE, "")
    if not token:
        raise LiveUsageError(
            f"--arm-endpoint {url} is a plain-http loopback emulator: set {TOKEN_VARIABLE} to the bearer "
            "token it expects (Azure credentials are never sent over http)"
        )
    return Target(root, f"{parts.scheme}://{parts.netloc}/.default", None, token)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def subscription(flag: str | None, environ: Mapping[str, str], stack: str | None = None) -> str:
    """--subscription, else AZURE_SUBSCRIPTION_ID, else the stack file's subscription_id."""
    found = (flag or environ.get(SUBSCRIPTION_VARIABLE) or stack or "").strip()
    if not found:
        raise LiveUsageError(
            f"no subscription: pass --subscription ID, set {SUBSCRIPTION_VARIABLE}, "
            "or name a stack file with --stack"
        )
    if not re.match(GUID_PATTERN, found):
        raise LiveUsageError(
            f"subscription {found!r} is not a GUID; write it as 00000000-0000-0000-0000-000000000000"
        )
    return found
