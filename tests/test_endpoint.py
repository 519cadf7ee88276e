"""The endpoint path against a real Oxigraph server on 127.0.0.1.

A tiny hand-written article goes through the real pipeline (``kg build``), is loaded with
``kg load --endpoint`` and queried by name with ``kg query --endpoint``: every canned query
must give the same rows as on the embedded store. Loading twice leaves one copy; a changed
article replaces its graph.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import endpoint as endpoint_module
from kg.cli import main
from kg.endpoint import EndpointStore
from kg.query import list_queries
from kg.rdf.mapping import ENTITIES_GRAPH
from tests.servers import Server, canonical_rows, canonical_triples, oxigraph_server, server_fixture

ARTICLE = """\
NATO starts Baltops drills as Moscow warns of response

MOSCOW, June 5 (Reuters) - Russian Deputy Foreign Minister Alexander Grushko said on Monday that NATO's \
Baltops exercise in the Baltic Sea was "a provocation that will not go unanswered."

"We will take all necessary measures to ensure our security," Grushko told reporters in Moscow.

NATO Secretary General Jens Stoltenberg said the alliance was not a threat to Russia. The Baltops 2023 \
exercise, hosted by Germany, involves about 6,000 troops from 20 countries and runs until June 20, the \
alliance said.

Russian Foreign Minister Sergei Lavrov said last week that Moscow was ready to talk to Washington about arms control.

The Zapad-2021 strategic exercise will be held in Belarus in September and involve 200,000 troops, Russian \
Defence Minister Sergei Shoigu said on Tuesday.
"""
SOURCES = "file\turl\toutlet\tpublished\nbaltops.txt\thttps://example.org/news/baltops\tReuters\t2021-06-05\n"

COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }\n"
GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }\n"

oxigraph = server_fixture(oxigraph_server)


def write_article(folder: Path, text: str = ARTICLE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "baltops.txt").write_text(text, encoding="utf-8")
    (folder / "SOURCES.tsv").write_text(SOURCES, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The article built by ``kg build`` into N-Quads and an embedded store."""
    out = tmp_path_factory.mktemp("built")
    articles = write_article(out / "in")
    assert main(["-q", "build", str(articles), "-o", str(out / "kg.nq"), "--store", str(out / "store")]) == 0
    return out


@pytest.fixture(scope="module")
def loaded(oxigraph: Server, built: Path) -> Server:
    assert main(["-q", "load", str(built / "kg.nq"), "--endpoint", oxigraph.query_url]) == 0
    return oxigraph


def kg_query(capsys: pytest.CaptureFixture[str], query: str, *where: str, params: tuple[str, ...] = ()) -> str:
    capsys.readouterr()
    extra = [arg for p in params for arg in ("--param", p)]
    assert main(["-q", "query", query, *where, "--format", "json", *extra]) == 0
    return capsys.readouterr().out


def same_answers(embedded: str, served: str) -> None:
    if embedded.lstrip().startswith("{"):
        left, right = json.loads(embedded), json.loads(served)
        assert left["head"].get("vars") == right["head"].get("vars")
        assert left.get("boolean") == right.get("boolean")
        assert canonical_rows(left) == canonical_rows(right)
    else:
        assert canonical_triples(embedded) == canonical_triples(served)


def _canned() -> list[object]:
    cases: list[object] = []
    for query in list_queries():
        if "SERVICE" in query.text.upper():
            cases.append(pytest.param(query.name, marks=pytest.mark.skip(reason="federated (SERVICE): needs the network")))
        else:
            cases.append(query.name)
    return cases


def count_quads(capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str) -> int:
    query = tmp_path / "count.rq"
    query.write_text(COUNT_QUADS)
    return int(json.loads(kg_query(capsys, str(query), "--endpoint", url))["results"]["bindings"][0]["n"]["value"])


def graph_triples(capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, graph: str) -> list[str]:
    query = tmp_path / "graph.rq"
    query.write_text(GRAPH_TRIPLES % graph)
    return canonical_triples(kg_query(capsys, str(query), "--endpoint", url))


