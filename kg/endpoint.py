"""A SPARQL 1.1 endpoint as a triple store: Protocol for queries, Graph Store Protocol for loads.

Credentials come from the environment (KG_ENDPOINT_USER / KG_ENDPOINT_PASSWORD) or
~/.netrc, never from the command line, and are redacted from every message.
"""

from __future__ import annotations

import base64
import json
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox

from kg import __version__
from kg.errors import EndpointError
from kg.store import QueryResult, group_by_graph

USER_AGENT = f"kg/{__version__} (news knowledge-graph pipeline; https://w3id.org/newskg)"
RETRIABLE = {429, 502, 503, 504}


def credentials(url: str) -> tuple[str, str] | None:
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if user and password:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        found = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError):
        return None
    return (found[0], found[2] or "") if found else None


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class EndpointStore:
    """Any SPARQL 1.1 server: Oxigraph, Fuseki, GraphDB, Virtuoso, QLever."""

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None,
                 timeout: float = 30.0, retries: int = 3) -> None:
        self.query_url = query_url
        base = query_url.rsplit("/", 1)[0]
        self.update_url = update_url or (base + "/update" if query_url.endswith("/query") else query_url)
        self.store_url = store_url or (base + "/store" if query_url.endswith("/query") else None)
        self.timeout = timeout
        self.retries = retries
        self._auth = credentials(query_url)

    def _headers(self, content_type: str, accept: str) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT, "Content-Type": content_type, "Accept": accept}
        if self._auth:
            token = base64.b64encode(f"{self._auth[0]}:{self._auth[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return headers

    def _request(self, url: str, body: bytes, content_type: str, accept: str, method: str = "POST") -> bytes:
        secrets = list(self._auth or ())
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=body, method=method, headers=self._headers(content_type, accept))
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                detail = error.read().decode("utf-8", "replace")[:500].strip()
                if error.code in RETRIABLE and attempt < self.retries:
                    time.sleep(_retry_after(error.headers.get("Retry-After"), attempt))
                    continue
                hint = " (check KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc)" if error.code in (401, 403) else ""
                raise EndpointError(redact(f"{url}: HTTP {error.code} {error.reason}{hint}: {detail}", secrets)) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                reason = getattr(error, "reason", error)
                if attempt < self.retries and isinstance(reason, (TimeoutError, ConnectionResetError)):
                    time.sleep(_retry_after(None, attempt))
                    continue
                raise EndpointError(redact(f"{url}: cannot reach the endpoint ({reason})", secrets)) from None
        raise EndpointError(f"{url}: gave up after {self.retries + 1} attempts")

    def query(self, sparql: str) -> QueryResult:
        body = urllib.parse.urlencode({"query": sparql}).encode()
        head = sparql.lstrip().upper()
        graph_query = any(word in head.split("{", 1)[0].split() for word in ("CONSTRUCT", "DESCRIBE"))
        accept = "text/turtle" if graph_query else "application/sparql-results+json"
        raw = self._request(self.query_url, body, "application/x-www-form-urlencoded", accept)
        if graph_query:
            return {"triples": raw}
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            raise EndpointError(f"{self.query_url}: the answer is not SPARQL JSON results: {raw[:200]!r}") from None

    def replace_graphs(self, quads: Iterable[ox.Quad]) -> int:
        graphs = group_by_graph(quads)
        for name, members in graphs.items():
            data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in members), format=ox.RdfFormat.N_TRIPLES) or b""
            if self.store_url and name:
                url = f"{self.store_url}?{urllib.parse.urlencode({'graph': name})}"
                try:
                    self._request(url, data, "application/n-triples", "*/*", method="PUT")
                    continue
                except EndpointError as error:
                    if "HTTP 404" not in str(error) and "HTTP 405" not in str(error):
                        raise
            target = f"GRAPH <{name}> {{ {data.decode()} }}" if name else data.decode()
            drop = f"DROP SILENT GRAPH <{name}> ;" if name else ""
            update = f"{drop} INSERT DATA {{ {target} }}"
            self._request(self.update_url, urllib.parse.urlencode({"update": update}).encode(),
                          "application/x-www-form-urlencoded", "*/*")
        return len(graphs)

    def close(self) -> None:
        return None


def _retry_after(header: str | None, attempt: int) -> float:
    """Seconds to wait: the server's Retry-After when given (capped), else exponential backoff."""
    if header and header.strip().isdigit():
        return min(float(header.strip()), 60.0)
    return min(0.5 * 2**attempt, 8.0)
