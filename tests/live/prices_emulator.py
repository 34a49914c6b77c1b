"""A local Azure Retail Prices API: real items (../shared/facts/prices/, copied to tools/catalog-prices/).

An HTTP server on 127.0.0.1 (a free port) answers `GET /api/retail/prices` with `{"BillingCurrency",
"CustomerEntityId", "CustomerEntityType", "Items", "NextPageLink", "Count"}` pages of `page_size` items,
each page's NextPageLink carrying `$skip` as the real API does. `next_link` replaces the link of the
first page (another host, a malformed URL); `body` replaces every answer (malformed or huge JSON);
`delay` holds each answer. Every request's path and query is logged.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ITEMS = Path(__file__).resolve().parents[2] / "tools" / "catalog-prices" / "retail-api-items.json"


def real_items() -> list[dict[str, Any]]:
    """The 591 Azure OpenAI items the Retail Prices API served in 2025-08 (as modelmeters.com kept them)."""
    data = json.loads(ITEMS.read_text(encoding="utf-8"))
    return [item for group in data["groups"] for item in group["Items"]]


class PricesEmulator:
    def __init__(self, items: list[dict[str, Any]], page_size: int = 100) -> None:
        self.items = items
        self.page_size = page_size
        self.requests: list[str] = []
        self.next_link: str | None = None
        self.body: bytes | None = None
        self.delay = 0.0
        self.status = 200
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/retail/prices"

    def __enter__(self) -> PricesEmulator:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                emulator._serve(self)

            def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
                pass

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(handler.path)
        if self.delay:
            time.sleep(self.delay)
        body = self.body if self.body is not None else json.dumps(self._page(handler.path)).encode()
        handler.send_response(self.status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (a bound was reached)
            handler.wfile.write(body)

    def _page(self, path: str) -> dict[str, Any]:
        query = parse_qs(urlsplit(path).query)
        skip = int(query.get("$skip", ["0"])[0])
        items = self.items[skip : skip + self.page_size]
        more = skip + self.page_size < len(self.items)
        link = None
        if more:
            kept = {key: values[0] for key, values in query.items() if key != "$skip"}
            encoded = "&".join(f"{key}={value}" for key, value in kept.items())
            link = f"{self.url}?{encoded}&$skip={skip + self.page_size}"
        if skip == 0 and self.next_link is not None:
            link = self.next_link
        return {
            "BillingCurrency": "USD",
            "CustomerEntityId": "Default",
            "CustomerEntityType": "Retail",
            "Items": items,
            "NextPageLink": link,
            "Count": len(items),
        }
