"""GraphWriter: quads written as they are added, with prefixes, put in place atomically on commit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.rdf.ntriples import graph_ntriples
from kg.rdf.serialize import GraphWriter

EX = "https://w3id.org/newskg/resource/"
SCHEMA = "http://schema.org/"
A, B = ox.NamedNode(EX + "article/a"), ox.NamedNode(EX + "article/b")
NATO = ox.NamedNode(EX + "entity/Q7184")
TRICKY = '"Ready" <{}> {{\n}}\n<x> {{\n .\n\tsaid {}\r\n\t}}'  # lines that look like TriG's graph blocks


def _graph(article: ox.NamedNode) -> list[ox.Quad]:
    """An article graph with an entity's triples (in every graph) and literals that are hard to write."""
    return [
        ox.Quad(NATO, ox.NamedNode(SCHEMA + "name"), ox.Literal("NATO"), article),
        ox.Quad(NATO, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(SCHEMA + "Organization"), article),
        ox.Quad(article, ox.NamedNode(SCHEMA + "text"), ox.Literal(TRICKY.format(article.value, article.value[-1]), language="en"), article),
        ox.Quad(article, ox.NamedNode(SCHEMA + "wordCount"), ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), article),
        ox.Quad(article, ox.NamedNode(SCHEMA + "about"), NATO, article),
        ox.Quad(article, ox.NamedNode(SCHEMA + "url"), ox.NamedNode("http://example.org/é?q=1#x"), article),
    ]


def _quads() -> list[ox.Quad]:
    return _graph(A) + _graph(B)


def _write(path: Path, *batches: list[ox.Quad]) -> bytes:
    with GraphWriter(path) as writer:
        for batch in batches:
            writer.add(batch)
        writer.commit()
    return path.read_bytes()


def _triples(quads: list[ox.Quad]) -> set[str]:
    return {str(q.triple) for q in quads}


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq", ".trig"])
def test_serialize_keeps_the_graph(suffix: str, tmp_path: Path) -> None:
    quads = _quads()
    data = _write(tmp_path / f"out{suffix}", _graph(A), _graph(B))
    parsed = list(ox.parse(data, format=ox.RdfFormat.from_extension(suffix[1:])))
    if suffix in (".nq", ".trig"):
        assert sorted(map(str, parsed)) == sorted(map(str, quads))
    else:  # the union of the graphs
        assert _triples(parsed) == _triples(quads)


def test_serialize_nquads_are_written_as_added(tmp_path: Path) -> None:
    """No sorting: the output is the same whenever the quads come in the same order."""
    quads = _graph(B)[::-1] + _graph(A)
    assert _write(tmp_path / "out.nq", quads[:4], quads[4:]) == ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def test_serialize_ntriples_hold_each_graph_in_turn(tmp_path: Path) -> None:
    """The entity's triples stand in both article graphs, so in the union twice: the same graph once parsed."""
    lines = _write(tmp_path / "out.nt", _graph(B), _graph(A)).decode().splitlines()
    assert lines == [str(q.triple) + " ." for q in _graph(B) + _graph(A)]


def test_serialize_turtle_uses_declared_prefixes_once(tmp_path: Path) -> None:
    text = _write(tmp_path / "out.ttl", _graph(A), _graph(B)).decode()
    assert text.count("@prefix schema: <http://schema.org/> .") == 1
    assert text.index("@prefix") == 0
    assert "a schema:Organization" in text
    assert f"<{EX}entity/Q7184> " in text  # resource IRIs are written in full


def test_serialize_turtle_has_no_graph_blocks(tmp_path: Path) -> None:
    lines = _write(tmp_path / "out.ttl", _quads()).decode().splitlines()
    assert not [line for line in lines if line.endswith(" {") or line == "}"]


def test_serialize_turtle_writes_each_distinct_entity_description_once(tmp_path: Path) -> None:
    """NATO's description is the same in both article graphs; a third article says more about it."""
    more = _graph(ox.NamedNode(EX + "article/c")) + [ox.Quad(NATO, ox.NamedNode(SCHEMA + "alternateName"), ox.Literal("OTAN"),
                                                            ox.NamedNode(EX + "article/c"))]
    text = _write(tmp_path / "out.ttl", _graph(A), _graph(B), more).decode()
    assert text.count(f"\n\t<{NATO.value}> ") == 2  # A's, and c's longer one; B's repeat is left out
    parsed = ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
    assert _triples(list(parsed)) == _triples(_graph(A) + _graph(B) + more)


def test_serialize_turtle_keeps_default_graph_triples(tmp_path: Path) -> None:
    """Triples outside any named graph stand between the blocks of pyoxigraph's TriG, unwrapped."""
    default = [ox.Quad(q.subject, q.predicate, q.object) for q in _graph(A)[:3]]
    quads = _graph(A) + default + _graph(B)
    parsed = ox.parse(_write(tmp_path / "out.ttl", quads), format=ox.RdfFormat.TURTLE)
    assert _triples(list(parsed)) == _triples(quads)


def test_serialize_trig_writes_one_block_per_graph_as_added(tmp_path: Path) -> None:
    text = _write(tmp_path / "out.trig", _graph(B), _graph(A)).decode()
    assert text.count(f"\n<{A.value}> {{\n") == text.count(f"\n<{B.value}> {{\n") == 1
    assert text.index(f"\n<{B.value}> {{\n") < text.index(f"\n<{A.value}> {{\n")
    assert text.count("@prefix schema:") == 1


def test_serialize_output_gets_normal_permissions(tmp_path: Path) -> None:
    """The temporary file is private (mkstemp); the output is not."""
    umask = os.umask(0o022)
    try:
        _write(tmp_path / "out.nq", _quads())
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "out.nq").stat().st_mode) == 0o644


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


@pytest.mark.parametrize("suffix", [".ttl", ".nq"])
def test_serialize_interrupted_write_leaves_the_old_file(suffix: str, tmp_path: Path) -> None:
    """Quads already written to the temporary file go with it."""
    target = tmp_path / f"kg{suffix}"
    old = _write(target, _graph(A))
    with pytest.raises(KeyboardInterrupt):
        with GraphWriter(target) as writer:
            writer.add(_graph(B))
            raise KeyboardInterrupt
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_serialize_without_path_writes_to_stdout(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with GraphWriter(None) as writer:
        writer.add(_quads())
        writer.commit()
    assert capsysbinary.readouterr().out == _write(tmp_path / "out.ttl", _quads())


def test_ntriples_cuts_only_the_graph_name() -> None:
    quads = _graph(A)
    expected = _triples(quads)
    for graph in (A, ox.BlankNode("g1"), ox.DefaultGraph()):
        moved = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
        parsed = ox.parse(graph_ntriples(graph, moved), format=ox.RdfFormat.N_TRIPLES)
        assert _triples(list(parsed)) == expected
