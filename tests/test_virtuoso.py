"""The endpoint path against our own OpenLink Virtuoso (``virtuoso-t``) on 127.0.0.1.

The test starts a private Virtuoso on a temporary database and free ports (see
tests/servers.py), gives the anonymous SPARQL user the SPARQL_UPDATE role with isql, loads
the graph with ``kg load --endpoint http://127.0.0.1:PORT/sparql`` (Graph Store Protocol at
/sparql-graph-crud) and runs every canned query, comparing with the embedded store.
Virtuoso's default graph is the union of all graphs, so queries need no FROM.

Numbers compare by value (Oxigraph stores xsd:nonNegativeInteger as xsd:integer, Virtuoso
stores 1.0 as 1). Skipped when Virtuoso is not installed: ``.ci/install-virtuoso.sh``.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import endpoint as endpoint_module
from kg.cli import main
from kg.endpoint import EndpointStore
from kg.query import list_queries
from kg.rdf.mapping import ENTITIES_GRAPH
from tests.conftest import DEV
from tests.servers import (
    VirtuosoServer,
    canonical_rows,
    canonical_triples,
    server_fixture,
    virtuoso_binary,
    virtuoso_isql,
    virtuoso_server,
)
from tests.test_endpoint import ARTICLE, article_graph, in_graph, nquads, write_article
from tests.test_joint_statements import JOINT_ARTICLE, JOINT_PUBLISHED, JOINT_SOURCE

if virtuoso_binary() is None or virtuoso_isql() is None:
    pytest.skip("Virtuoso is not installed (virtuoso-t/isql-vt not on PATH; run .ci/install-virtuoso.sh)",
                allow_module_level=True)

# Real articles with military exercises, beside the hand-written one: more shapes of data; and a
# hand-written one of joint statements (several kg:speaker values for one statement).
DEV_ARTICLES = ("03_tass_kavkaz-2020-gerasimov.txt", "09_washingtonpost_zapad-2021-begins.txt")

virtuoso = server_fixture(virtuoso_server)


def sparql_update(server: VirtuosoServer, update: str) -> None:
    body = urllib.parse.urlencode({"update": update}).encode()
    with urllib.request.urlopen(urllib.request.Request(server.update_url, data=body), timeout=30) as response:
        response.read()


def run_query(capsys: pytest.CaptureFixture[str], query: str, *where: str) -> str:
    capsys.readouterr()
    assert main(["-q", "query", query, *where, "--format", "json"]) == 0
    return capsys.readouterr().out


def rq(tmp_path: Path, text: str) -> str:
    path = tmp_path / f"q{abs(hash(text))}.rq"
    path.write_text(text)
    return str(path)


def graph_triples(capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, *graphs: str) -> list[str]:
    values = " ".join(f"<{g}>" for g in graphs)
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}\n"
    return canonical_triples(run_query(capsys, rq(tmp_path, query), "--endpoint", url), loose=True)


def count_quads(capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, *graphs: str) -> int:
    values = " ".join(f"<{g}>" for g in graphs)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}\n"
    answer = json.loads(run_query(capsys, rq(tmp_path, query), "--endpoint", url))
    return int(answer["results"]["bindings"][0]["n"]["value"])


def file_triples(quads: list[ox.Quad]) -> list[str]:
    turtle = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return canonical_triples(turtle or b"", loose=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("virtuoso-built")
    articles = write_article(out / "in")
    for name in DEV_ARTICLES:
        if (DEV / name).exists():
            shutil.copy(DEV / name, articles / name)
    joint = {"text": JOINT_ARTICLE, "source": JOINT_SOURCE, "published": JOINT_PUBLISHED}
    (articles / "joint.jsonl").write_text(json.dumps(joint) + "\n", encoding="utf-8")
    assert main(["-q", "build", str(articles), "-o", str(out / "kg.nq"), "--store", str(out / "store")]) == 0
    return out


@pytest.fixture(scope="module")
def loaded(virtuoso: VirtuosoServer, built: Path) -> VirtuosoServer:
    assert main(["-q", "load", str(built / "kg.nq"), "--endpoint", virtuoso.query_url]) == 0
    return virtuoso


def graphs_of(quads: list[ox.Quad]) -> list[str]:
    return sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})


def _canned() -> list[object]:
    cases: list[object] = []
    for query in list_queries():
        marks = []
        if "SERVICE" in query.text.upper():
            marks.append(pytest.mark.skip(reason="federated (SERVICE): needs the network"))
        cases.append(pytest.param(query.name, marks=marks))
    return cases


@pytest.mark.parametrize("name", _canned())
def test_canned_query_gives_the_same_answers_on_virtuoso(name: str, built: Path, loaded: VirtuosoServer,
                                                         capsys: pytest.CaptureFixture[str],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    embedded = run_query(capsys, name, "--store", str(built / "store"))
    caplog.clear()
    code = main(["-q", "query", name, "--endpoint", loaded.query_url, "--format", "json"])
    served = capsys.readouterr().out
    is_select = embedded.lstrip().startswith("{")
    if code == 0 and not is_select:
        assert canonical_triples(embedded, loose=True) == canonical_triples(served, loose=True)
        return
    left = json.loads(embedded) if is_select else {}
    right = json.loads(served) if code == 0 else {}
    if code == 0 and left["head"].get("vars") == right["head"].get("vars") and left.get("boolean") == right.get("boolean") \
            and canonical_rows(left, loose=True) == canonical_rows(right, loose=True):
        return
    assert code == 0, f"kg query {name} on Virtuoso: exit {code}: {caplog.text}"
    assert left["head"].get("vars") == right["head"].get("vars")
    assert left.get("boolean") == right.get("boolean")
    assert canonical_rows(left, loose=True) == canonical_rows(right, loose=True)


def test_the_comparison_is_not_vacuous(loaded: VirtuosoServer, capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(run_query(capsys, "entities", "--endpoint", loaded.query_url))["results"]["bindings"]
    assert {r["source"]["value"] for r in rows} >= {"baltops.txt"}
    assert len(rows) >= 10
    exercises = json.loads(run_query(capsys, "exercises", "--endpoint", loaded.query_url))["results"]["bindings"]
    assert exercises or not any((DEV / n).exists() for n in DEV_ARTICLES)
    statements = json.loads(run_query(capsys, "statements", "--endpoint", loaded.query_url))["results"]["bindings"]
    assert any(r.get("speakerName", {}).get("value") == "Emmanuel Macron; Olaf Scholz" for r in statements)  # joint


def test_every_triple_arrives_intact(built: Path, loaded: VirtuosoServer, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Texts with quotes, newlines and non-ASCII, language tags, dates: all as built (numbers by value)."""
    quads = nquads(built / "kg.nq")
    assert graph_triples(capsys, tmp_path, loaded.query_url, *graphs_of(quads)) == file_triples(quads)


