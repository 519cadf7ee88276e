"""``kg enrich``: Wikidata facts about linked entities in their own named graph, offline and online."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli_wikidata import add_commands
from kg.endpoint import EndpointStore
from kg.enrich import ENRICHMENT_GRAPH, OFFLINE_SOURCE, enrich, linked_qids
from kg.errors import KgError
from kg.kb import KnowledgeBase
from kg.store import EmbeddedStore
from kg.wikidata import WikidataClient
from tests.servers import oxigraph_server
from tests.wikidata_fixtures import no_internet, wikidata_kb, wikidata_server  # noqa: F401 - fixtures

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
ARTICLE = "https://w3id.org/newskg/resource/article/test-00000000"
OWL_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
LINKED = {"Q76": "Barack Obama", "Q649": "Moscow", "Q7184": "NATO", "Q159": "Russia"}

EXPECTED = {  # some of the triples the enrichment graph must hold, as N-Triples
    f"<{WD}Q76> <{WDT}P31> <{WD}Q5>",
    f"<{WD}Q76> <{WDT}P39> <{WD}Q11696>",
    f"<{WD}Q649> <{WDT}P17> <{WD}Q159>",
    f'<{WD}Q649> <{WDT}P625> "Point(37.6175 55.750555555)"^^<http://www.opengis.net/ont/geosparql#wktLiteral>',
    f"<{WD}Q7184> <{WDT}P31> <{WD}Q1127126>",
    f"<{WD}Q159> <{WDT}P31> <{WD}Q6256>",
    f'<{WD}Q11696> <http://www.w3.org/2000/01/rdf-schema#label> "President of the United States"@en',
    f'<{WD}Q5> <http://www.w3.org/2000/01/rdf-schema#label> "human"@en',
}


def article_quads(links: dict[str, str]) -> list[ox.Quad]:
    """A stand-in article graph: linked entities, one unlinked entity and a sameAs that is not Wikidata."""
    graph = ox.NamedNode(ARTICLE)
    quads = []
    for qid, name in links.items():
        entity = ox.NamedNode(f"https://w3id.org/newskg/resource/entity/{qid}")
        quads += [ox.Quad(entity, PREF_LABEL, ox.Literal(name, language="en"), graph),
                  ox.Quad(entity, OWL_SAME_AS, ox.NamedNode(WD + qid), graph)]
    unlinked = ox.NamedNode("https://w3id.org/newskg/resource/entity/person/jane-doe")
    quads += [ox.Quad(unlinked, PREF_LABEL, ox.Literal("Jane Doe", language="en"), graph),
              ox.Quad(unlinked, OWL_SAME_AS, ox.NamedNode("http://example.org/jane-doe"), graph)]
    return quads


def graph_triples(store) -> set[str]:  # type: ignore[no-untyped-def]
    result = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ENRICHMENT_GRAPH}> {{ ?s ?p ?o }} }}")
    triples = set()
    for row in result["results"]["bindings"]:
        terms = []
        for name in ("s", "p", "o"):
            term = row[name]
            if term["type"] == "uri":
                terms.append(f"<{term['value']}>")
            elif "xml:lang" in term:
                terms.append(f'"{term["value"]}"@{term["xml:lang"]}')
            elif "datatype" in term:
                terms.append(f'"{term["value"]}"^^<{term["datatype"]}>')
            else:
                terms.append(f'"{term["value"]}"')
        triples.add(" ".join(terms))
    return triples


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(article_quads(LINKED))
    yield store
    store.close()


def test_linked_qids(store: EmbeddedStore) -> None:
    assert linked_qids(store) == ["Q76", "Q159", "Q649", "Q7184"]


def test_offline_enrichment(store: EmbeddedStore) -> None:
    quads = enrich(store, wikidata_kb())
    triples = graph_triples(store)
    assert len(triples) == len(quads)
    assert EXPECTED <= triples, EXPECTED - triples
    assert f"<{ENRICHMENT_GRAPH}> <http://purl.org/dc/terms/source> <{OFFLINE_SOURCE}>" in triples
    subjects = {t.split(" ", 1)[0] for t in triples if f"<{WDT}" in t}
    assert subjects == {f"<{WD}{q}>" for q in LINKED}  # facts only about linked items
    assert not any("example.org" in t or "jane-doe" in t for t in triples)
    # Wikidata-style questions over the union of the graphs
    rows = store.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX wdt: <http://www.wikidata.org/prop/direct/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name ?point ?countryName WHERE {
          ?e skos:prefLabel ?name ; owl:sameAs ?wd .
          ?wd wdt:P625 ?point ; wdt:P17 ?country . ?country rdfs:label ?countryName }""")["results"]["bindings"]
    assert [(r["name"]["value"], r["point"]["value"], r["countryName"]["value"]) for r in rows] == [
        ("Moscow", "Point(37.6175 55.750555555)", "Russia")]


