"""EmbeddedStore.replace_graphs: loading an article again replaces exactly its graph; entity descriptions are shared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.endpoint import group_by_graph
from kg.store import SHARED_GRAPH, EmbeddedStore

EX = "https://w3id.org/newskg/resource/"
NAME = ox.NamedNode("http://schema.org/name")


def _article(name: str, *values: str) -> list[ox.Quad]:
    graph = ox.NamedNode(EX + "article/" + name)
    return [ox.Quad(ox.NamedNode(f"{EX}mention/{name}-{i}"), NAME, ox.Literal(v), graph) for i, v in enumerate(values)]


def _contents(store: EmbeddedStore) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = {}
    for quad in store._store:
        graphs.setdefault(str(quad.graph_name), set()).add(quad.object.value)
    return graphs


@pytest.fixture(params=["transaction", "bulk"])
def store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[EmbeddedStore]:
    """A fresh store; new graphs go through one transaction, or through the bulk loader."""
    monkeypatch.setattr("kg.store.BULK_LOAD_MIN_QUADS", 1 if request.param == "bulk" else 10**9)
    opened = EmbeddedStore(tmp_path / "store")
    yield opened
    opened.close()


def test_store_loads_new_graphs(store: EmbeddedStore) -> None:
    assert store.replace_graphs(_article("a", "NATO", "Moscow") + _article("b", "Kyiv")) == 2
    assert _contents(store) == {f"<{EX}article/a>": {"NATO", "Moscow"}, f"<{EX}article/b>": {"Kyiv"}}


def test_store_reloading_an_article_replaces_only_its_graph(store: EmbeddedStore) -> None:
    store.replace_graphs(_article("a", "NATO", "Moscow") + _article("b", "Kyiv"))
    assert store.replace_graphs(_article("a", "Brussels") + _article("c", "Riga")) == 2
    assert _contents(store) == {f"<{EX}article/a>": {"Brussels"}, f"<{EX}article/b>": {"Kyiv"},
                                f"<{EX}article/c>": {"Riga"}}


def test_store_reloading_the_same_article_does_not_double_it(store: EmbeddedStore) -> None:
    store.replace_graphs(_article("a", "NATO", "Moscow"))
    store.replace_graphs(_article("a", "NATO", "Moscow"))
    assert len(store._store) == 2


def test_store_replaces_the_default_graph(store: EmbeddedStore) -> None:
    default = [ox.Quad(q.subject, q.predicate, q.object) for q in _article("x", "old")]
    store.replace_graphs(default + _article("a", "NATO"))
    store.replace_graphs([ox.Quad(q.subject, q.predicate, q.object) for q in _article("x", "new")])
    assert _contents(store) == {"DEFAULT": {"new"}, f"<{EX}article/a>": {"NATO"}}


def test_store_load_is_seen_by_queries(store: EmbeddedStore) -> None:
    store.replace_graphs(_article("a", "NATO"))
    result = store.query("SELECT ?name WHERE { ?m <http://schema.org/name> ?name }")
    assert [row["name"]["value"] for row in result["results"]["bindings"]] == ["NATO"]


def test_endpoint_group_by_graph_puts_blank_node_graphs_with_the_default_graph() -> None:
    quad = _article("a", "NATO")[0]
    graphs = group_by_graph([quad, ox.Quad(quad.subject, quad.predicate, quad.object, ox.BlankNode("g")),
                             ox.Quad(quad.subject, quad.predicate, quad.object)])
    assert {name: len(members) for name, members in graphs.items()} == {f"{EX}article/a": 1, "": 2}


def test_store_load_is_seen_by_a_reader_before_the_writer_closes(tmp_path: Path) -> None:
    """Loads are not flushed one by one: a reader opened meanwhile finds them in the write-ahead log."""
    writer = EmbeddedStore(tmp_path / "store")
    writer.replace_graphs(_article("a", "NATO"))
    reader = EmbeddedStore(tmp_path / "store", read_only=True)
    assert _contents(reader) == {f"<{EX}article/a>": {"NATO"}}
    reader.close()
    writer.close()


def test_store_kg_load_of_a_file_twice_replaces_its_graphs(tmp_path: Path) -> None:
    from kg.cli import main

    quads = _article("a", "NATO", "Moscow") + _article("b", "Kyiv")
    (tmp_path / "kg.nq").write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    (tmp_path / "kg.ttl").write_bytes(ox.serialize([q.triple for q in quads], format=ox.RdfFormat.TURTLE) or b"")
    for _ in range(2):
        assert main(["-q", "load", str(tmp_path / "kg.nq"), str(tmp_path / "kg.ttl"), "--store", str(tmp_path / "store")]) == 0
    store = EmbeddedStore(tmp_path / "store", read_only=True)
    assert {name: len(values) for name, values in _contents(store).items()} == {
        f"<{EX}article/a>": 2, f"<{EX}article/b>": 1, "<file:///kg.ttl>": 3}
    store.close()


# The shared graph of entity descriptions: added to, never replaced; pruned of entities no article names.
MENTIONS = ox.NamedNode("http://schema.org/mentions")
LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def _naming(article: str, *entities: str) -> list[ox.Quad]:
    """An article graph that mentions ``entities``, and their descriptions in the shared graph."""
    graph = ox.NamedNode(EX + "article/" + article)
    return ([ox.Quad(graph, MENTIONS, ox.NamedNode(f"{EX}entity/{e}"), graph) for e in entities]
            + [ox.Quad(ox.NamedNode(f"{EX}entity/{e}"), LABEL, ox.Literal(e, language="en"), SHARED_GRAPH) for e in entities])


def _labels(store: EmbeddedStore) -> list[str]:
    return sorted(q.object.value for q in store._store.quads_for_pattern(None, LABEL, None, None))


def test_store_keeps_each_entity_description_once_whatever_the_number_of_articles(store: EmbeddedStore) -> None:
    store.replace_graphs(_naming("a", "NATO", "Moscow"))
    store.replace_graphs(_naming("b", "NATO") + _naming("c", "NATO", "Kyiv"))
    assert _labels(store) == ["Kyiv", "Moscow", "NATO"]


def test_store_reloading_an_article_keeps_descriptions_that_other_articles_need(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(_naming("a", "NATO", "Moscow") + _naming("b", "NATO"))
    store.replace_graphs(_naming("a", "Kyiv"))  # a rebuilt: names Kyiv now, no longer NATO or Moscow
    store.close()
    store = EmbeddedStore(tmp_path / "store", read_only=True)
    assert _labels(store) == ["Kyiv", "NATO"]  # Moscow: no article names it any more
    store.close()