def test_loading_uses_virtuosos_graph_store(built: Path, loaded: VirtuosoServer) -> None:
    store = EndpointStore(loaded.query_url)
    assert store.store_url == loaded.store_url  # /sparql -> /sparql-graph-crud
    store.replace_graphs(nquads(built / "kg.nq"))
    assert store._graph_store is True


def test_loading_twice_leaves_one_copy(built: Path, loaded: VirtuosoServer, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    quads = nquads(built / "kg.nq")
    assert main(["-q", "load", str(built / "kg.nq"), "--endpoint", loaded.query_url]) == 0
    # each article brings its entities' descriptions in the shared graph: once in the store
    assert count_quads(capsys, tmp_path, loaded.query_url, *graphs_of(quads)) == len(set(quads)) < len(quads)


def test_a_changed_article_replaces_its_graph(virtuoso: VirtuosoServer, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    # its own source name, hence its own graph: the module's data stays as it was
    first = write_article(tmp_path / "v1", ARTICLE)
    (first / "baltops.txt").rename(first / "changed.txt")
    assert main(["-q", "build", str(first), "-o", str(tmp_path / "v1.nq"), "--endpoint", virtuoso.query_url]) == 0
    graph = article_graph(nquads(tmp_path / "v1.nq"))
    try:
        second = tmp_path / "v2"
        second.mkdir()
        (second / "changed.txt").write_text(ARTICLE.replace("arms control", "strategic stability"), encoding="utf-8")
        assert main(["-q", "build", str(second), "-o", str(tmp_path / "v2.nq")]) == 0
        assert main(["-q", "load", str(tmp_path / "v2.nq"), "--endpoint", virtuoso.query_url]) == 0
        after = nquads(tmp_path / "v2.nq")
        assert article_graph(after) == graph
        assert graph_triples(capsys, tmp_path, virtuoso.query_url, graph) == file_triples(in_graph(after, graph))
        texts = graph_triples(capsys, tmp_path, virtuoso.query_url, graph)
        assert any("strategic stability" in t for t in texts) and not any("arms control" in t for t in texts)
    finally:
        sparql_update(virtuoso, f"DROP SILENT GRAPH <{graph}>")


def test_sparql_update_fallback_loads_the_same_triples(built: Path, loaded: VirtuosoServer, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """No Graph Store at the given URL (Virtuoso answers 501): DROP + INSERT DATA, in chunks."""
    quads = nquads(built / "kg.nq")
    before = graph_triples(capsys, tmp_path, loaded.query_url, *graphs_of(quads))
    monkeypatch.setattr(endpoint_module, "UPDATE_CHUNK", 100)
    store = EndpointStore(loaded.query_url, store_url=loaded.query_url.replace("/sparql", "/no-graph-store"))
    assert store.replace_graphs(quads) == len(set(graphs_of(quads)) - {ENTITIES_GRAPH})
    assert store._graph_store is False
    assert graph_triples(capsys, tmp_path, loaded.query_url, *graphs_of(quads)) == before
    assert count_quads(capsys, tmp_path, loaded.query_url, *graphs_of(quads)) == len(set(quads))


@pytest.mark.parametrize("graph_store", [True, False], ids=["graph store", "sparql update"])
def test_a_big_graph_loads(graph_store: bool, virtuoso: VirtuosoServer, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """2000 triples: Virtuoso 7.2 refuses one INSERT DATA of more than ~1500 (SP031); the Graph Store and chunks take it."""
    graph = f"http://example.org/big/{'gsp' if graph_store else 'update'}"
    quads = [ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"),
                     ox.Literal(f'value {i} "quoted" é', language="en"), ox.NamedNode(graph)) for i in range(2000)]
    store_url = virtuoso.store_url if graph_store else virtuoso.query_url.replace("/sparql", "/no-graph-store")
    try:
        EndpointStore(virtuoso.query_url, store_url=store_url).replace_graphs(quads)
        assert count_quads(capsys, tmp_path, virtuoso.query_url, graph) == 2000
    finally:
        sparql_update(virtuoso, f"DROP SILENT GRAPH <{graph}>")
