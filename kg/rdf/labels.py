"""One label per entity in a build: of the spellings its articles used, the one most of them used.

An unlinked entity's IRI merges romanised endings ("Sergei Shoigu" and "Sergey Shoigu" are both
person/sergey-shoigu) but each article labels it with its own spelling, so the articles of one
build could give an entity two ``skos:prefLabel`` (the shapes allow one, as SKOS does). When the
shards are published, the description of each such entity in every article gets the spelling most
of the build's articles used (ties: ``kg.names.preferred_spelling``), so that the choice depends
neither on the order of the inputs nor on the number of workers; the article's own spelling
becomes an ``skos:altLabel``. Two builds loaded into one store can still leave an entity two labels
(queries/README.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import BinaryIO

import pyoxigraph as ox

from kg.names import preferred_spelling
from kg.rdf.mapping import ENTITIES_GRAPH, entity_iri
from kg.rdf.vocab import SKOS

_PREF = ox.NamedNode(SKOS.prefLabel)
_ALT = ox.NamedNode(SKOS.altLabel)
_SHARED = ox.NamedNode(ENTITIES_GRAPH)


class LabelChoice:
    """The build's label of each entity its articles labelled differently, applied to quads or N-Quads lines.

    ``labels``: (entity key, label) -> how many articles gave the entity that label.
    """

    def __init__(self, labels: Mapping[tuple[str, str], int]) -> None:
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for (key, label), articles in labels.items():
            spellings[key][label] += articles
        self._chosen: dict[ox.NamedNode | ox.BlankNode | ox.Triple, ox.Literal] = {}  # by quad subject
        self._lines: dict[bytes, bytes] = {}  # an N-Quads line of a description -> what replaces it
        for key, counts in spellings.items():
            if len(counts) < 2:
                continue
            entity = ox.NamedNode(entity_iri(key))
            chosen = ox.Literal(preferred_spelling(counts), language="en")
            self._chosen[entity] = chosen
            self._lines[_line(entity, _ALT, chosen)] = b""
            for label in counts:
                own = ox.Literal(label, language="en")
                if own != chosen:
                    self._lines[_line(entity, _PREF, own)] = _line(entity, _PREF, chosen) + _line(entity, _ALT, own)

    def __bool__(self) -> bool:
        return bool(self._chosen)

    def quads(self, quads: list[ox.Quad]) -> list[ox.Quad]:
        """An article's quads, with the build's label in the descriptions of its entities."""
        if not self._chosen:
            return quads
        relabelled: list[ox.Quad] = []
        for quad in quads:
            chosen = self._chosen.get(quad.subject) if quad.graph_name == _SHARED else None
            if chosen is None or quad.predicate not in (_PREF, _ALT):
                relabelled.append(quad)
            elif quad.predicate == _PREF and quad.object != chosen:
                relabelled += [ox.Quad(quad.subject, _PREF, chosen, _SHARED), ox.Quad(quad.subject, _ALT, quad.object, _SHARED)]
            elif not (quad.predicate == _ALT and quad.object == chosen):
                relabelled.append(quad)
        return relabelled

    def copy(self, nquads: Iterable[bytes], out: BinaryIO) -> None:
        """The lines of an N-Quads file written by ``ox.serialize`` (a shard) to ``out``, relabelled the same way."""
        lines = self._lines
        out.writelines(lines.get(line, line) for line in nquads)


def _line(subject: ox.NamedNode, predicate: ox.NamedNode, label: ox.Literal) -> bytes:
    return ox.serialize([ox.Quad(subject, predicate, label, _SHARED)], format=ox.RdfFormat.N_QUADS) or b""
