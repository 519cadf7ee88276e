"""A SPARQL 1.1 endpoint as a triple store: queries through SPARQLWrapper, loads through the
Graph Store HTTP Protocol (``PUT ?graph=`` for an article's graph, ``POST`` to add to the shared
graph of entities) with a SPARQL Update fallback.

Credentials come from the environment (KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD) or
~/.netrc, never from the command line, and are redacted from every message.

Failures become one :class:`EndpointError` whose message names the endpoint URL, the HTTP
status or the network problem, and the endpoint's own words. 429/502/503/504 and dropped
connections are retried (honouring ``Retry-After``, :func:`kg.retry.with_retries`); timeouts,
refusals and other statuses are not. One request is in flight at a time per store.
"""

from __future__ import annotations

import base64
import json
import netrc
import os
import re
import threading
import urllib.parse
import urllib.request
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from kg import __version__
from kg.errors import EndpointError, InputError
from kg.retry import Failure, endpoint_words, failure_of, with_retries
from kg.rdf.mapping import ENTITIES_GRAPH, is_article_graph
from kg.rdf.ntriples import quads_by_graph
from kg.store import PRUNE_UNMENTIONED, QueryResult

USER_AGENT = f"kg/{__version__} (news knowledge-graph pipeline; https://w3id.org/newskg)"
BACKOFF = 0.5  # seconds before the first retry when the server gives no Retry-After; doubles each time
MAX_BACKOFF = 8.0  # seconds: the longest of those doublings
UPDATE_CHUNK = 500  # triples per SPARQL Update request: Virtuoso 7.2 fails near 1500 (SP031: SQL text over 10000 lines)
NO_GRAPH_STORE = {404, 405, 415, 501}  # the Graph Store URL is not one: use SPARQL Update instead


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


def group_by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Quads by graph IRI; blank-node graphs go with the default graph, named ""."""
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for graph, members in quads_by_graph(quads).items():
        graphs[graph.value if isinstance(graph, ox.NamedNode) else ""] += members
    return graphs


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
        self._loaded_articles = False  # then close() removes the descriptions of entities no article mentions
        self._lock = threading.Lock()  # one request at a time

    # -- requests -------------------------------------------------------------------------

    def _secrets(self) -> list[str]:
        if not self._auth:
            return []
        token = base64.b64encode(f"{self._auth[0]}:{self._auth[1]}".encode()).decode()
        return [token, self._auth[1], urllib.parse.quote(self._auth[1], safe="")]

    def _call(self, url: str, attempt_once: Callable[[], bytes]) -> bytes:
        """Run one request with the retry policy; every failure ends as one EndpointError."""
        with self._lock:
            return with_retries(attempt_once, self._failure, lambda failure: self._error(url, failure),
                                retries=self.retries, backoff=BACKOFF, backoff_cap=MAX_BACKOFF)

    def _failure(self, error: BaseException) -> Failure:
        who = f"as user {self._auth[0]!r}" if self._auth else "without credentials"
        refused = f"{who}; check KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc"
        return failure_of(error, self.timeout, "raise --timeout if the query is just slow", {401: refused, 403: refused})

    def _error(self, url: str, failure: Failure) -> EndpointError:
        message = redact(failure.message(_without_userinfo(url)), self._secrets())
        return EndpointError(message) if failure.status is None else EndpointStatusError(message, failure.status)

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
            replace = name != ENTITIES_GRAPH
            self._loaded_articles = self._loaded_articles or is_article_graph(name)
            if name and self._graph_store and self._send_graph(name, triples, "PUT" if replace else "POST"):
                continue
            self._update_graph(name, triples, replace)
        return len(graphs.keys() - {ENTITIES_GRAPH})

    def _send_graph(self, name: str, triples: list[ox.Triple], method: str) -> bool:
        """Graph Store Protocol PUT (replace) or POST (add): one request, one transaction.

        False when the server has no Graph Store.
        """
        assert self.store_url is not None
        separator = "&" if "?" in self.store_url else "?"
        url = f"{self.store_url}{separator}{urllib.parse.urlencode({'graph': name})}"
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        try:
            self._http(url, data, "application/n-triples", method=method)
        except EndpointStatusError as error:
            if error.status not in NO_GRAPH_STORE:
                raise
            self._graph_store = False  # remember: do not ask again for every article
            return False
        return True

    def _update_graph(self, name: str, triples: list[ox.Triple], replace: bool = True) -> None:
        """SPARQL Update: DROP and INSERT DATA; big graphs in several requests (the first one drops).

        Triples outside named graphs are only added: on many servers the default graph is the
        union of all graphs and dropping it would drop everything. So are the shared graph's.
        """
        for start in range(0, max(len(triples), 1), UPDATE_CHUNK):
            chunk = ox.serialize(triples[start:start + UPDATE_CHUNK], format=ox.RdfFormat.N_TRIPLES) or b""
            body = f"GRAPH <{name}> {{ {chunk.decode()} }}" if name else chunk.decode()
            drop = f"DROP SILENT GRAPH <{name}> ;\n" if name and replace and start == 0 else ""
            self._update(f"{drop}INSERT DATA {{ {body} }}")

    def _update(self, update: str) -> None:
        self._http(self.update_url, urllib.parse.urlencode({"update": update}).encode(),
                   "application/x-www-form-urlencoded")

    def close(self) -> None:
        if self._loaded_articles:
            self._update(PRUNE_UNMENTIONED)


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
