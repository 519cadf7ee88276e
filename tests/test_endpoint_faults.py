"""Endpoint faults, table-driven, against a real HTTP server on 127.0.0.1 that misbehaves on cue.

For every fault: the EndpointError message names the URL and the status or problem and
carries the server's own words, never the password (the fault server even echoes the
credentials back); ``kg query``/``kg load`` exit with 3. Each case takes well under 3 s.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg import endpoint as endpoint_module
from kg.cli import main
from kg.endpoint import USER_AGENT, EndpointStore, query_form
from kg.errors import EndpointError, InputError
from tests import scripted_http
from tests.scripted_http import ScriptedServer
from tests.servers import free_port

USER, PASSWORD = "alice", "s3cret-Pa55word"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
TIMEOUT = 0.5
QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
ANSWER = {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://example.org/s"}}]}}
JSON_TYPE = "application/sparql-results+json"


@dataclass
class Reply(scripted_http.Reply):
    body: str = json.dumps(ANSWER)


@pytest.fixture(autouse=True)
def _fast_and_authenticated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_ENDPOINT_USER", USER)
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
    monkeypatch.setattr(endpoint_module, "BACKOFF", 0.05)


@pytest.fixture
def serve() -> Iterator[Callable[..., ScriptedServer]]:
    with scripted_http.scripted_servers("/query", {"{creds}": f"{USER}:{PASSWORD}"}) as start:
        yield start


@pytest.fixture
def query_file(tmp_path: Path) -> Path:
    path = tmp_path / "q.rq"
    path.write_text(QUERY + "\n")
    return path


def assert_clean(message: str, url: str, *expected: str) -> None:
    assert url in message, message
    for words in expected:
        assert words in message, message
    assert PASSWORD not in message and TOKEN not in message, message


def run_cli(args: list[str], caplog: pytest.LogCaptureFixture) -> tuple[int, str]:
    caplog.clear()
    code = main(["-q", *args])
    return code, caplog.text


# -- the table ------------------------------------------------------------------------------

GARBLED = "<html><body>Proxy error: upstream said {auth}</body></html>"

QUERY_FAULTS = {
    "401 unauthorized": ([Reply(401, "Bad credentials for {creds} ({auth})", {"WWW-Authenticate": 'Basic realm="sparql"'})],
                         ["HTTP 401 Unauthorized", "as user 'alice'", "KG_ENDPOINT_USER", "Bad credentials for"]),
    "403 forbidden": ([Reply(403, "SPARQL_SELECT permission denied for {creds}", {"Content-Type": "text/plain"})],
                      ["HTTP 403 Forbidden", "SPARQL_SELECT permission denied"]),
    "500 internal error": ([Reply(500, "Virtuoso 42000 Error SR186: No permission; got {auth}", {"Content-Type": "text/plain"})],
                           ["HTTP 500 Internal Server Error", "Virtuoso 42000 Error SR186"]),
    "503 until the retries run out": ([Reply(503, "overloaded", {"Retry-After": "0"})],
                                      ["HTTP 503 Service Unavailable", "gave up after 4 attempts", "overloaded"]),
    "429 asking for an hour": ([Reply(429, "quota exceeded", {"Retry-After": "3600"})],
                               ["HTTP 429 Too Many Requests", "asks to retry after 3600 s", "quota exceeded"]),
    "400 bad query": ([Reply(400, "Parse error: unexpected '}' at line 1", {"Content-Type": "text/plain"})],
                      ["HTTP 400 Bad Request", "Parse error: unexpected"]),
    "404 wrong path": ([Reply(404, "<html><h1>Not Found</h1><p>No such dataset</p></html>", {"Content-Type": "text/html"})],
                       ["HTTP 404 Not Found", "No such dataset"]),
    "hang past the timeout": ([Reply(hang=2.0)], [f"no answer within {TIMEOUT:g} s", "--timeout"]),
    "garbled answer": ([Reply(200, GARBLED, {"Content-Type": JSON_TYPE})],
                       ["not SPARQL JSON results", JSON_TYPE, "Proxy error: upstream said"]),
    "JSON that is not results": ([Reply(200, '{"error": "maybe"}')], ["not SPARQL JSON results"]),
    "connection dropped": ([Reply(drop=True)], ["connection was closed", "gave up after 4 attempts"]),
}


@pytest.mark.parametrize("script, expected", QUERY_FAULTS.values(), ids=QUERY_FAULTS.keys())
def test_query_fault(serve, script: list[Reply], expected: list[str], query_file: Path,  # type: ignore[no-untyped-def]
                     caplog: pytest.LogCaptureFixture) -> None:
    server = serve(*script)
    with pytest.raises(EndpointError) as raised:
        EndpointStore(server.url, timeout=TIMEOUT).query(QUERY)
    assert_clean(str(raised.value), server.url, *expected)

    code, logged = run_cli(["query", str(query_file), "--endpoint", server.url, "--timeout", str(TIMEOUT)], caplog)
    assert code == 3
    assert_clean(logged, server.url, *expected)


def test_refused_connection(query_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError) as raised:
        EndpointStore(url, timeout=TIMEOUT).query(QUERY)
    assert_clean(str(raised.value), url, "connection refused")
    code, logged = run_cli(["query", str(query_file), "--endpoint", url], caplog)
    assert code == 3
    assert_clean(logged, url, "connection refused")


def test_stopped_server(serve, query_file: Path, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    server = serve(Reply())
    store = EndpointStore(server.url, timeout=TIMEOUT)
    assert store.query(QUERY) == ANSWER
    server.shutdown()
    server.server_close()
    with pytest.raises(EndpointError) as raised:
        store.query(QUERY)
    assert_clean(str(raised.value), server.url, "connection refused")
    code, logged = run_cli(["query", str(query_file), "--endpoint", server.url], caplog)
    assert code == 3
    assert_clean(logged, server.url, "connection refused")


def test_429_is_retried_after_the_time_the_server_asks(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(Reply(429, "slow down", {"Retry-After": "1"}), Reply())
    started = time.monotonic()
    assert EndpointStore(server.url, timeout=TIMEOUT).query(QUERY) == ANSWER
    assert len(server.seen) == 2
    gap = server.seen[1].at - server.seen[0].at
    assert 0.95 <= gap < 2.0, gap
    assert time.monotonic() - started < 2.5


def test_429_retry_through_the_cli(serve, query_file: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    server = serve(Reply(429, "slow down", {"Retry-After": "1"}), Reply())
    capsys.readouterr()
    assert main(["-q", "query", str(query_file), "--endpoint", server.url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == ANSWER
    assert len(server.seen) == 2 and server.seen[1].at - server.seen[0].at >= 0.95


def test_a_query_request_is_a_form_post_with_our_agent_and_basic_auth(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(Reply())
    EndpointStore(server.url, timeout=TIMEOUT).query(QUERY)
    (seen,) = server.seen
    headers = {k.lower(): v for k, v in seen.headers.items()}
    assert seen.method == "POST" and seen.path == "/query"
    assert headers["content-type"] == "application/x-www-form-urlencoded"
    assert urllib.parse.parse_qs(seen.body.decode()) == {"query": [QUERY]}  # no format=/output= extras
    assert headers["user-agent"] == USER_AGENT
    assert headers["authorization"] == f"Basic {TOKEN}"
    assert JSON_TYPE in headers["accept"]


def test_words_in_comments_do_not_make_a_query_an_update(serve) -> None:  # type: ignore[no-untyped-def]
    """SPARQLWrapper alone guesses COPY from "# ... every copy." and would send it to the update URL."""
    server = serve(Reply())
    text = "# title: x\n# every copy.\n# insert here\nPREFIX a: <http://a.example/#copy>\n" + QUERY
    assert EndpointStore(server.url, timeout=TIMEOUT).query(text) == ANSWER
    (seen,) = server.seen
    assert seen.path == "/query" and urllib.parse.parse_qs(seen.body.decode()) == {"query": [text]}


@pytest.mark.parametrize("text, form", [
    ("# a\n# copy\n# b\nPREFIX a: <http://a#b>\nBASE <x>\n  select * {}", "SELECT"),
    ("prefix : <http://x/> # drop it\nASK {}", "ASK"),
    ("PREFIX a:<http://x#>CONSTRUCT{}WHERE{}", "CONSTRUCT"),
    ("DESCRIBE <http://x>", "DESCRIBE"),
    ("INSERT DATA { <a> <b> <c> }", "INSERT"),
    ("# only a comment", ""),
])
def test_query_form(text: str, form: str) -> None:
    assert query_form(text) == form


def test_an_update_is_refused_before_any_request(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(Reply())
    with pytest.raises(InputError, match="SPARQL Update"):
        EndpointStore(server.url).query("DROP ALL")
    assert server.seen == []


def test_one_request_at_a_time(serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(Reply(hang=0.2))
    store = EndpointStore(server.url, timeout=2)
    threads = [threading.Thread(target=store.query, args=(QUERY,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts = [s.at for s in server.seen]
    assert len(starts) == 3
    assert all(later - earlier >= 0.18 for earlier, later in zip(starts, starts[1:])), starts


# -- loads -----------------------------------------------------------------------------------

NQ = '<http://example.org/s> <http://example.org/p> "o" <http://example.org/graph> .\n'


@pytest.fixture
def nquads_file(tmp_path: Path) -> Path:
    path = tmp_path / "one.nq"
    path.write_text(NQ)
    return path


def test_load_puts_the_graph_with_the_graph_store_protocol(serve, nquads_file: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    server = serve(Reply(204, "", {}))
    code, _ = run_cli(["load", str(nquads_file), "--endpoint", server.url], caplog)
    assert code == 0
    (seen,) = server.seen
    assert seen.method == "PUT"
    assert seen.path == "/store?" + urllib.parse.urlencode({"graph": "http://example.org/graph"})
    assert {k.lower(): v for k, v in seen.headers.items()}["content-type"] == "application/n-triples"
    assert seen.body.decode() == '<http://example.org/s> <http://example.org/p> "o" .\n'


def test_load_falls_back_to_sparql_update_without_a_graph_store(serve, nquads_file: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    server = serve(Reply(404, "no such service", {}), Reply(204, "", {}))
    code, _ = run_cli(["load", str(nquads_file), "--endpoint", server.url], caplog)
    assert code == 0
    put, post = server.seen
    assert put.method == "PUT" and post.method == "POST" and post.path == "/update"
    update = urllib.parse.parse_qs(post.body.decode())["update"][0]
    assert update.startswith("DROP SILENT GRAPH <http://example.org/graph> ;")
    assert 'INSERT DATA { GRAPH <http://example.org/graph> { <http://example.org/s> <http://example.org/p> "o" .' in update


LOAD_FAULTS = {
    "403 on the graph store": ([Reply(403, "no write access for {creds}", {})], ["HTTP 403 Forbidden", "no write access"]),
    "500 on the update fallback": ([Reply(405, "", {}), Reply(500, "SR325: transaction rolled back; {auth}", {})],
                                   ["/update", "HTTP 500", "SR325: transaction rolled back"]),
    "hang on the graph store": ([Reply(hang=2.0)], [f"no answer within {TIMEOUT:g} s"]),
}


@pytest.mark.parametrize("script, expected", LOAD_FAULTS.values(), ids=LOAD_FAULTS.keys())
def test_load_fault(serve, script: list[Reply], expected: list[str], nquads_file: Path,  # type: ignore[no-untyped-def]
                    caplog: pytest.LogCaptureFixture) -> None:
    server = serve(*script)
    code, logged = run_cli(["load", str(nquads_file), "--endpoint", server.url, "--timeout", str(TIMEOUT)], caplog)
    assert code == 3
    assert_clean(logged, server.url.rsplit("/", 1)[0], *expected)


def test_load_to_a_refused_port(nquads_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    code, logged = run_cli(["load", str(nquads_file), "--endpoint", url], caplog)
    assert code == 3
    assert_clean(logged, url.rsplit("/", 1)[0], "connection refused")


# -- small pieces ----------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["127.0.0.1:7878/query", "ftp://example.org/sparql", f"http://{USER}:{PASSWORD}@example.org/sparql"])
def test_a_bad_endpoint_url_is_a_usage_error(url: str, query_file: Path, caplog: pytest.LogCaptureFixture) -> None:
    code, logged = run_cli(["query", str(query_file), "--endpoint", url], caplog)
    assert code == 2
    assert PASSWORD not in logged
    assert "http(s) URL" in logged or "not in the URL" in logged
