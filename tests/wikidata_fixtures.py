"""A local stand-in for query.wikidata.org: Oxigraph serving Wikidata-shaped RDF made from our KB.

The data is the shipped KB merged with the dump slice in tests/data/wikidata/ (which brings
facts: P17, P39, P625), written the way Wikidata's RDF writes it::

    wd:Q76 rdfs:label "Barack Obama"@en ; skos:altLabel "Obama"@en ;
           schema:description "American politician, ..."@en ; wdt:P31 wd:Q5 ; wdt:P39 wd:Q11696 .

Aliases in Cyrillic are tagged @ru (they are Russian names), so English-only lookups can be
tested. People without P31 in the KB get ``wdt:P31 wd:Q5`` (human): every person item is one.
"""

from __future__ import annotations

import re
import socket
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.kb import KBItem, KnowledgeBase
from kg.kb_import import from_json_dump
from kg.rdf.vocab import WIKIDATA_ENTITY
from kg.wikidata import GEO_WKT_LITERAL, WDT, qid_of
from tests.servers import Server, oxigraph_server

DATA = Path(__file__).resolve().parent / "data" / "wikidata"
SLICE = DATA / "slice.json"
TODAY = date(2024, 5, 1)

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
SCHEMA_DESCRIPTION = ox.NamedNode("http://schema.org/description")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def wikidata_kb() -> KnowledgeBase:
    """The shipped KB with the slice merged in (Q76 gains P39, Moscow P17 and P625)."""
    kb = KnowledgeBase.load()
    kb.merge(from_json_dump(SLICE, today=TODAY))
    return kb


def item_triples(item: KBItem) -> Iterator[ox.Triple]:
    subject = ox.NamedNode(WIKIDATA_ENTITY + item.qid)
    yield ox.Triple(subject, RDFS_LABEL, ox.Literal(item.label, language="en"))
    for alias in item.aliases:
        yield ox.Triple(subject, SKOS_ALT, ox.Literal(alias, language="ru" if _CYRILLIC.search(alias) else "en"))
    if item.description:
        yield ox.Triple(subject, SCHEMA_DESCRIPTION, ox.Literal(item.description, language="en"))
    p31 = item.p31 or (("Q5",) if item.kind == "person" else ())
    for pid, values in (("P31", p31), *item.facts.items()):
        for value in values:
            if qid_of(WIKIDATA_ENTITY + value):
                obj: ox.NamedNode | ox.Literal = ox.NamedNode(WIKIDATA_ENTITY + value)
            elif pid == "P625":
                obj = ox.Literal(value, datatype=ox.NamedNode(GEO_WKT_LITERAL))
            else:
                obj = ox.Literal(value)
            yield ox.Triple(subject, ox.NamedNode(WDT + pid), obj)


def wikidata_ntriples(kb: KnowledgeBase) -> bytes:
    return ox.serialize([t for item in kb for t in item_triples(item)], format=ox.RdfFormat.N_TRIPLES) or b""


def load(server: Server, data: bytes) -> None:
    """Add N-Triples to the server's default graph (Graph Store Protocol POST)."""
    assert server.store_url
    request = urllib.request.Request(server.store_url + "?default", data=data, method="POST",
                                     headers={"Content-Type": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status in (200, 201, 204)


@pytest.fixture(scope="module")
def wikidata_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Oxigraph on 127.0.0.1 holding the Wikidata-shaped KB, for the module's tests."""
    with oxigraph_server(tmp_path_factory.mktemp("wikidata") / "data") as server:
        load(server, wikidata_ntriples(wikidata_kb()))
        yield server


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to resolve a host other than this machine fails the lookup (servers run on 127.0.0.1)."""
    real = socket.getaddrinfo

    def local_only(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in ("127.0.0.1", "localhost", "::1", None):
            raise socket.gaierror(socket.EAI_NONAME, f"tests may not reach {host}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)
