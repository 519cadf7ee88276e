"""``kg enrich``: selected Wikidata facts about the linked entities, in their own named graph.

For every Wikidata item an entity of the store is linked to (``?e owl:sameAs ?wd``), the graph
``https://w3id.org/newskg/resource/graph/wikidata`` gets Wikidata-shaped triples on the ``wd:``
IRI, exactly as Wikidata's own RDF writes them, so queries written for Wikidata work here:

    wd:Q649 wdt:P31 wd:Q515 ;                                            # instance of
            wdt:P17 wd:Q159 ;                                            # country
            wdt:P625 "Point(37.6175 55.750555555)"^^geo:wktLiteral .     # coordinate location
    wd:Q76  wdt:P39 wd:Q11696 .                                          # position held
    wd:Q159 rdfs:label "Russia"@en .                                     # labels of the values

The facts come from the knowledge base (``KBItem.p31`` and ``KBItem.facts``: offline) or from a
SPARQL endpoint such as query.wikidata.org (online). The whole graph is replaced on each run, so
running it again after a new build gives the facts of the entities linked now.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from kg.kb import KnowledgeBase
from kg.rdf.vocab import RESOURCE_BASE, WIKIDATA_ENTITY
from kg.store import TripleStore
from kg.wikidata import FACT_PROPERTIES, GEO_WKT_LITERAL, WDT, WikidataClient, qid_of

log = logging.getLogger("kg")

ENRICHMENT_GRAPH = RESOURCE_BASE + "graph/wikidata"
ENRICH_PROPERTIES = ("P31", *FACT_PROPERTIES)  # instance of, country, position held, coordinate location
OFFLINE_SOURCE = "https://www.wikidata.org/"
LINKED_QUERY = "PREFIX owl: <http://www.w3.org/2002/07/owl#>\nSELECT DISTINCT ?wd WHERE { ?e owl:sameAs ?wd }"

_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_DCTERMS_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
_WKT = ox.NamedNode(GEO_WKT_LITERAL)


def linked_qids(store: TripleStore) -> list[str]:
    """The Wikidata items that entities of the store are ``owl:sameAs``, in QID order."""
    result = store.query(LINKED_QUERY)
    qids = {qid_of(row.get("wd", {}).get("value", "")) for row in result.get("results", {}).get("bindings", [])}
    return sorted((q for q in qids if q), key=lambda q: (len(q), q))


def kb_facts(kb: KnowledgeBase, qids: Iterable[str],
             properties: Sequence[str] = ENRICH_PROPERTIES) -> dict[str, dict[str, list[str]]]:
    """Facts of these items as the KB holds them (P31 from ``p31``, the rest from ``facts``)."""
    found: dict[str, dict[str, list[str]]] = {}
    for qid in qids:
        item = kb.get(qid)
        if item is None:
            continue
        facts = {pid: list(values) for pid, values in item.facts.items() if pid in properties and values}
        if "P31" in properties and item.p31:
            facts["P31"] = sorted(set(item.p31) | set(facts.get("P31", [])))
        if facts:
            found[qid] = facts
    return found


def _object(pid: str, value: str) -> ox.NamedNode | ox.Literal | None:
    if qid := qid_of(WIKIDATA_ENTITY + value):
        return ox.NamedNode(WIKIDATA_ENTITY + qid)
    if pid == "P625":
        return ox.Literal(value, datatype=_WKT) if value.startswith("Point(") else None
    return ox.Literal(value)


def enrichment_quads(facts: dict[str, dict[str, list[str]]], labels: dict[str, str], source: str) -> list[ox.Quad]:
    """The enrichment graph: the facts, English labels of the items they point to, and the graph's source."""
    graph = ox.NamedNode(ENRICHMENT_GRAPH)
    quads = [ox.Quad(graph, _DCTERMS_SOURCE, ox.NamedNode(source), graph)]
    values: set[str] = set()
    for qid in sorted(facts, key=lambda q: (len(q), q)):
        subject = ox.NamedNode(WIKIDATA_ENTITY + qid)
        for pid in sorted(facts[qid], key=lambda p: (len(p), p)):
            predicate = ox.NamedNode(WDT + pid)
            for value in sorted(set(facts[qid][pid])):
                obj = _object(pid, value)
                if obj is None:
                    continue
                quads.append(ox.Quad(subject, predicate, obj, graph))
                if isinstance(obj, ox.NamedNode):
                    values.add(value)
    for qid in sorted(values, key=lambda q: (len(q), q)):
        if labels.get(qid):
            label = ox.Literal(labels[qid], language="en")
            quads.append(ox.Quad(ox.NamedNode(WIKIDATA_ENTITY + qid), _RDFS_LABEL, label, graph))
    return quads


def _referenced(facts: dict[str, dict[str, list[str]]]) -> set[str]:
    """The QIDs the facts point to (classes, countries, positions)."""
    return {v for props in facts.values() for values in props.values() for v in values if qid_of(WIKIDATA_ENTITY + v)}


def enrich(store: TripleStore, source: KnowledgeBase | WikidataClient, write: bool = True) -> list[ox.Quad]:
    """Facts of the store's linked items from ``source`` into the enrichment graph; returns its quads.

    A :class:`KnowledgeBase` is the offline source; a :class:`WikidataClient` asks its endpoint.
    """
    qids = linked_qids(store)
    if isinstance(source, KnowledgeBase):
        facts = kb_facts(source, qids)
        labels = {q: item.label for q in _referenced(facts) if (item := source.get(q)) is not None}
        origin = OFFLINE_SOURCE
    else:
        facts = source.facts(qids, ENRICH_PROPERTIES) if qids else {}
        referenced = _referenced(facts)
        labels = source.labels(sorted(referenced)) if referenced else {}
        origin = source.endpoint
    quads = enrichment_quads(facts, labels, origin)
    if write:
        store.replace_graphs(quads)
    log.info("%d linked items, %d with facts: %d triples into <%s>", len(qids), len(facts), len(quads), ENRICHMENT_GRAPH)
    return quads
