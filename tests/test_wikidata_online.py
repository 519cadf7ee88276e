"""Online Wikidata lookups against a real local SPARQL server, and the client's manners.

The "Wikidata" here is Oxigraph on 127.0.0.1 serving Wikidata-shaped RDF made from our KB
(tests/wikidata_fixtures.py); faults come from a small HTTP server in a thread. Nothing
reaches the internet.
"""

from __future__ import annotations

import csv
import json
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.errors import EndpointError, InputError
from kg.kb import KBItem, KnowledgeBase
from kg.link import Link
from kg.wikidata import (
    KIND_CLASSES,
    ONLINE_PRIOR,
    USER_AGENT,
    OnlineLinker,
    WikidataClient,
    kind_of,
    sparql_string,
)
from tests import scripted_http
from tests.scripted_http import ScriptedServer
from tests.servers import free_port, oxigraph_server
from tests.wikidata_fixtures import (  # noqa: F401 - fixtures
    load,
    no_internet,
    wikidata_kb,
    wikidata_ntriples,
    wikidata_server,
)

ROOT = Path(__file__).resolve().parent.parent
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ROWS = [{"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q76"}}]
ANSWER = {"head": {"vars": ["item"]}, "results": {"bindings": ROWS}}
QUERY = "SELECT ?item WHERE { ?item ?p ?o } LIMIT 1"


@pytest.fixture
def client(wikidata_server, tmp_path: Path) -> WikidataClient:  # type: ignore[no-untyped-def]  # noqa: F811
    return WikidataClient(wikidata_server.query_url, cache_dir=tmp_path / "cache", timeout=5)


# -- the class table ---------------------------------------------------------------------------------

def test_kind_classes_are_verified() -> None:
    with open(ROOT / "kg" / "data" / "verified.tsv", encoding="utf-8", newline="") as handle:
        verified = {row["qid"]: row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)}
    for kind, classes in KIND_CLASSES.items():
        for qid in classes:
            assert qid in verified, f"{qid} ({kind}) is not in kg/data/verified.tsv"
            assert verified[qid]["type"] == "class", qid


def test_kind_of() -> None:
    assert kind_of(["Q5"]) == "person"
    assert kind_of(["Q3624078", "Q6256"]) == "place"
    assert kind_of(["Q1127126"]) == "organization"
    assert kind_of(["Q174844"]) == ""  # megacity: a class we do not map
    assert kind_of([]) == ""


def test_sparql_string_escapes() -> None:
    assert sparql_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


# -- lookups on a real server ---------------------------------------------------------------------------

