"""What live mode lets through to and from the network: one origin, bounded time, bounded size.

Every request azure-core sends goes through `GuardedAdapter`, the transport's lowest layer, whatever made
it (a first call, a `nextLink` page, a redirect): a request to any scheme, host or port other than the
configured Resource Manager endpoint's is refused before a connection is opened, so the bearer token the
pipeline attached never leaves for another host, and nothing from another host is read. Each answer is
read in pieces against a deadline (a server that drips one byte at a time cannot hold a call past
`--timeout`), and refused past `MAX_ANSWER_BYTES`, compressed or not.
"""

from __future__ import annotations

import time
import zlib
from typing import Any
from urllib.parse import urlsplit

from azure.core.exceptions import AzureError, ServiceResponseTimeoutError
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

MAX_ANSWER_BYTES = 32 * 1024 * 1024  # a region's full model list is a few MiB
_PIECE = 64 * 1024
_DECODERS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class AnswerError(AzureError):
    """An answer, or a link in one, that live mode will not use; `code` names the kind for reports."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


class GuardedAdapter(HTTPAdapter):
    def __init__(self, endpoint: str, total_timeout: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allowed = origin(endpoint)
        self.total_timeout = total_timeout

    def send(self, request: PreparedRequest, stream: bool = False, **kwargs: Any) -> Response:  # type: ignore[override]
        target = origin(request.url or "")
        if target != self.allowed:
            scheme, host, port = target
            raise AnswerError(
                "ForeignHost",
                f"Azure's answer pointed at {scheme}://{host}:{port}, which is not the Resource Manager "
                "endpoint in use; nothing was sent there and the answer was not used",
            )
        deadline = time.monotonic() + self.total_timeout
        response = super().send(request, stream=True, **kwargs)
        try:
            response._content = _body(response, deadline)
        finally:
            response.close()
        return response


def _body(response: Response, deadline: float) -> bytes:
    raw = response.raw
    pieces, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise ServiceResponseTimeoutError("the answer did not arrive in full within --timeout")
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
        f"Azure's answer is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB, more than any list of "
        "models or usages; it was not used",
    )
