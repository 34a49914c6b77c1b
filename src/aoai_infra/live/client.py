"""A CognitiveServicesManagementClient for a target and subscription, with bounded retries and timeouts.

Every request is bounded: a connect and a read timeout, a fixed number of retries on 408, 429 and 5xx
(azure-core's RetryPolicy, which honours Retry-After), and Retry-After itself capped so that a throttled
subscription makes the command fail with advice instead of sleeping for an hour.

Imports: aoai_infra.live; azure, requests, urllib3.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import requests
from azure.core.credentials import AccessToken, TokenCredential
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import RetryPolicy, SansIOHTTPPolicy
from azure.core.pipeline.transport import RequestsTransport
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from urllib3.util.retry import Retry

from aoai_infra.live.endpoint import Target
from aoai_infra.live.guard import GuardedAdapter


@dataclass(frozen=True, slots=True)
class Limits:
    """How long and how often live mode may wait on Azure."""

    # Requests in flight at once. Resource Manager gives each subscription and principal a bucket of 250
    # reads that refills at 25 a second ("Understand how Azure Resource Manager throttles requests",
    # learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling): a sync of
    # every region (two reads each) fits in one burst.
    concurrency: int = 32
    timeout: float = 30.0  # seconds to connect, and to wait for each answer
    retries: int = 4  # after the first attempt, on 408, 429, 5xx and timeouts
    backoff: float = 0.8  # seconds; doubled at each retry that has no Retry-After
    max_retry_after: float = 30.0  # Retry-After beyond this is cut to it
    max_pages: int = 100  # nextLink pages followed per list


class Connection:
    """One credential and one pool of HTTP connections, shared by a client per subscription."""

    def __init__(self, target: Target, limits: Limits) -> None:
        self.target = target
        self.limits = limits
        self.credential = _credential(target)
        self._session = _session(target.endpoint, limits)
        self._clients: dict[str, CognitiveServicesManagementClient] = {}

    def check_credential(self) -> None:
        """Get a token once, so that missing credentials fail before any region is asked."""
        self.credential.get_token(self.target.scope)

    def client(self, subscription: str) -> CognitiveServicesManagementClient:
        if subscription not in self._clients:
            self._clients[subscription] = self._new_client(subscription)
        return self._clients[subscription]

    def _new_client(self, subscription: str) -> CognitiveServicesManagementClient:
        limits = self.limits
        options: dict[str, Any] = {
            "credential_scopes": [self.target.scope],
            "transport": RequestsTransport(
                session=self._session,
                session_owner=False,
                connection_timeout=limits.timeout,
                read_timeout=limits.timeout,
            ),
            "retry_policy": CappedRetryPolicy(
                limits.max_retry_after,
                retry_total=limits.retries,
                retry_backoff_factor=limits.backoff,
                retry_backoff_max=limits.max_retry_after,
                timeout=limits.timeout * (limits.retries + 1) + limits.max_retry_after * limits.retries,
            ),
        }
        if self.target.static_token is not None:
            # The default ARM policy refuses to send a bearer token over http, rightly; the emulator gets
            # its static token from this policy instead.
            options["authentication_policy"] = StaticBearerPolicy(self.target.static_token)
        return CognitiveServicesManagementClient(
            self.credential, subscription, base_url=self.target.endpoint, **options
        )

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._session.close()


class CappedRetryPolicy(RetryPolicy[Any, Any]):
    """azure-core's retries, with Retry-After cut to `cap` seconds."""

    def __init__(self, cap: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cap = cap

    def get_retry_after(self, response: PipelineResponse[Any, Any]) -> float | None:
        wait = super().get_retry_after(response)
        return None if wait is None else min(wait, self.cap)


class StaticBearerPolicy(SansIOHTTPPolicy[Any, Any]):
    """Sets `Authorization: Bearer <token>` on every request (loopback emulators only)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def on_request(self, request: PipelineRequest[Any]) -> None:
        request.http_request.headers["Authorization"] = f"Bearer {self.token}"


class StaticTokenCredential:
    """The token from AOAI_INFRA_ARM_TOKEN, as a credential (the client requires one)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.token, int(time.time()) + 3600)


def _credential(target: Target) -> TokenCredential:
    if target.static_token is not None:
        return StaticTokenCredential(target.static_token)
    from azure.identity import DefaultAzureCredential

    if target.authority is None:
        return DefaultAzureCredential()
    return DefaultAzureCredential(authority=target.authority)


def _session(endpoint: str, limits: Limits) -> requests.Session:
    """A session whose pool holds a connection per worker; retries are the pipeline's, not urllib3's.
    Every request goes through the guard (aoai_infra.live.guard): one origin, bounded time and size."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = "gzip, deflate"  # what the guard can decompress with a bound
    adapter = GuardedAdapter(
        endpoint,
        limits.timeout,
        pool_connections=4,
        pool_maxsize=limits.concurrency,
        max_retries=Retry(total=False, redirect=False, raise_on_status=False),
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