def test_lookup_by_label(client: WikidataClient, wikidata_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    [item] = client.lookup("Barack Obama")
    assert item.qid == "Q76" and item.label == "Barack Obama" and item.kind == "person"
    assert "Obama" in item.aliases and "Barack Hussein Obama II" in item.aliases
    assert item.description == "American politician, 44th President of the United States"
    assert item.p31 == ("Q5",)
    assert item.prior == ONLINE_PRIOR
    assert item.evidence.startswith(f"looked up on {wikidata_server.query_url} on 20")


def test_lookup_by_alias(client: WikidataClient) -> None:
    [nato] = client.lookup("North Atlantic Treaty Organization")
    assert (nato.qid, nato.label, nato.kind) == ("Q7184", "NATO", "organization")
    assert nato.p31 == ("Q245065", "Q484652", "Q1127126")
    [russia] = client.lookup("Russian Federation", "place")
    assert (russia.qid, russia.label) == ("Q159", "Russia")


def test_lookup_is_exact_english_and_by_kind(client: WikidataClient) -> None:
    assert client.lookup("barack obama") == []  # exact, as Wikidata's label index
    assert client.lookup("Москва") == []  # a Russian alias, not an English one
    assert client.lookup("Barack Obama", "place") == []
    assert client.lookup('Say "hi" \\ there') == []  # quotes and backslashes escaped, not a syntax error
    [erdogan] = client.lookup("Recep Tayyip Erdoğan")
    assert erdogan.qid == "Q39259"


def test_unknown_classes_give_no_kind(client: WikidataClient) -> None:
    found = {i.qid: i for i in client.lookup("Moscow")}
    assert "Q649" in found and "Q499927" in found  # Moscow, and Moscow (Idaho)
    assert found["Q649"].kind == "" and not found["Q649"].linkable  # megacity etc.: not mapped
    assert client.lookup("Moscow", "place") == []


def test_facts_and_labels(client: WikidataClient) -> None:
    facts = client.facts(["Q649", "Q76", "Q7184"])
    assert facts["Q649"]["P17"] == ["Q159"]
    assert facts["Q649"]["P625"] == ["Point(37.6175 55.750555555)"]
    assert facts["Q76"]["P39"] == ["Q11696"]
    assert facts["Q7184"]["P31"] == ["Q245065", "Q484652", "Q1127126"]
    assert client.labels(["Q159", "Q11696"]) == {"Q159": "Russia", "Q11696": "President of the United States"}


def test_items_with_facts(client: WikidataClient) -> None:
    [obama] = client.items(["Q76"], facts=True)
    assert obama.facts == {"P39": ["Q11696"]}
    with pytest.raises(InputError, match="not a Wikidata item identifier"):
        client.items(["Q76 ; DROP ALL"])


def test_default_language_names(tmp_path: Path) -> None:
    """Wikidata's "mul" names (default for all languages, since 2024) count: English falls back to them."""
    data = f"""
    <{WD}Q57665> <{RDFS}label> "Jens Stoltenberg"@mul ; <{SKOS}altLabel> "Stoltenberg"@mul ;
        <{RDFS}label> "Йенс Столтенберг"@ru ; <http://schema.org/description> "Norwegian politician"@en ;
        <{WDT}P31> <{WD}Q5> .
    <{WD}Q5> <{RDFS}label> "human"@en , "human being"@mul .
    """.encode()
    with oxigraph_server(tmp_path / "server") as server:
        request = urllib.request.Request(server.store_url + "?default", data=data, method="POST",  # type: ignore[operator]
                                         headers={"Content-Type": "text/turtle"})
        urllib.request.urlopen(request, timeout=10).close()
        client = WikidataClient(server.query_url, cache_dir=tmp_path / "cache", timeout=5)
        [by_label] = client.lookup("Jens Stoltenberg", "person")
        [by_alias] = client.lookup("Stoltenberg")
        assert by_label == by_alias
        assert (by_label.qid, by_label.label, by_label.aliases) == ("Q57665", "Jens Stoltenberg", ("Stoltenberg",))
        assert client.lookup("Йенс Столтенберг") == []
        assert client.labels(["Q5", "Q57665"]) == {"Q5": "human", "Q57665": "Jens Stoltenberg"}  # English first


# -- the cache -------------------------------------------------------------------------------------------

def test_second_call_comes_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with oxigraph_server(tmp_path / "server") as server:
        load(server, wikidata_ntriples(KnowledgeBase(i for i in wikidata_kb() if i.qid in ("Q76", "Q5"))))
        first = WikidataClient(server.query_url, cache_dir=cache, timeout=5)
        items = first.lookup("Barack Obama")
        assert [i.qid for i in items] == ["Q76"] and first.requests == 1
        first.lookup("Barack Obama")
        assert first.requests == 1
    # the server is gone now
    again = WikidataClient(server.query_url, cache_dir=cache, timeout=5)
    assert again.lookup("Barack Obama") == items
    assert again.requests == 0
    with pytest.raises(EndpointError, match="connection refused"):
        WikidataClient(server.query_url, cache_dir=None, timeout=5).lookup("Barack Obama")
    files = [p for p in cache.rglob("*") if p.is_file() and p.name != ".request.lock"]
    assert files and all(p.suffix == ".json" for p in files)  # no temporary files left behind
    record = json.loads(files[0].read_text(encoding="utf-8"))
    assert record["endpoint"] == server.query_url and "Barack Obama" in record["query"]


def test_unreadable_cache_file_is_asked_again(client: WikidataClient) -> None:
    client.lookup("Barack Obama")
    assert client.cache_dir is not None
    [path] = [p for p in client.cache_dir.rglob("*.json")]
    path.write_text("{not json", encoding="utf-8")
    assert [i.qid for i in client.lookup("Barack Obama")] == ["Q76"]
    assert client.requests == 2
    json.loads(path.read_text(encoding="utf-8"))  # rewritten whole


def test_old_cache_entries_expire(client: WikidataClient) -> None:
    client.lookup("Barack Obama")
    client.max_age = 0.0
    time.sleep(1.1)  # the fetch time is kept to the second
    client.lookup("Barack Obama")
    assert client.requests == 2


# -- manners: User-Agent, 429 and Retry-After, timeouts --------------------------------------------------

@dataclass
class Reply(scripted_http.Reply):
    body: str = json.dumps(ANSWER)


@pytest.fixture
def fake() -> Iterator[Callable[..., ScriptedServer]]:
    with scripted_http.scripted_servers("/sparql") as start:
        yield start


def test_user_agent_and_post(fake, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = fake(Reply())
    rows = WikidataClient(server.url, cache_dir=tmp_path).select(QUERY)
    assert rows == ROWS
    [seen] = server.seen
    assert seen.method == "POST"
    assert seen.body.startswith(b"query=SELECT")
    agent = seen.headers["User-Agent"]
    assert agent == USER_AGENT
    assert agent.startswith("kg/") and "(https://w3id.org/newskg;" in agent and "SPARQLWrapper/" in agent
    assert "application/sparql-results+json" in seen.headers["Accept"]


def test_429_with_retry_after_is_honoured(fake, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = fake(Reply(429, "Too many requests", {"Retry-After": "1", "Content-Type": "text/plain"}), Reply())
    client = WikidataClient(server.url, cache_dir=tmp_path)
    started = time.monotonic()
    assert client.select(QUERY) == ROWS
    assert len(server.seen) == 2
    assert server.seen[1].at - server.seen[0].at >= 0.95  # waited as asked
    assert time.monotonic() - started < 3
    assert all(s.headers["User-Agent"] == USER_AGENT for s in server.seen)


def test_too_long_retry_after_is_an_error(fake, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = fake(Reply(429, "quota exceeded", {"Retry-After": "3600", "Content-Type": "text/plain"}))
    started = time.monotonic()
    with pytest.raises(EndpointError) as raised:
        WikidataClient(server.url, cache_dir=tmp_path).select(QUERY)
    message = str(raised.value)
    assert server.url in message and "HTTP 429" in message and "3600 s" in message and "quota exceeded" in message
    assert time.monotonic() - started < 1 and len(server.seen) == 1


def test_503_retried_then_gives_up(fake, tmp_path: Path,  # type: ignore[no-untyped-def]
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import wikidata

    monkeypatch.setattr(wikidata, "BACKOFF", 0.01)
    server = fake(Reply(503, "<html><body><h1>Service Unavailable</h1><p>overloaded</p></body></html>",
                        {"Content-Type": "text/html"}))
    with pytest.raises(EndpointError) as raised:
        WikidataClient(server.url, cache_dir=tmp_path, retries=2).select(QUERY)
    assert "gave up after 3 attempts" in str(raised.value) and "overloaded" in str(raised.value)
    assert len(server.seen) == 3


def test_400_shows_the_servers_words(fake, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = fake(Reply(400, "Parse error: unexpected '}' at line 1", {"Content-Type": "text/plain"}))
    with pytest.raises(EndpointError, match="HTTP 400 Bad Request.*Parse error: unexpected"):
        WikidataClient(server.url, cache_dir=tmp_path).select(QUERY)
    assert len(server.seen) == 1  # not retried


def test_an_answer_that_is_not_results(fake, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = fake(Reply(200, "<html><body>Maintenance</body></html>", {"Content-Type": "text/html"}))
    with pytest.raises(EndpointError, match="not SPARQL JSON results.*Maintenance"):
        WikidataClient(server.url, cache_dir=tmp_path).select(QUERY)
    assert not any(tmp_path.rglob("*.json"))  # nothing cached


def test_a_server_that_hangs_times_out(tmp_path: Path) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_hang() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_hang, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    try:
        started = time.monotonic()
        with pytest.raises(EndpointError) as raised:
            WikidataClient(url, cache_dir=tmp_path, timeout=0.5).select(QUERY)
        assert time.monotonic() - started < 3
        assert str(raised.value).startswith(f"{url}: no answer within 0.5 s")
    finally:
        stop.set()
        thread.join(2)
        for connection in held:
            connection.close()
        listener.close()


def test_refused_connection_is_clear(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointError, match="connection refused"):
        WikidataClient(url, cache_dir=tmp_path, timeout=1).select(QUERY)


def test_only_select_queries(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="SELECT"):
        WikidataClient("http://127.0.0.1:9/sparql", cache_dir=tmp_path).select("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(InputError, match="not an http"):
        WikidataClient("ftp://example.org/sparql")


# -- the online linker ------------------------------------------------------------------------------------

def test_online_linker_finds_what_the_kb_lacks(client: WikidataClient) -> None:
    kb = KnowledgeBase(i for i in KnowledgeBase.load() if i.qid != "Q76")
    linker = OnlineLinker(kb, client)
    assert linker.link(["Barack Obama", "Obama"], "person") == Link("Q76", ONLINE_PRIOR)
    assert kb.get("Q76") is not None and kb.get("Q76").prior == ONLINE_PRIOR  # type: ignore[union-attr]
    assert linker.added == ["Q76"]
    asked = client.requests
    assert linker.link(["Obama"], "person") == Link("Q76", ONLINE_PRIOR)  # now known: not asked again
    assert linker.link(["Vladimir Putin"], "person") is not None  # in the KB: never asked
    assert client.requests == asked


def test_online_linker_keeps_the_rules(client: WikidataClient) -> None:
    kb = KnowledgeBase(i for i in KnowledgeBase.load() if i.qid not in ("Q649", "Q7184"))
    linker = OnlineLinker(kb, client)
    assert linker.link(["Moscow"], "place") is None  # found online, but of no kind we know
    assert "Q649" not in kb
    assert linker.link(["North Atlantic Treaty Organization"], "person") is None  # an organization
    assert linker.link(["North Atlantic Treaty Organization"], "organization") == Link("Q7184", ONLINE_PRIOR)


class _TwoPeople:
    """A stand-in client: two people answer to the same name."""

    endpoint = "stub"

    def lookup(self, name: str, kind: str = "") -> list[KBItem]:
        return [KBItem("Q22686", name, "person", p31=("Q5",), prior=ONLINE_PRIOR),
                KBItem("Q6279", name, "person", p31=("Q5",), prior=ONLINE_PRIOR)]


def test_online_linker_does_not_guess_between_equals() -> None:
    linker = OnlineLinker(KnowledgeBase(), _TwoPeople())  # type: ignore[arg-type]
    assert linker.link(["John Smith"], "person") is None


def test_online_linker_goes_offline_when_the_endpoint_fails(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    client = WikidataClient(f"http://127.0.0.1:{free_port()}/sparql", cache_dir=tmp_path, timeout=1)
    linker = OnlineLinker(KnowledgeBase.load(), client)
    assert linker.link(["Jane Unknown"], "person") is None
    assert linker.link(["John Unknown"], "person") is None
    assert caplog.text.count("online lookups are off") == 1


def test_build_links_online(pipeline, client: WikidataClient) -> None:  # type: ignore[no-untyped-def]
    """The real extraction with the online linker: an article naming someone the KB lacks."""
    from kg.extract.article import extract
    from kg.records import Article

    kb = KnowledgeBase(i for i in KnowledgeBase.load() if i.qid != "Q76")
    linker = OnlineLinker(kb, client)
    text = "Former U.S. President Barack Obama said on Monday that the talks had failed."
    extraction = extract(Article(source="obama.txt", text=text), pipeline.nlp(text), linker)
    obama = [e for e in extraction.entities if "Obama" in e.name]
    assert obama and obama[0].wikidata == "Q76"


def test_tests_stay_offline(tmp_path: Path) -> None:
    with pytest.raises(EndpointError, match="unknown host.*tests may not reach query.wikidata.org"):
        WikidataClient(cache_dir=tmp_path, timeout=2, retries=0).lookup("Barack Obama")
