"""A SPARQL 1.1 endpoint as a triple store: queries through SPARQLWrapper, loads through the
Graph Store HTTP Protocol (``PUT ?graph=``) with a SPARQL Update fallback.

Credentials come from the environment (KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD) or
~/.netrc, never from the command line, and are redacted from every message.

Failures become one :class:`EndpointError` whose message names the endpoint URL, the HTTP
status or the network problem, and the endpoint's own words. 429/502/503/504 and dropped
connections are retried (honouring ``Retry-After``); timeouts, refusals and other statuses
are not. One request is in flight at a time per store.
"""

from __future__ import annotations

import ast
import base64
import email.utils
import html
import http.client
import json
import netrc
import os
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from kg import __version__
from kg.errors import EndpointError, InputError
from kg.store import QueryResult, group_by_graph

USER_AGENT = f"kg/{__version__} (news knowledge-graph pipeline; https://w3id.org/newskg)"
RETRIABLE = {429, 502, 503, 504}
BACKOFF = 0.5  # seconds before the first retry when the server gives no Retry-After; doubles each time
MAX_RETRY_AFTER = 60.0  # a server asking us to wait longer than this gets an error, not a nap
UPDATE_CHUNK = 500  # triples per SPARQL Update request: Virtuoso 7.2 fails near 1500 (SP031: SQL text over 10000 lines)
NO_GRAPH_STORE = {404, 405, 415, 501}  # the Graph Store URL is not one: use SPARQL Update instead
_DETAIL_CHARS = 500

# SPARQLWrapper turns these statuses into its own exceptions and keeps only the body.
_WRAPPER_STATUS: dict[type[SPARQLWrapperException], int] = {
    QueryBadFormed: 400, Unauthorized: 401, EndPointNotFound: 404, URITooLong: 414, EndPointInternalError: 500,
}


def credentials(url: str) -> tuple[str, str] | None:
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if user and password:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        found = netrc.netrc().authenticators(host)
    except (FileNotFoundError, PermissionError, netrc.NetrcParseError):
        return None
    return (found[0], found[2] or "") if found else None


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _without_userinfo(url: str) -> str:
    """The URL as shown in messages: any ``user:password@`` is cut out."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{parts.port}" if parts.port else ""
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{_without_userinfo(url)}: not an http(s) URL of a SPARQL endpoint "
                         "(e.g. http://127.0.0.1:7878/query)")
    if parts.password:
        raise InputError(f"{_without_userinfo(url)}: put credentials in KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD "
                         "or ~/.netrc, not in the URL")


class EndpointStatusError(EndpointError):
    """The endpoint answered with an HTTP error status (kept in ``status``)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class _Failure:
    """One failed attempt, normalised from urllib, http.client, socket or SPARQLWrapper errors."""

    problem: str  # "HTTP 503 Service Unavailable", "no answer within 0.5 s", ...
    status: int | None = None
    detail: str = ""
    retry_after: float | None = None
    retriable: bool = False


