"""The published model: the ontology parses, the vocabulary module matches it, the data conforms."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.cli import main
from kg.rdf.vocab import KG, PREFIXES
from tests.conftest import ROOT

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
DECLARED_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                  OWL.NamedIndividual, URIRef("http://www.w3.org/2004/02/skos/core#Concept"),
                  URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"))


def _declared(graph: Graph) -> set[URIRef]:
    return {s for t in DECLARED_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}


def test_ontology_declares_every_term_of_the_vocabulary_module() -> None:
    ontology = Graph().parse(ONTOLOGY)
    declared = _declared(ontology)
    kg_terms = {URIRef(str(KG._NS) + name) for name in KG.__annotations__}
    assert kg_terms - declared == set()
    assert {t for t in declared if str(t).startswith(str(KG._NS))} - kg_terms == set(), "ontology terms missing from vocab.py"
    assert (URIRef("https://w3id.org/newskg/ontology"), RDF.type, OWL.Ontology) in ontology


def test_ontology_covers_every_term_the_data_uses(seeds_build: Path) -> None:
    data = Graph().parse(seeds_build / "kg.ttl")
    ontology = Graph().parse(ONTOLOGY)
    declared = _declared(ontology)
    used = set(data.predicates()) | set(data.objects(None, RDF.type))
    builtin = (str(OWL), str(RDF))  # owl:sameAs and rdf:type are part of the languages themselves
    undeclared = {t for t in used if t not in declared and not str(t).startswith(builtin)}
    assert undeclared == set()
    namespaces = tuple(PREFIXES.values())
    assert all(str(t).startswith(namespaces) for t in used)


def test_validate_accepts_the_seeds_graph(seeds_build: Path) -> None:
    assert main(["-q", "validate", str(seeds_build / "kg.ttl")]) == 0


def test_validate_rejects_a_broken_graph(seeds_build: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    graph = Graph().parse(seeds_build / "kg.ttl")
    label = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    nato = URIRef("https://w3id.org/newskg/resource/entity/Q7184")
    graph.remove((nato, label, None))
    statement = next(graph.subjects(RDF.type, KG.Statement))
    graph.add((statement, KG.speaker, URIRef("https://w3id.org/newskg/resource/entity/not-typed")))
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    capsys.readouterr()
    assert main(["-q", "validate", str(broken)]) == 1
    report = capsys.readouterr().out
    assert "prefLabel" in report and "speaker" in report
