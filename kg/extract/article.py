"""All extraction for one parsed article: entities, statements, facts."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.countries import CountryAdjectives
from kg.extract.entities import raw_mentions, resolve_entities
from kg.extract.facts import exercise_facts, position_facts
from kg.extract.quotes import find_quotes
from kg.extract.reference import Referents
from kg.extract.speakers import SpeakerContext
from kg.extract.statements import extract_statements
from kg.extract.type_cues import type_cues
from kg.extract.when import parse_iso
from kg.link import Linker
from kg.records import Article, Extraction


def extract(article: Article, doc: Doc, linker: Linker) -> Extraction:
    """Records of one article; ``doc`` is its parse, so its text is ``article.text``.

    The text is read from the article: Doc.text rebuilds it from the tokens on every access.
    """
    text = article.text
    found = raw_mentions(doc, text, article.content)
    entities, mentions = resolve_entities(found, linker, type_cues(doc, [span for span, _, _ in found]))
    descriptions = {
        e.key: linker.kb.get(e.wikidata).description  # type: ignore[union-attr]
        for e in entities
        if e.wikidata and linker.kb.get(e.wikidata) is not None
    }
    known_names = {e.key: linker.kb.get(e.wikidata).names for e in entities if e.wikidata and linker.kb.get(e.wikidata)}  # type: ignore[union-attr]
    referents = Referents.build(doc, entities, mentions, known_names, descriptions, article.dateline)
    countries = CountryAdjectives.build(entities, known_names, linker)
    positions = position_facts(doc, entities, mentions, referents, countries)
    quotes = find_quotes(text, article.content)
    speakers = SpeakerContext.build(doc, article.dateline, entities, mentions, descriptions, referents, positions,
                                    [q.span for q in quotes], countries)
    statements = extract_statements(doc, text, quotes, article.content, speakers, parse_iso(article.published))
    # a country the article names only by adjective ("the French envoy") is an entity of its roles and speakers
    used = {p.organization_key for p in positions} | {key for s in statements for key in s.speaker_keys}
    entities = tuple(sorted(entities + countries.used({k for k in used if k}), key=lambda e: e.key))
    # the dateline says where the reporter is, not where or with whom an exercise is held
    dateline = article.dateline
    body_mentions = tuple(m for m in mentions if dateline is None or not dateline.contains(m.span))
    return Extraction(
        article=article,
        entities=entities,
        mentions=mentions,
        statements=statements,
        positions=positions,
        exercises=exercise_facts(doc, text, entities, body_mentions, article.published),
    )