class EndpointStore:
    """Any SPARQL 1.1 server: Oxigraph, Fuseki, GraphDB, Virtuoso, QLever."""

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None,
                 timeout: float = 30.0, retries: int = 3) -> None:
        _check_url(query_url)
        self.query_url = query_url
        base, last = query_url.split("?", 1)[0].rsplit("/", 1)
        if last == "query":  # Oxigraph (/query /update /store), Fuseki (/ds/query /ds/update)
            guessed_update, guessed_store = base + "/update", base + "/store"
        elif last in ("sparql", "sparql-auth"):  # Virtuoso's Graph Store is /sparql-graph-crud[-auth]
            guessed_update, guessed_store = query_url, base + "/" + last.replace("sparql", "sparql-graph-crud")
        else:
            guessed_update, guessed_store = query_url, None
        self.update_url = update_url or guessed_update
        self.store_url = store_url or guessed_store
        self.timeout = timeout
        self.retries = retries
        self._auth = credentials(query_url)
        self._graph_store = self.store_url is not None  # false once the server says it has none
        self._lock = threading.Lock()  # one request at a time

    # -- requests -------------------------------------------------------------------------

    def _secrets(self) -> list[str]:
        if not self._auth:
            return []
        token = base64.b64encode(f"{self._auth[0]}:{self._auth[1]}".encode()).decode()
        return [token, self._auth[1], urllib.parse.quote(self._auth[1], safe="")]

    def _call(self, url: str, attempt_once: Callable[[], bytes]) -> bytes:
        """Run one request with the retry policy; every failure ends as one EndpointError."""
        shown = _without_userinfo(url)
        with self._lock:
            for attempt in range(self.retries + 1):
                try:
                    return attempt_once()
                except Exception as error:  # noqa: BLE001 - normalised just below, or re-raised
                    failure = self._normalise(error)
                if failure.retriable and attempt < self.retries:
                    wait = failure.retry_after if failure.retry_after is not None else min(BACKOFF * 2**attempt, 8.0)
                    if wait <= MAX_RETRY_AFTER:
                        time.sleep(wait)
                        continue
                    failure.problem += f" (asks to retry after {wait:g} s)"
                tried = f" (gave up after {attempt + 1} attempts)" if attempt else ""
                detail = f": {failure.detail}" if failure.detail else ""
                message = redact(f"{shown}: {failure.problem}{tried}{detail}", self._secrets())
                if failure.status is not None:
                    raise EndpointStatusError(message, failure.status) from None
                raise EndpointError(message) from None
        raise AssertionError("unreachable")

    def _normalise(self, error: BaseException) -> _Failure:
        if isinstance(error, urllib.error.HTTPError):
            try:
                body = error.read()
            except (OSError, http.client.HTTPException):
                body = b""
            return self._http_failure(error.code, body, error.headers.get("Retry-After"), error.headers.get("Location"))
        if isinstance(error, SPARQLWrapperException):
            status = next((code for cls, code in _WRAPPER_STATUS.items() if isinstance(error, cls)), None)
            return self._http_failure(status, wrapper_body(error), None, None)
        reason: object = error.reason if isinstance(error, urllib.error.URLError) else error
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return _Failure(f"no answer within {self.timeout:g} s (raise --timeout if the query is just slow)")
        if isinstance(reason, ConnectionRefusedError):
            return _Failure("connection refused (is the server running, on this host and port?)")
        if isinstance(reason, socket.gaierror):
            return _Failure(f"unknown host ({reason.strerror or reason})")
        if isinstance(reason, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                               http.client.RemoteDisconnected, http.client.IncompleteRead)):
            return _Failure("the connection was closed before a complete answer", retriable=True)
        if isinstance(reason, http.client.HTTPException):
            return _Failure(f"not an HTTP answer ({type(reason).__name__}: {reason})")
        if isinstance(reason, ssl.SSLError):
            return _Failure(f"TLS failed ({reason})")
        if isinstance(reason, OSError):
            return _Failure(f"cannot reach the endpoint ({reason.strerror or reason})")
        raise error  # not an endpoint failure (a bug): let it show with its traceback

    def _http_failure(self, status: int | None, body: bytes, retry_after: str | None, location: str | None) -> _Failure:
        reason = http.client.responses.get(status or 0, "error")
        problem = f"HTTP {status} {reason}" if status else "HTTP error"
        if status in (401, 403):
            who = f"as user {self._auth[0]!r}" if self._auth else "without credentials"
            problem += f" ({who}; check KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc)"
        elif status in (301, 302, 303, 307, 308) and location:
            problem += f" (moved to {location}; use that URL)"
        return _Failure(problem, status, endpoint_words(body), parse_retry_after(retry_after),
                        retriable=status in RETRIABLE)

    def _http(self, url: str, body: bytes, content_type: str, method: str = "POST") -> bytes:
        headers = {"User-Agent": USER_AGENT, "Content-Type": content_type, "Accept": "*/*"}
        if self._auth:
            headers["Authorization"] = "Basic " + self._secrets()[0]

        def attempt() -> bytes:
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()

        return self._call(url, attempt)

    # -- the TripleStore interface -----------------------------------------------------------

    def query(self, sparql: str) -> QueryResult:
        wrapper = SPARQLWrapper(self.query_url, agent=USER_AGENT)
        wrapper.setMethod(POST)  # form-encoded POST: no URL length limit
        wrapper.setOnlyConneg(True)  # Accept header only, no ?format=json that some servers reject
        form = query_form(sparql)
        if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            what = "a SPARQL Update" if form in UPDATE_FORMS else f"not a query (it starts with {form or 'nothing'!r})"
            raise InputError(f"this is {what}: kg query runs SELECT, ASK, CONSTRUCT or DESCRIBE")
        with warnings.catch_warnings():  # its own guess warns on what it cannot classify; ours wins below
            warnings.simplefilter("ignore")
            wrapper.setQuery(sparql)
        wrapper.queryType = form  # SPARQLWrapper's guess reads words in comments ("copy" -> COPY, an update)
        graph_query = form in ("CONSTRUCT", "DESCRIBE")
        wrapper.setReturnFormat(TURTLE if graph_query else JSON)
        wrapper.timeout = self.timeout  # type: ignore[assignment]  # setTimeout() would truncate to whole seconds
        if self._auth:
            wrapper.setCredentials(*self._auth)  # HTTP Basic, sent with the first request
        content_type = ""

        def attempt() -> bytes:
            nonlocal content_type
            response = wrapper.query().response
            try:
                content_type = response.headers.get("Content-Type", "")
                return response.read()
            finally:
                response.close()

        raw = self._call(self.query_url, attempt)
        if graph_query:
            return {"triples": raw}
        try:
            result = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            result = None
        if not isinstance(result, dict) or "head" not in result or not ("results" in result or "boolean" in result):
            kind = f" ({content_type})" if content_type else ""
            raise EndpointError(redact(f"{_without_userinfo(self.query_url)}: the answer is not SPARQL JSON results{kind}: "
                                       f"{endpoint_words(raw[:1000]) or '(empty)'}", self._secrets()))
        return result

    def replace_graphs(self, quads: Iterable[ox.Quad]) -> int:
        graphs = group_by_graph(quads)
        for name, members in graphs.items():
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in members]
            if name and self._graph_store and self._put_graph(name, triples):
                continue
            self._update_graph(name, triples)
        return len(graphs)

    def _put_graph(self, name: str, triples: list[ox.Triple]) -> bool:
        """Graph Store Protocol PUT: one request, one transaction. False when the server has no Graph Store."""
        assert self.store_url is not None
        separator = "&" if "?" in self.store_url else "?"
        url = f"{self.store_url}{separator}{urllib.parse.urlencode({'graph': name})}"
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        try:
            self._http(url, data, "application/n-triples", method="PUT")
        except EndpointStatusError as error:
            if error.status not in NO_GRAPH_STORE:
                raise
            self._graph_store = False  # remember: do not ask again for every article
            return False
        return True

    def _update_graph(self, name: str, triples: list[ox.Triple]) -> None:
        """SPARQL Update: DROP and INSERT DATA; big graphs in several requests (the first one drops).

        Triples outside named graphs are only added: on many servers the default graph is the
        union of all graphs and dropping it would drop everything.
        """
        for start in range(0, max(len(triples), 1), UPDATE_CHUNK):
            chunk = ox.serialize(triples[start:start + UPDATE_CHUNK], format=ox.RdfFormat.N_TRIPLES) or b""
            body = f"GRAPH <{name}> {{ {chunk.decode()} }}" if name else chunk.decode()
            drop = f"DROP SILENT GRAPH <{name}> ;\n" if name and start == 0 else ""
            update = f"{drop}INSERT DATA {{ {body} }}"
            self._http(self.update_url, urllib.parse.urlencode({"update": update}).encode(),
                       "application/x-www-form-urlencoded")

    def close(self) -> None:
        return None


UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_TOKENS = re.compile(r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|[^\s#"\'<]+|.', re.DOTALL)
_PROLOGUE = re.compile(r"\s*(?:BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE (or an update keyword): the first word after comments and prologue."""
    text = "".join(" " if token.startswith("#") else token for token in _TOKENS.findall(sparql))
    position = 0
    while match := _PROLOGUE.match(text, position):
        position = match.end()
    word = re.match(r"\s*([A-Za-z]+)", text[position:])
    return word.group(1).upper() if word else ""


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