def nquads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def as_stored(quads: list[ox.Quad]) -> list[str]:
    """The quads' triples as Oxigraph gives them back (0.5 stores xsd:int, xsd:nonNegativeInteger... as xsd:integer)."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return sorted({str(ox.Triple(q.subject, q.predicate, q.object)) for q in store})


def article_graph(quads: list[ox.Quad]) -> str:
    names = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)} - {ENTITIES_GRAPH}
    assert len(names) == 1
    return names.pop()


def in_graph(quads: list[ox.Quad], graph: str) -> list[ox.Quad]:
    return [q for q in quads if q.graph_name == ox.NamedNode(graph)]


@pytest.mark.parametrize("name", _canned())
def test_canned_query_gives_the_same_rows_on_the_server(name: str, built: Path, loaded: Server,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    embedded = kg_query(capsys, name, "--store", str(built / "store"))
    served = kg_query(capsys, name, "--endpoint", loaded.query_url)
    same_answers(embedded, served)


def test_the_comparison_is_not_vacuous(built: Path, loaded: Server, capsys: pytest.CaptureFixture[str]) -> None:
    summary = json.loads(kg_query(capsys, "summary", "--endpoint", loaded.query_url))["results"]["bindings"][0]
    assert int(summary["articles"]["value"]) == 1
    assert int(summary["statements"]["value"]) >= 4
    assert int(summary["dated"]["value"]) >= 1
    rows = json.loads(kg_query(capsys, "statements", "--endpoint", loaded.query_url))["results"]["bindings"]
    assert any("Grushko" in r.get("speakerName", {}).get("value", "") for r in rows)


def test_loading_twice_leaves_one_copy(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quads = nquads(built / "kg.nq")
    with oxigraph_server(tmp_path / "db") as server:
        for _ in range(2):
            assert main(["-q", "load", str(built / "kg.nq"), "--endpoint", server.query_url]) == 0
        assert count_quads(capsys, tmp_path, server.query_url) == len(quads)
        # Turtle has no graphs: its triples go into one graph named after the file, replaced too
        turtle = tmp_path / "kg.ttl"
        turtle.write_bytes(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                        format=ox.RdfFormat.TURTLE) or b"")
        for _ in range(2):
            assert main(["-q", "load", str(turtle), "--endpoint", server.query_url]) == 0
        assert count_quads(capsys, tmp_path, server.query_url) == 2 * len(quads)
        assert len(graph_triples(capsys, tmp_path, server.query_url, "file:///kg.ttl")) == len(quads)


def test_a_changed_article_replaces_its_graph(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = nquads(built / "kg.nq")
    graph = article_graph(before)
    changed = write_article(tmp_path / "in", ARTICLE.replace("Sergei Lavrov said last week", "Sergei Lavrov said on Friday")
                            .replace("arms control", "strategic stability").replace("talk to Washington", "talk to Paris"))
    with oxigraph_server(tmp_path / "db") as server:
        assert main(["-q", "load", str(built / "kg.nq"), "--endpoint", server.query_url]) == 0
        # build straight into the endpoint this time (kg build --endpoint)
        assert main(["-q", "build", str(changed), "-o", str(tmp_path / "changed.nq"), "--endpoint", server.query_url]) == 0
        after = nquads(tmp_path / "changed.nq")
        assert article_graph(after) == graph  # same source, same article IRI
        assert graph_triples(capsys, tmp_path, server.query_url, graph) == as_stored(in_graph(after, graph))
        # entity descriptions are added to the shared graph, and those of Washington, named by no
        # article any more, removed: what is left is exactly the new build
        assert graph_triples(capsys, tmp_path, server.query_url, ENTITIES_GRAPH) == as_stored(in_graph(after, ENTITIES_GRAPH))
        assert any("Washington" in t for t in as_stored(in_graph(before, ENTITIES_GRAPH)))
        assert count_quads(capsys, tmp_path, server.query_url) == len(after)
        texts = json.loads(kg_query(capsys, "statements", "--endpoint", server.query_url))["results"]["bindings"]
        said = " ".join(r["text"]["value"] for r in texts)
        assert "strategic stability" in said and "arms control" not in said


def test_update_fallback_when_there_is_no_graph_store(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A server without a Graph Store (404 on PUT) gets SPARQL Update; big graphs go in several requests."""
    monkeypatch.setattr(endpoint_module, "UPDATE_CHUNK", 50)
    quads = nquads(built / "kg.nq")
    with oxigraph_server(tmp_path / "db") as server:
        store = EndpointStore(server.query_url, store_url=server.query_url.replace("/query", "/no-such-store"))
        for _ in range(2):
            assert store.replace_graphs(quads) == 1
        assert store._graph_store is False  # asked once, then remembered
        assert count_quads(capsys, tmp_path, server.query_url) == len(quads)
        graph = article_graph(quads)
        assert graph_triples(capsys, tmp_path, server.query_url, graph) == as_stored(in_graph(quads, graph))


def test_graph_store_is_used_when_there_is_one(built: Path, loaded: Server) -> None:
    store = EndpointStore(loaded.query_url)
    assert store.store_url == loaded.store_url
    assert store.replace_graphs(nquads(built / "kg.nq")) == 1
    assert store._graph_store is True


def test_ask_and_construct_through_the_store(loaded: Server) -> None:
    store = EndpointStore(loaded.query_url, timeout=5)
    assert store.query("ASK { ?s a <http://schema.org/NewsArticle> }")["boolean"] is True
    triples = store.query("# a comment first\nPREFIX schema: <http://schema.org/>\n"
                          "CONSTRUCT { ?a a schema:NewsArticle } WHERE { ?a a schema:NewsArticle }")
    assert len(canonical_triples(triples["triples"])) == 1


def test_a_bad_query_carries_the_servers_words(loaded: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?y }\n")
    assert main(["-q", "query", str(bad), "--endpoint", loaded.query_url]) == 3
    message = caplog.text
    assert loaded.query_url in message and "HTTP 400" in message
