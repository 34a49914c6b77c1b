"""A local Azure Resource Manager emulator: the few Microsoft.CognitiveServices reads live mode makes.

An HTTP server on 127.0.0.1 (a free port) answers, in ARM's shapes (payloads/, copied from
Azure/azure-rest-api-specs; see payloads/SOURCES.md):

- GET /subscriptions/{s}/providers/Microsoft.CognitiveServices/skus                     (ResourceSkus_List)
- GET /subscriptions/{s}/providers/Microsoft.CognitiveServices/locations/{r}/models     (Models_List)
- GET /subscriptions/{s}/providers/Microsoft.CognitiveServices/locations/{r}/usages     (Usages_List, $filter)
- GET /subscriptions/{s}/providers/Microsoft.CognitiveServices/accounts                 (Accounts_List)
- GET /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.CognitiveServices/accounts    (by group)
- GET .../accounts/{a}/deployments, .../accounts/{a}/raiPolicies                       (lists per account)
- GET .../accounts/{a}/providers/Microsoft.Authorization/roleAssignments
- GET .../accounts/{a}/providers/Microsoft.Insights/diagnosticSettings
- GET a private endpoint (`resources`, by path) and its .../privateDnsZoneGroups

Lists are split into pages of `page_size` linked by nextLink. Faults are queued per call key
("models:eastus", "usages:eastus", "accounts", "deployments:rg/account", "skus"): each request takes the
next fault of its key, or repeats the last one when it was added with always=True. Every request is logged.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

PAYLOADS = Path(__file__).resolve().parent / "payloads"
TOKEN = "emulator-token"
PROVIDER = "/providers/Microsoft.CognitiveServices"
_FILTER = re.compile(r"name\.value eq '([^']*)'")


def example(name: str) -> Any:
    """The 200 answer of one of Azure's example payloads (tests/live/payloads/)."""
    return json.loads((PAYLOADS / name).read_text())["responses"]["200"]["body"]


@dataclass(frozen=True)
class Fault:
    status: int = 500
    code: str = "InternalServerError"
    message: str = "The server encountered an internal error."
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    body: bytes | None = None  # sent as is, instead of an ARM error
    answer: bool = False  # after the delay, give the normal answer
    drip: float = 0.0  # seconds between the bytes of the body: a server that never quite finishes
    drip_head: bool = False  # drip the status line and headers too, not only the body


def throttled(retry_after: int = 1) -> Fault:
    return Fault(429, "TooManyRequests", "Too many requests.", {"Retry-After": str(retry_after)})


def unavailable() -> Fault:
    return Fault(503, "ServiceUnavailable", "The service is temporarily unavailable.")


def malformed() -> Fault:
    return Fault(200, body=b'{"value": [{"kind": "OpenAI", "model": ')


def forbidden(action: str = "Microsoft.CognitiveServices/locations/usages/read") -> Fault:
    return Fault(
        403,
        "AuthorizationFailed",
        f"The client 'ci@contoso.com' with object id '00000000-0000-0000-0000-000000000000' does not have "
        f"authorization to perform action '{action}' over scope '/subscriptions/...'.",
    )


def slow(seconds: float) -> Fault:
    return Fault(200, delay=seconds, answer=True)


def error(code: str, status: int = 400, message: str = "Azure's message.") -> Fault:
    return Fault(status, code, message)


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 drops concurrent connections, which then wait a second for TCP to
    # retry: as many as the clients open at once must be able to queue.
    request_queue_size = 128
    daemon_threads = True


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    key: str
    at: float  # time.monotonic() when it arrived


