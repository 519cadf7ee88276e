"""Countries named by their adjective: "French envoy X", "the Japanese foreign minister".

A role's organization is often written only as a country adjective, in articles that never
name the country itself. The adjectives come from ``kg/data/demonyms.tsv`` (every country
and territory of dr5hn/countries-states-cities-database, its ``nationality`` column; country
names as news writes them where the source's differ, "Cote D'Ivoire (Ivory Coast)" ->
"Ivory Coast"; adjectives shared by two countries, "Congolese" and "Dominican", left out,
"Chinese" kept for China only). An adjective takes the article's own entity for its country
when there is one, else a new entity for the country, linked to the knowledge base when the
linker finds it there; such an entity is added to the article only when a role or a speaker
uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from kg.extract.entities import entity_key
from kg.link import Linker
from kg.names import demonyms, name_key
from kg.records import Entity, EntityType


@dataclass
class CountryAdjectives:
    """The countries one article names by adjective, resolved to its entities or to new ones."""

    linker: Linker
    places: dict[str, str]  # name key of each name of the article's places and organizations -> entity key
    wikidata: dict[str, str]  # QID -> entity key, of the article's linked entities
    added: dict[str, Entity] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)  # adjective -> entity key: each linked once an article

    @classmethod
    def build(cls, entities: tuple[Entity, ...], known_names: dict[str, tuple[str, ...]], linker: Linker) -> CountryAdjectives:
        places: dict[str, str] = {}
        for entity in entities:
            if entity.type in (EntityType.PLACE, EntityType.ORGANIZATION):
                for name in (entity.name, *entity.aliases, *known_names.get(entity.key, ())):
                    places.setdefault(name_key(name), entity.key)
        wikidata = {e.wikidata: e.key for e in entities if e.wikidata}
        return cls(linker, places, wikidata)

    def is_adjective(self, token: Token) -> bool:
        return self.adjective_at(token) is not None

    def adjective_at(self, token: Token) -> str | None:
        """The country adjective ``token`` ends: "French", or "South Korean" read from its last word."""
        doc = token.doc
        if token.i >= 1 and name_key(doc[token.i - 1 : token.i + 1].text) in demonyms():
            return name_key(doc[token.i - 1 : token.i + 1].text)
        key = name_key(token.text)
        return key if key in demonyms() and token.text[:1].isupper() else None

    def country_at(self, token: Token) -> str | None:
        """The entity key of the country the adjective at ``token`` names, else None."""
        adjective = self.adjective_at(token)
        if adjective is None:
            return None
        if adjective not in self.resolved:
            self.resolved[adjective] = self._country(demonyms()[adjective])
        return self.resolved[adjective]

    def _country(self, country: str) -> str:
        """The article's entity for ``country``, else a new one (linked when the knowledge base has it)."""
        link = self.linker.link([country], EntityType.PLACE.value)
        if link is not None and link.qid in self.wikidata:
            return self.wikidata[link.qid]
        if name_key(country) in self.places:
            return self.places[name_key(country)]
        item = self.linker.kb.get(link.qid) if link is not None else None
        name = item.label if item is not None else country
        key = entity_key(name, EntityType.PLACE, link.qid if link else None)
        if key not in self.added:
            self.added[key] = Entity(key, name, EntityType.PLACE, (), link.qid if link else None,
                                     link.confidence if link else None)
        return key

    def used(self, keys: set[str]) -> tuple[Entity, ...]:
        """The countries added for adjectives that ``keys`` (roles' organizations, speakers) refer to."""
        return tuple(entity for key, entity in self.added.items() if key in keys)