def test_enrichment_replaces_its_graph(store: EmbeddedStore) -> None:
    kb = wikidata_kb()
    first = enrich(store, kb)
    enrich(store, kb)
    assert len(graph_triples(store)) == len(first)  # replaced, not added twice
    store.replace_graphs(article_quads({"Q76": "Barack Obama"}))  # the article rebuilt: Moscow gone
    enrich(store, kb)
    assert not any(f"<{WD}Q649>" in t for t in graph_triples(store))
    assert f"<{WD}Q76> <{WDT}P39> <{WD}Q11696>" in graph_triples(store)


def test_online_enrichment_matches_offline(store: EmbeddedStore, wikidata_server,  # noqa: F811
                                          tmp_path: Path) -> None:
    enrich(store, wikidata_kb())
    offline = graph_triples(store)
    client = WikidataClient(wikidata_server.query_url, cache_dir=tmp_path / "cache", timeout=5)
    enrich(store, client)
    online = graph_triples(store)
    assert f"<{ENRICHMENT_GRAPH}> <http://purl.org/dc/terms/source> <{wikidata_server.query_url}>" in online
    source = "<http://purl.org/dc/terms/source>"
    assert {t for t in online if source not in t} == {t for t in offline if source not in t}
    assert client.requests == 2  # facts, then the labels of their values


def test_enrich_a_real_build(seeds_build: Path, tmp_path: Path) -> None:
    shutil.copytree(seeds_build / "store", tmp_path / "store")  # the shared build stays as it was
    store = EmbeddedStore(tmp_path / "store")
    try:
        kb = KnowledgeBase.load()
        qids = linked_qids(store)
        assert qids
        enrich(store, kb)
        triples = graph_triples(store)
        typed = {q for q in qids if (item := kb.get(q)) is not None and item.p31}
        assert typed and all(f"<{WD}{q}> <{WDT}P31>" in " ".join(triples) for q in typed)
    finally:
        store.close()


def test_enrich_a_store_behind_an_endpoint(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "store-server") as server:
        store = EndpointStore(server.query_url, timeout=5)
        store.replace_graphs(article_quads(LINKED))
        enrich(store, wikidata_kb())
        assert EXPECTED <= graph_triples(store)


# -- the command ----------------------------------------------------------------------------------------

def run(*argv: str) -> int:
    """``kg enrich …`` as cli.py will wire it: add_commands(sub, command)."""
    top = argparse.ArgumentParser(prog="kg")
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, epilog=example)

    add_commands(sub, command)
    args = top.parse_args(list(argv))
    try:
        return int(args.func(args))
    except KgError as error:
        return error.exit_code


def test_enrich_command(tmp_path: Path, wikidata_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    store.replace_graphs(article_quads(LINKED))
    store.close()
    kb_file = tmp_path / "kb.jsonl"
    wikidata_kb().save(kb_file)
    assert run("enrich", "--store", str(folder), "--kb", str(kb_file)) == 0
    assert run("enrich", "--store", str(folder), "--online", "--wikidata-endpoint", wikidata_server.query_url,
               "--cache-dir", str(tmp_path / "cache")) == 0
    store = EmbeddedStore(folder, read_only=True)
    try:
        assert EXPECTED <= graph_triples(store)
    finally:
        store.close()
    assert run("enrich", "--store", str(tmp_path / "nowhere")) == 2
    assert not (tmp_path / "nowhere").exists()
