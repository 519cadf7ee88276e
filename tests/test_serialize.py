"""GraphWriter: the same graph gives the same bytes, deduplicated, with prefixes, written atomically."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf.ntriples import graph_ntriples
from kg.rdf.serialize import GraphWriter

EX = "https://w3id.org/newskg/resource/"
SCHEMA = "http://schema.org/"
A, B = ox.NamedNode(EX + "article/a"), ox.NamedNode(EX + "article/b")
NATO = ox.NamedNode(EX + "entity/Q7184")


def _quads() -> list[ox.Quad]:
    """Two article graphs sharing an entity's triples, with literals that are hard to write."""
    quads = []
    for article in (A, B):
        quads += [
            ox.Quad(NATO, ox.NamedNode(SCHEMA + "name"), ox.Literal("NATO"), article),
            ox.Quad(NATO, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(SCHEMA + "Organization"), article),
            ox.Quad(article, ox.NamedNode(SCHEMA + "text"), ox.Literal(f'"Ready" <{article.value}> .\nsaid {article.value[-1]}', language="en"), article),
            ox.Quad(article, ox.NamedNode(SCHEMA + "wordCount"), ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), article),
            ox.Quad(article, ox.NamedNode(SCHEMA + "about"), NATO, article),
            ox.Quad(article, ox.NamedNode(SCHEMA + "url"), ox.NamedNode("http://example.org/é?q=1#x"), article),
        ]
    return quads


def _write(path: Path, *batches: list[ox.Quad]) -> bytes:
    with GraphWriter(path) as writer:
        for batch in batches:
            writer.add(batch)
        writer.commit()
    return path.read_bytes()


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq", ".trig"])
def test_serialize_same_graph_in_any_order_gives_same_bytes(suffix: str, tmp_path: Path) -> None:
    quads = _quads()
    shuffled = quads[:]
    random.Random(7).shuffle(shuffled)
    first = _write(tmp_path / f"first{suffix}", quads)
    again = _write(tmp_path / f"again{suffix}", shuffled[:5], shuffled[5:] + shuffled[:3])  # in two batches, some twice
    assert first == again


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq", ".trig"])
def test_serialize_keeps_the_graph(suffix: str, tmp_path: Path) -> None:
    quads = _quads()
    data = _write(tmp_path / f"out{suffix}", quads + quads)
    parsed = list(ox.parse(data, format=ox.RdfFormat.from_extension(suffix[1:])))
    if suffix in (".nq", ".trig"):
        assert sorted(map(str, parsed)) == sorted(map(str, set(quads)))
    else:
        triples = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads}
        assert sorted(str(ox.Triple(q.subject, q.predicate, q.object)) for q in parsed) == sorted(triples)


def test_serialize_ntriples_has_each_triple_once(tmp_path: Path) -> None:
    """The entity's triples stand in both article graphs: the union holds them once."""
    lines = _write(tmp_path / "out.nt", _quads()).decode().splitlines()
    assert len(lines) == len(set(lines)) == 10
    assert lines == sorted(lines)


def test_serialize_turtle_uses_declared_prefixes(tmp_path: Path) -> None:
    text = _write(tmp_path / "out.ttl", _quads()).decode()
    assert "@prefix schema: <http://schema.org/> ." in text
    assert "a schema:Organization" in text
    assert f"<{EX}entity/Q7184> " in text  # resource IRIs are written in full


def test_serialize_trig_writes_one_block_per_article(tmp_path: Path) -> None:
    text = _write(tmp_path / "out.trig", _quads()).decode()
    assert text.count(f"<{A.value}> {{") == text.count(f"<{B.value}> {{") == 1
    assert text.index(f"<{A.value}> {{") < text.index(f"<{B.value}> {{")


def test_serialize_failed_commit_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kg.nq"
    old = _write(target, _quads()[:2])

    def fail(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("kg.rdf.serialize.os.fsync", fail)
    with pytest.raises(OSError, match="disk full"):
        _write(target, _quads())
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nq"]  # no temporary file left


def test_ntriples_cuts_only_the_graph_name() -> None:
    quads = [q for q in _quads() if q.graph_name == A]
    expected = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads}
    for graph in (A, ox.BlankNode("g1"), ox.DefaultGraph()):
        moved = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
        parsed = ox.parse(graph_ntriples(graph, moved), format=ox.RdfFormat.N_TRIPLES)
        assert {str(ox.Triple(q.subject, q.predicate, q.object)) for q in parsed} == expected