class ArmEmulator:
    def __init__(self, page_size: int = 1000, delay: float = 0.0, host: str = "127.0.0.1") -> None:
        self.page_size = page_size
        self.link_base: str | None = None  # where nextLink points; None: this emulator
        self.delay = delay  # before every answer: a network round trip
        self.models: dict[str, list[dict[str, Any]]] = {}
        self.usages: dict[str, list[dict[str, Any]]] = {}
        self.skus: list[dict[str, Any]] = []
        self.accounts: list[dict[str, Any]] = []  # of the subscription
        self.deployments: dict[str, list[dict[str, Any]]] = {}  # "rg/account" (lower case)
        self.rai_policies: dict[str, list[dict[str, Any]]] = {}  # "rg/account"
        self.role_assignments: dict[str, list[dict[str, Any]]] = {}  # "rg/account"
        self.diagnostic_settings: dict[str, list[dict[str, Any]]] = {}  # "rg/account"
        self.resources: dict[str, dict[str, Any]] = {}  # single resources (a private endpoint), by path
        self.zone_groups: dict[
            str, list[dict[str, Any]]
        ] = {}  # a private endpoint's path: its DNS zone groups
        self.requests: list[Request] = []
        self._faults: dict[str, list[Fault]] = defaultdict(list)
        self._always: dict[str, Fault] = {}
        self._lock = threading.Lock()
        self._server = _Server((host, 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> ArmEmulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, key: str, *faults: Fault, always: bool = False) -> None:
        with self._lock:
            if always:
                self._always[key] = faults[0]
            else:
                self._faults[key].extend(faults)

    def calls(self, key: str) -> list[Request]:
        return [request for request in self.requests if request.key == key]

    # Serving

    def _next_fault(self, key: str) -> Fault | None:
        with self._lock:
            queued = self._faults.get(key)
            if queued:
                return queued.pop(0)
            return self._always.get(key)

    def _route(self, path: str) -> tuple[str, list[dict[str, Any]] | None]:
        """The call key and the full list it answers (None: not found)."""
        parts = path.split("/")
        lowered = path.lower()
        if lowered.endswith(f"{PROVIDER.lower()}/skus"):
            return "skus", self.skus
        if lowered.endswith(f"{PROVIDER.lower()}/accounts") and "/resourcegroups/" not in lowered:
            return "accounts", self.accounts
        match = re.search(r"/locations/([^/]+)/(models|usages)$", path)
        if match:
            region, kind = match.group(1).lower(), match.group(2)
            source = self.models if kind == "models" else self.usages
            return f"{kind}:{region}", source.get(region)
        if lowered.endswith("/privatednszonegroups"):
            endpoint = lowered.rsplit("/", 1)[0]
            return f"zonegroups:{endpoint}", self.zone_groups.get(endpoint, [])
        if "/resourcegroups/" in lowered:
            group = parts[parts.index("resourceGroups") + 1]
            if lowered.endswith(f"{PROVIDER.lower()}/accounts"):
                found = [a for a in self.accounts if f"/resourcegroups/{group.lower()}/" in a["id"].lower()]
                return f"accounts:{group.lower()}", found
            account = parts[parts.index("accounts") + 1] if "accounts" in parts else ""
            key = f"{group}/{account}".lower()
            for suffix, name, source in (
                ("/deployments", "deployments", self.deployments),
                ("/raipolicies", "raipolicies", self.rai_policies),
                ("/microsoft.authorization/roleassignments", "roleassignments", self.role_assignments),
                ("/microsoft.insights/diagnosticsettings", "diagnosticsettings", self.diagnostic_settings),
            ):
                if lowered.endswith(suffix):
                    return f"{name}:{key}", source.get(key, [] if name != "deployments" else None)
        return f"unknown:{path}", None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                emulator._serve(self)

            def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
                pass

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        key, items = self._route(parts.path)
        with self._lock:
            self.requests.append(Request("GET", parts.path, query, key, time.monotonic()))
        if self.delay:
            time.sleep(self.delay)
        if handler.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._error(handler, Fault(401, "InvalidAuthenticationToken", "The access token is invalid."))
            return
        fault = self._next_fault(key)
        if fault is not None:
            time.sleep(fault.delay)
            if not fault.answer or fault.drip_head:
                self._error(handler, fault)
                return
        single = self.resources.get(parts.path.lower())
        if single is not None:
            self._send(handler, 200, json.dumps(single).encode(), {})
            return
        if items is None:
            self._error(handler, Fault(404, "ResourceNotFound", f"The resource {parts.path} was not found."))
            return
        self._page(handler, parts.path, query, self._filtered(items, query))

    def _filtered(self, items: list[dict[str, Any]], query: dict[str, list[str]]) -> list[dict[str, Any]]:
        wanted = set(_FILTER.findall(query.get("$filter", [""])[0]))
        return [item for item in items if not wanted or item.get("name", {}).get("value") in wanted]

    def _page(
        self, handler: BaseHTTPRequestHandler, path: str, query: dict[str, list[str]], items: list[Any]
    ) -> None:
        start = int(query.get("$skiptoken", ["0"])[0])
        body: dict[str, Any] = {"value": items[start : start + self.page_size]}
        if start + self.page_size < len(items):
            api_version = query.get("api-version", [""])[0]
            skip, base = start + self.page_size, self.link_base or self.url
            body["nextLink"] = f"{base}{path}?api-version={api_version}&$skiptoken={skip}"
        self._send(handler, 200, json.dumps(body).encode(), {})

    def _error(self, handler: BaseHTTPRequestHandler, fault: Fault) -> None:
        body = fault.body
        if body is None:
            body = json.dumps({"error": {"code": fault.code, "message": fault.message}}).encode()
        if fault.drip_head:
            self._drip_all(handler, fault, body)
            return
        self._send(handler, fault.status, body, fault.headers, fault.drip)

    def _drip_all(self, handler: BaseHTTPRequestHandler, fault: Fault, body: bytes) -> None:
        head = f"HTTP/1.1 {fault.status} OK\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        try:
            for byte in head.encode() + body:  # bounded: one byte per step, then done
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(fault.drip)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: dict[str, str],
        drip: float = 0.0,
    ) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            if not drip:
                handler.wfile.write(body)
            for at in range(len(body) if drip else 0):  # bounded: one byte per step, then done
                handler.wfile.write(body[at : at + 1])
                handler.wfile.flush()
                time.sleep(drip)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass
