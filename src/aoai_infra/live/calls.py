"""Run many Azure calls at once, with a bound, and keep each call's answer or its explained problem.

Lists are followed page by page (`nextLink`) up to a fixed number of pages, so that an endpoint that
keeps sending links cannot keep a command running for ever.

Imports: aoai_infra.live; azure.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Generic, TypeVar

from azure.core.exceptions import AzureError, DeserializationError
from azure.core.paging import ItemPaged

from aoai_infra.live.errors import Problem, explain
from aoai_infra.live.guard import AnswerError

MAX_ANSWER_NUMBER = 1e12  # no quota limit or usage comes near; larger is not a real answer
K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class PageLimitError(Exception):
    """A list went on for more pages than allowed."""


@dataclass(frozen=True, slots=True)
class Call(Generic[K, T]):
    key: K
    run: Callable[[], T]
    role: str | None = None  # the role that lets the identity make this call, named when it may not


def run_all(
    calls: Iterable[Call[K, T]], concurrency: int, done: Callable[[], None] | None = None
) -> dict[K, T | Problem]:
    """Each call's result, or the Problem it raised; `done` is called (on this thread) after each one."""
    results: dict[K, T | Problem] = {}
    pending = list(calls)
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(pending) or 1))) as pool:
        futures = {pool.submit(call.run): call for call in pending}
        for future in as_completed(futures):
            call = futures[future]
            error = future.exception()
            results[call.key] = future.result() if error is None else _problem(error, call.role)
            if done is not None:
                done()
    return results


def collect(paged: ItemPaged[T], max_pages: int) -> list[T]:
    """Every item of a paged list, following nextLink at most `max_pages` times."""
    items: list[T] = []
    for count, page in enumerate(paged.by_page(), start=1):
        if count > max_pages:
            raise PageLimitError(f"the list went on for more than {max_pages} pages")
        items.extend(page)
    return items


def answer_number(value: object, what: str) -> float:
    """A count or limit from Azure's answer: a finite number from 0 to MAX_ANSWER_NUMBER, else the
    answer is malformed (JSON lets Azure, or a server posing as it, send NaN, Infinity or 1e308)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnswerError("MalformedResponse", f"Azure's answer has {what} that is not a number")
    if not 0 <= value <= MAX_ANSWER_NUMBER:  # False for NaN too
        raise AnswerError("MalformedResponse", f"Azure's answer has {what} of {value!r:.40}, out of range")
    return value


def _problem(error: BaseException, role: str | None) -> Problem:
    if isinstance(error, PageLimitError):
        return Problem("TooManyPages", f"{error}; stopped following nextLink, run again")
    # The SDK's DeserializationError is a ValueError, not an AzureError: an answer of the wrong shape.
    if not isinstance(error, AzureError | DeserializationError):  # a bug here is not a region's problem
        raise error
    return explain(error, role)
