"""Network failures, normalised, and the retry policy shared by every SPARQL client.

urllib, http.client, socket and SPARQLWrapper each fail in their own way; :func:`failure_of`
turns any of them into one :class:`Failure` a user can act on, and :func:`with_retries` tries
again what a later attempt may fix (429/502/503/504, a dropped connection), after the server's
``Retry-After`` or a doubling backoff. The clients (:mod:`kg.endpoint`, :mod:`kg.wikidata`) keep
only what is theirs: locks, caches, hints, redaction and their error classes.
"""

from __future__ import annotations

import ast
import email.utils
import html
import http.client
import re
import socket
import ssl
import time
import urllib.error
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import TypeVar

from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

RETRIABLE = {429, 502, 503, 504}
MAX_RETRY_AFTER = 60.0  # a server asking for a longer wait gets an error: we neither hammer it nor nap for hours
_REDIRECTS = {301, 302, 303, 307, 308}
_DETAIL_CHARS = 500

# SPARQLWrapper turns these statuses into its own exceptions and keeps only the body.
_WRAPPER_STATUS: dict[type[SPARQLWrapperException], int] = {
    QueryBadFormed: 400, Unauthorized: 401, EndPointNotFound: 404, URITooLong: 414, EndPointInternalError: 500,
}

T = TypeVar("T")


@dataclass(frozen=True)
class Failure:
    """One failed request, whatever library failed it, in words a user can act on."""

    problem: str  # "HTTP 503 Service Unavailable", "no answer within 0.5 s (...)", ...
    status: int | None = None
    detail: str = ""  # the server's own words
    retry_after: float | None = None  # seconds the server asked us to wait
    retriable: bool = False
    attempts: int = 1

    def message(self, where: str) -> str:
        """The one line a user reads: where, what went wrong, how often we tried, what the server said."""
        tried = f" (gave up after {self.attempts} attempts)" if self.attempts > 1 else ""
        detail = f": {self.detail}" if self.detail else ""
        return f"{where}: {self.problem}{tried}{detail}"


def with_retries(attempt: Callable[[], T], normalise: Callable[[BaseException], Failure],
                 error: Callable[[Failure], Exception], *, retries: int, backoff: float,
                 backoff_cap: float | None = None, max_retry_after: float = MAX_RETRY_AFTER,
                 on_retry: Callable[[Failure, float], object] | None = None) -> T:
    """``attempt()``, tried up to ``retries`` more times while it fails retriably; then ``error(failure)`` is raised.

    The wait is the server's ``Retry-After``, else ``backoff`` seconds doubling each time (up to
    ``backoff_cap``). A server asking for more than ``max_retry_after`` seconds gets no more
    attempts: a polite client does not come back sooner, and a command should not nap for hours.
    An error ``normalise`` does not know as a network failure (a bug) passes through untouched.
    """
    for tries in range(1, max(retries, 0) + 2):
        try:
            return attempt()
        except Exception as caught:  # noqa: BLE001 - normalised, or raised again when not a network failure
            failure = replace(normalise(caught), attempts=tries)
        if not failure.retriable or tries > retries:
            break
        if failure.retry_after is None:
            wait = backoff * 2 ** (tries - 1)
            wait = wait if backoff_cap is None else min(wait, backoff_cap)
        elif failure.retry_after <= max_retry_after:
            wait = failure.retry_after
        else:
            failure = replace(failure, problem=f"{failure.problem} (asks to retry after {failure.retry_after:g} s, "
                                               f"more than the {max_retry_after:g} s we wait)")
            break
        if on_retry is not None:
            on_retry(failure, wait)
        time.sleep(wait)
    raise error(failure) from None


def failure_of(error: BaseException, timeout: float, timeout_hint: str,
               status_hints: Mapping[int, str] | None = None) -> Failure:
    """``error`` as a :class:`Failure`; an error that is not a network failure (a bug) is raised again.

    The clients' own advice comes in: ``timeout_hint`` says what to do when ``timeout`` seconds
    passed without an answer, ``status_hints`` what to do about an HTTP status.
    """
    hints = status_hints or {}
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except (OSError, http.client.HTTPException):
            body = b""
        headers = error.headers
        return _http_failure(error.code, body, hints, headers.get("Retry-After") if headers else None,
                             headers.get("Location") if headers else None)
    if isinstance(error, SPARQLWrapperException):
        status = next((code for cls, code in _WRAPPER_STATUS.items() if isinstance(error, cls)), None)
        return _http_failure(status, wrapper_body(error), hints)
    reason: object = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return Failure(f"no answer within {timeout:g} s ({timeout_hint})")
    if isinstance(reason, ConnectionRefusedError):
        return Failure("connection refused (is the server running, on this host and port?)")
    if isinstance(reason, socket.gaierror):
        return Failure(f"unknown host ({reason.strerror or reason}; is the URL right, are we offline?)")
    if isinstance(reason, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                           http.client.RemoteDisconnected, http.client.IncompleteRead)):
        return Failure("the connection was closed before a complete answer", retriable=True)
    if isinstance(reason, http.client.HTTPException):
        return Failure(f"not an HTTP answer ({type(reason).__name__}: {reason})")
    if isinstance(reason, ssl.SSLError):
        return Failure(f"TLS failed ({reason})")
    if isinstance(reason, OSError):
        return Failure(f"cannot reach the endpoint ({reason.strerror or reason})")
    raise error


def _http_failure(status: int | None, body: bytes, hints: Mapping[int, str],
                  retry_after: str | None = None, location: str | None = None) -> Failure:
    problem = f"HTTP {status} {http.client.responses.get(status, 'error')}" if status else "HTTP error"
    if status and status in hints:
        problem += f" ({hints[status]})"
    elif status in _REDIRECTS and location:
        problem += f" (moved to {location}; use that URL)"
    return Failure(problem, status, endpoint_words(body), parse_retry_after(retry_after), retriable=status in RETRIABLE)


def wrapper_body(error: SPARQLWrapperException) -> bytes:
    """The response body SPARQLWrapper put into its message as ``repr(bytes)``."""
    text = str(error.args[0]) if error.args else ""
    _, found, body = text.partition("Response:\n")
    if not found:
        return b""
    try:
        value = ast.literal_eval(body.strip())
    except (ValueError, SyntaxError):
        return body.encode()
    return value if isinstance(value, bytes) else str(value).encode()


def endpoint_words(body: bytes) -> str:
    """The endpoint's own message, on one line: tags of an HTML error page stripped, cut to a few hundred chars."""
    text = body.decode("utf-8", "replace")
    if re.search(r"<(html|body|head|title|p|h1)\b", text[:2000], re.IGNORECASE):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return text if len(text) <= _DETAIL_CHARS else text[:_DETAIL_CHARS] + "…"


def parse_retry_after(header: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not header:
        return None
    header = header.strip()
    if re.fullmatch(r"\d+(\.\d+)?", header):
        return float(header)
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
