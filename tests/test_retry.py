"""kg.retry on its own: failures normalised and the retry policy, no server needed (the clients'
tests in test_endpoint_faults.py and test_wikidata_online.py run the same code against real ones)."""

from __future__ import annotations

import email.message
import io
import ssl
import time
import urllib.error

import pytest

from kg import retry
from kg.retry import Failure, failure_of, parse_retry_after, with_retries


class Raised(Exception):
    """What a client raises when the retries are over."""


def http_error(status: int, body: bytes, **headers: str) -> urllib.error.HTTPError:
    message = email.message.Message()
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    return urllib.error.HTTPError("http://127.0.0.1/sparql", status, "", message, io.BytesIO(body))


def run(error: BaseException, waits: list[float], backoff_cap: float | None = None) -> tuple[str, int]:
    """The message raised after retrying an attempt that always fails with ``error``, and the attempts made."""
    calls = []

    def attempt() -> None:
        calls.append(1)
        raise error

    with pytest.raises(Raised) as raised:
        with_retries(attempt, lambda e: failure_of(e, 1.0, "wait longer"), lambda f: Raised(f.message("here")),
                     retries=4, backoff=1.0, backoff_cap=backoff_cap, on_retry=lambda _, wait: waits.append(wait))
    return str(raised.value), len(calls)


@pytest.fixture(autouse=True)
def _no_naps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retry.time, "sleep", lambda seconds: None)


def test_retry_backoff_doubles_up_to_the_cap() -> None:
    waits: list[float] = []
    message, calls = run(ConnectionResetError(), waits, backoff_cap=3.0)
    assert waits == [1.0, 2.0, 3.0, 3.0] and calls == 5
    assert message == "here: the connection was closed before a complete answer (gave up after 5 attempts)"


def test_retry_a_long_retry_after_ends_the_retries() -> None:
    waits: list[float] = []
    message, calls = run(http_error(429, b"quota exceeded", Retry_After="3600"), waits)
    assert waits == [] and calls == 1
    assert message == ("here: HTTP 429 Too Many Requests (asks to retry after 3600 s, more than the 60 s we wait): "
                       "quota exceeded")


def test_retry_not_retriable_is_tried_once() -> None:
    waits: list[float] = []
    message, calls = run(http_error(400, b"<html><p>Parse error</p></html>"), waits)
    assert waits == [] and calls == 1 and message == "here: HTTP 400 Bad Request: Parse error"


def test_retry_a_bug_is_raised_as_it_is() -> None:
    def attempt() -> None:
        raise KeyError("a bug")

    with pytest.raises(KeyError, match="a bug"):
        with_retries(attempt, lambda e: failure_of(e, 1.0, ""), lambda f: Raised(), retries=3, backoff=1.0)


def test_retry_hints_follow_the_status() -> None:
    hinted = failure_of(http_error(403, b""), 1.0, "", {403: "send a User-Agent"})
    moved = failure_of(http_error(308, b"", Location="https://example.org/sparql"), 1.0, "")
    assert hinted == Failure("HTTP 403 Forbidden (send a User-Agent)", 403)
    assert moved.problem == "HTTP 308 Permanent Redirect (moved to https://example.org/sparql; use that URL)"


def test_retry_timeouts_and_tls_failures_are_not_retried() -> None:
    slow = failure_of(urllib.error.URLError(TimeoutError()), 0.5, "raise --timeout")
    tls = failure_of(urllib.error.URLError(ssl.SSLCertVerificationError("certificate has expired")), 1.0, "")
    assert slow == Failure("no answer within 0.5 s (raise --timeout)")
    assert tls.problem.startswith("TLS failed (") and "expired" in tls.problem and not tls.retriable


def test_retry_parse_retry_after_forms() -> None:
    assert parse_retry_after("1") == 1.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past: retry now
    future = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= (parse_retry_after(future) or 0) <= 31
