"""Read Azure OpenAI's items from Azure's public Retail Prices API, page by page, within bounds.

`GET https://prices.azure.com/api/retail/prices` needs no credentials; an answer is `{"Items": [...],
"NextPageLink": url or null, "Count": n}` (../shared/facts/prices/README.md). The same guard as live
mode's (aoai_infra.live.guard) carries every request: one origin (a `NextPageLink` to another scheme, host
or port is refused before anything is sent, and nothing from another host is read), `--timeout` for each
answer in full, and a bound on its size. Plain http is accepted only on a loopback address, for an
emulator. The number of pages and of items is bounded too, and an answer that is not the documented
shape stops the read with what was wrong; nothing half-read is used.

Imports: aoai_infra.live, aoai_infra.source; azure, requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from azure.core.exceptions import AzureError

from aoai_infra.live.endpoint import is_loopback
from aoai_infra.live.guard import AnswerError, GuardedAdapter
from aoai_infra.source.jsonfile import JsonError, parse_json

DEFAULT_ENDPOINT = "https://prices.azure.com/api/retail/prices"
# Azure OpenAI's meters are under "Cognitive Services"; newer ones under "Foundry Models".
SERVICE_FILTER = "serviceName eq 'Cognitive Services' or serviceName eq 'Foundry Models'"
MAX_PAGES = 1_000  # the API serves at most 1,000 items a page; Cognitive Services has a few thousand
MAX_ITEMS = 500_000


class PricesError(Exception):
    """The Retail Prices API could not be read; the message says why and what to do."""


def check_endpoint(url: str) -> str:
    """The endpoint, if it is one to read from: https, or plain http on a loopback address."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port
    except ValueError:
        host = None
    if host is None or parts.scheme not in ("https", "http") or parts.query or parts.fragment:
        raise PricesError(
            f"--prices-endpoint {url!r} is not an http(s) URL of a host without a query; give e.g. "
            f"{DEFAULT_ENDPOINT}"
        )
    if parts.scheme == "http" and not is_loopback(host):
        raise PricesError(
            f"--prices-endpoint {url} uses plain http, which anyone on the way could change; use https://, "
            "or a loopback address such as http://127.0.0.1:PORT for an emulator"
        )
    return url


def read_items(endpoint: str, currency: str, timeout: float) -> Iterator[dict[str, Any]]:
    """Every item the API answers for Azure OpenAI's services, in `currency`, following NextPageLink."""
    session = requests.Session()
    adapter = GuardedAdapter(check_endpoint(endpoint), timeout, service="the Retail Prices API endpoint")
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    url: str | None = f"{endpoint}?{urlencode({'currencyCode': repr(currency), '$filter': SERVICE_FILTER})}"
    pages = items = 0
    with session:
        while url:
            pages += 1
            if pages > MAX_PAGES:
                raise PricesError(f"the API answered more than {MAX_PAGES} pages; it was not used")
            page, url = _page(session, url, timeout)
            items += len(page)
            if items > MAX_ITEMS:
                raise PricesError(f"the API answered more than {MAX_ITEMS:,} items; it was not used")
            yield from page


def _page(session: requests.Session, url: str, timeout: float) -> tuple[list[dict[str, Any]], str | None]:
    try:
        answer = session.get(url, timeout=timeout, allow_redirects=False)
    except AnswerError as error:
        raise PricesError(str(error)) from None
    except requests.RequestException as error:
        raise PricesError(f"the Retail Prices API could not be reached: {type(error).__name__}") from None
    except AzureError as error:  # the guard's deadline, raised as azure-core's error
        raise PricesError(f"the Retail Prices API: {error}") from None
    if answer.status_code != 200:
        raise PricesError(f"the Retail Prices API answered HTTP {answer.status_code}; run again later")
    try:
        body = parse_json(answer.content)
    except JsonError as error:
        raise PricesError(f"the Retail Prices API's answer is not JSON: {error.message}") from None
    return _items(body), _next(body)


def _items(body: Any) -> list[dict[str, Any]]:
    items = body.get("Items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise PricesError("the Retail Prices API's answer has no list of items (Items); it was not used")
    return items


def _next(body: dict[str, Any]) -> str | None:
    link = body.get("NextPageLink")
    if link is None or link == "":
        return None
    if not isinstance(link, str):
        raise PricesError("the Retail Prices API's NextPageLink is not a URL; the answer was not used")
    return link
