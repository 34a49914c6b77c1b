"""What live mode lets through to and from the network: one origin, bounded time, bounded size.

Every request azure-core sends goes through `GuardedAdapter`, the transport's lowest layer, whatever made
it (a first call, a `nextLink` page, a redirect): a request to any scheme, host or port other than the
configured Resource Manager endpoint's is refused before a connection is opened, so the bearer token the
pipeline attached never leaves for another host, and nothing from another host is read. A watchdog shuts
the connection down when `--timeout` has passed since the request was sent, so a server that drips the
status line, a header or the body one byte at a time cannot hold a call longer; each answer is refused
past `MAX_ANSWER_BYTES`, compressed or not.

Imports: azure, requests, urllib3.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import zlib
from typing import Any
from urllib.parse import urlsplit

from azure.core.exceptions import AzureError, ServiceResponseTimeoutError
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_ANSWER_BYTES = 32 * 1024 * 1024  # a region's full model list is a few MiB
_PIECE = 64 * 1024
_DECODERS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class AnswerError(AzureError):
    """An answer, or a link in one, that live mode will not use; `code` names the kind for reports."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of a URL; a URL that does not parse (a link with port 99999) has none, so it
    matches no endpoint."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "", url[:80], None
    default = {"https": 443, "http": 80}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port or default


class GuardedAdapter(HTTPAdapter):
    def __init__(
        self,
        endpoint: str,
        total_timeout: float,
        service: str = "the Resource Manager endpoint in use",
        **kwargs: Any,
    ) -> None:
        self.allowed = origin(endpoint)
        self.total_timeout = total_timeout
        self.service = service  # what the endpoint is, for the refusal's message
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, *args: Any, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(*args, **kwargs)
        manager.pool_classes_by_scheme = _POOLS
        return manager

    def send(self, request: PreparedRequest, stream: bool = False, **kwargs: Any) -> Response:  # type: ignore[override]
        target = origin(request.url or "")
        if target != self.allowed:
            scheme, host, port = target
            raise AnswerError(
                "ForeignHost",
                f"Azure's answer pointed at {scheme}://{host}:{port}, which is not {self.service}; "
                "nothing was sent there and the answer was not used",
            )
        watch = _Watch()
        timer = threading.Timer(self.total_timeout, watch.expire)
        timer.daemon = True
        _ACTIVE.watch = watch
        timer.start()
        try:
            return self._exchange(request, watch, **kwargs)
        except Exception:
            if watch.expired:  # the socket was shut down at the deadline: say so, not "connection lost"
                raise ServiceResponseTimeoutError(
                    "the answer did not arrive in full within --timeout"
                ) from None
            raise
        finally:
            timer.cancel()
            _ACTIVE.watch = None

    def _exchange(self, request: PreparedRequest, watch: _Watch, **kwargs: Any) -> Response:
        response = super().send(request, stream=True, **kwargs)
        try:
            response._content = _body(response)
        except BaseException:
            response.raw.close()  # a half-read connection is not put back into the pool
            raise
        watch.finish()  # before the connection goes back to the pool, where another request may take it
        response._content_consumed = True
        response.close()
        return response


class _Watch:
    """Shuts down the connection of one request when its time is up. The blocked read returns at once,
    whether it waits for the status line, a header or the body, so `--timeout` bounds them all."""

    def __init__(self) -> None:
        # The request's socket, set when it takes a pooled connection or opens one. Kept here because
        # http.client lets go of the connection's socket once an answer that closes it has started.
        self.sock: socket.socket | None = None
        self.expired = False
        self._lock = threading.Lock()
        self._finished = False

    def expire(self) -> None:
        with self._lock:
            if self._finished:
                return
            self.expired = True
            if self.sock is not None:
                with contextlib.suppress(OSError):
                    self.sock.shutdown(socket.SHUT_RDWR)

    def finish(self) -> None:
        with self._lock:
            self._finished = True


_ACTIVE = threading.local()  # the watch of the request this thread is sending


def _watching(sock: socket.socket | None) -> None:
    watch = getattr(_ACTIVE, "watch", None)
    if watch is not None and sock is not None:
        watch.sock = sock


class _WatchedConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watching(self.sock)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watching(self.sock)


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls: type[HTTPConnection] = _WatchedConnection

    def _get_conn(self, timeout: float | None = None) -> Any:
        connection = super()._get_conn(timeout)
        _watching(getattr(connection, "sock", None))  # a kept-alive connection is connected already
        return connection


class _WatchedHTTPSPool(_WatchedPool, HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedPool, "https": _WatchedHTTPSPool}


def _body(response: Response) -> bytes:
    raw = response.raw
    pieces, size = [], 0
    while True:
        piece = raw.read1(_PIECE, decode_content=False)
        if not piece:
            break
        size += len(piece)
        if size > MAX_ANSWER_BYTES:
            raise _too_large()
        pieces.append(piece)
    body = b"".join(pieces)
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in _DECODERS:
        raise AnswerError(
            "MalformedResponse", f"Azure's answer is encoded as {encoding!r}, which is not read"
        )
    response.headers.pop("Content-Encoding")
    return _inflate(body, _DECODERS[encoding])


def _inflate(body: bytes, window: int) -> bytes:
    decoder = zlib.decompressobj(window)
    try:
        out = decoder.decompress(body, MAX_ANSWER_BYTES + 1)
    except zlib.error:
        raise AnswerError("MalformedResponse", "Azure's compressed answer is corrupt; run again") from None
    if len(out) > MAX_ANSWER_BYTES or decoder.unconsumed_tail:
        raise _too_large()
    return out


def _too_large() -> AnswerError:
    return AnswerError(
        "AnswerTooLarge",
        f"Azure's answer is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB, more than any list it "
        "serves (models, usages, prices); it was not used",
    )
