"""Extraction records to RDF quads: one named graph per article, and the shared graph of entities.

An article's graph holds what the article says: its text and metadata, the entities it
mentions, the mentions, statements, roles and exercise facts. An entity's description (its
class, labels and Wikidata link) is the same whichever article names it, so it goes into one
shared graph, ``ENTITIES_GRAPH``, where a store keeps each triple once: queries find an
entity by its label once, not once per article that names it.

IRIs are minted from stable inputs only (the article's source, entity keys, character
offsets), so two runs or two machines produce the same IRIs and shards merge without
coordination. No blank nodes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from kg.names import slug
from kg.rdf.vocab import ITSRDF, KG, NIF, OWL, PROV, RDF, RESOURCE_BASE, SDO, SKOS, WIKIDATA_ENTITY, XSD
from kg.records import EntityType, Extraction, Span, StatementKind

CLASS_OF_TYPE = {
    EntityType.PERSON: SDO.Person,
    EntityType.ORGANIZATION: SDO.Organization,
    EntityType.PLACE: SDO.Place,
    EntityType.EVENT: SDO.Event,
    EntityType.EXERCISE: KG.MilitaryExercise,
}
KIND_CONCEPT = {
    StatementKind.DIRECT: KG.DirectSpeech,
    StatementKind.INDIRECT: KG.IndirectSpeech,
    StatementKind.MIXED: KG.MixedSpeech,
}


@lru_cache(maxsize=None)
def vocab(iri: str) -> NamedNode:
    """A class, property, datatype or concept of the vocabulary: a closed set, made once each."""
    return NamedNode(iri)


def _hash(text: str, length: int) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


ENTITIES_GRAPH = f"{RESOURCE_BASE}graph/entities"
ARTICLE_BASE = f"{RESOURCE_BASE}article/"


def is_article_graph(iri: str) -> bool:
    """A graph that a build replaces article by article (not the shared graph, nor a user's own)."""
    return iri.startswith(ARTICLE_BASE)


def article_iri(source: str) -> str:
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"{ARTICLE_BASE}{slug(stem)[:60]}-{_hash(source, 8)}"


def entity_iri(key: str) -> str:
    return f"{RESOURCE_BASE}entity/{key}"


def mention_iri(article: str, span: Span) -> str:
    return f"{article}#char={span.begin},{span.end}"


def statement_iri(article: str, span: Span) -> str:
    return f"{article}/statement/{span.begin}-{span.end}"


def position_iri(holder: str, role: str, organization: str | None) -> str:
    identity = "|".join((holder, role.casefold(), organization or ""))
    return f"{RESOURCE_BASE}position/{_hash(identity, 16)}"


def activity_iri(version: str) -> str:
    return f"{RESOURCE_BASE}run/kg-{version}"


def agent_iri(version: str) -> str:
    return f"{RESOURCE_BASE}software/kg-{version}"


def _date(value: str) -> Literal:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=vocab(datatype))


def _en(text: str) -> Literal:
    return Literal(text, language="en")


def _int(value: int, datatype: str = str(XSD.nonNegativeInteger)) -> Literal:
    return Literal(str(value), datatype=vocab(datatype))


def article_quads(extraction: Extraction, version: str) -> Iterator[Quad]:
    """All quads of one article, each once and in a fixed order: its own graph's, then its entities' descriptions.

    The same quad can come twice (two entities named by one phrase share its mention IRI, two
    facts cite one evidence span); dropped here, a graph's quads can be written as they come.
    """
    return iter(dict.fromkeys(_quads_with_repeats(extraction, version)))


def _quads_with_repeats(extraction: Extraction, version: str) -> Iterator[Quad]:
    article = extraction.article
    a = NamedNode(article_iri(article.source))
    g = a

    def q(s: NamedNode, p: str, o: NamedNode | Literal) -> Quad:
        return Quad(s, vocab(p), o, g)

    entity_by_key = {e.key: e for e in extraction.entities}
    activity = NamedNode(activity_iri(version))
    agent = NamedNode(agent_iri(version))
    yield q(activity, RDF.type, vocab(PROV.Activity))
    yield q(activity, PROV.wasAssociatedWith, agent)
    yield q(agent, RDF.type, vocab(PROV.SoftwareAgent))
    yield q(agent, SDO.name, Literal("kg"))
    yield q(agent, SDO.softwareVersion, Literal(version))

    yield q(a, RDF.type, vocab(SDO.NewsArticle))
    yield q(a, RDF.type, vocab(NIF.Context))
    yield q(a, KG.source, Literal(article.source))
    yield q(a, NIF.isString, Literal(article.text))
    yield q(a, SDO.inLanguage, Literal("en"))
    yield q(a, PROV.wasGeneratedBy, activity)
    if article.title:
        yield q(a, SDO.headline, Literal(article.title))
    if article.url:
        yield q(a, SDO.url, Literal(article.url, datatype=vocab(XSD.anyURI)))
    if article.published:
        yield q(a, SDO.datePublished, _date(article.published))
    for role, name, kind in (
        (SDO.publisher, article.publisher, EntityType.ORGANIZATION),
        (SDO.locationCreated, article.dateline_place, EntityType.PLACE),
    ):
        key = _key_named(extraction, name, kind) if name else None
        if key:
            yield q(a, role, NamedNode(entity_iri(key)))

    for entity in extraction.entities:
        e = NamedNode(entity_iri(entity.key))
        yield q(a, SDO.mentions, e)
        if entity.wikidata:  # how sure this article's linking was: the article's, not the entity's
            yield q(e, KG.linkConfidence, Literal(f"{entity.confidence:.3f}", datatype=vocab(XSD.decimal)))

    for mention in extraction.mentions:
        m = NamedNode(mention_iri(str(a.value), mention.span))
        # the anchor is the text at the offsets ("Black and Baltic seas" names two entities)
        yield from _offset_string(q, m, a, mention.span, article.text[mention.span.begin : mention.span.end])
        yield q(m, RDF.type, vocab(NIF.Phrase))
        yield q(m, ITSRDF.taIdentRef, NamedNode(entity_iri(mention.entity_key)))

    for statement in extraction.statements:
        s = NamedNode(statement_iri(str(a.value), statement.span))
        yield q(s, RDF.type, vocab(KG.Statement))
        yield from _offset_string(q, s, a, statement.span, None)
        if statement.kind != StatementKind.INDIRECT:
            yield q(s, RDF.type, vocab(SDO.Quotation))
        yield q(s, SDO.text, Literal(statement.text))
        yield q(s, KG.statementKind, vocab(KIND_CONCEPT[statement.kind]))
        yield q(s, KG.speakerText, Literal(statement.speaker_text))
        yield q(s, SDO.isPartOf, a)
        yield q(s, PROV.wasGeneratedBy, activity)
        if statement.speech_verb:
            yield q(s, KG.speechVerb, Literal(statement.speech_verb))
        for key in statement.speaker_keys:  # every speaker of a joint statement ("X and Y said")
            yield q(s, KG.speaker, NamedNode(entity_iri(key)))
        for span in statement.speaker_mentions:
            yield q(s, KG.speakerMention, NamedNode(mention_iri(str(a.value), span)))
        if statement.date:
            yield q(s, SDO.dateCreated, _date(statement.date))
        for key in statement.mentioned_keys:
            yield q(s, SDO.mentions, NamedNode(entity_iri(key)))

    for fact in extraction.positions:
        p = NamedNode(position_iri(fact.holder_key, fact.role, fact.organization_key))
        evidence = NamedNode(mention_iri(str(a.value), fact.evidence))
        yield q(p, RDF.type, vocab(KG.PositionHolding))
        yield q(p, KG.holder, NamedNode(entity_iri(fact.holder_key)))
        yield q(p, SDO.roleName, Literal(fact.role))
        if fact.organization_key:
            yield q(p, KG.inOrganization, NamedNode(entity_iri(fact.organization_key)))
        yield q(p, PROV.wasDerivedFrom, evidence)
        yield from _offset_string(q, evidence, a, fact.evidence, extraction.article.text[fact.evidence.begin : fact.evidence.end])

    for exercise in extraction.exercises:
        x = NamedNode(entity_iri(exercise.exercise_key))
        links = ((SDO.location, exercise.locations), (SDO.organizer, exercise.organizers), (KG.participant, exercise.participants))
        for predicate, keys in links:
            for key in keys:
                if key in entity_by_key:
                    yield q(x, predicate, NamedNode(entity_iri(key)))
        if exercise.personnel is not None:
            yield q(x, KG.personnelCount, _int(exercise.personnel, str(XSD.integer)))
        if exercise.start:
            yield q(x, SDO.startDate, _date(exercise.start))
        if exercise.end:
            yield q(x, SDO.endDate, _date(exercise.end))

    yield from entity_descriptions(extraction)


def entity_descriptions(extraction: Extraction) -> Iterator[Quad]:
    """The description of each entity the article names, in the shared graph (after the article's, so
    that a writer makes one block of each)."""
    graph = vocab(ENTITIES_GRAPH)
    for entity in extraction.entities:
        e = NamedNode(entity_iri(entity.key))
        yield Quad(e, vocab(RDF.type), vocab(CLASS_OF_TYPE[entity.type]), graph)
        yield Quad(e, vocab(SKOS.prefLabel), _en(entity.name), graph)
        for alias in entity.aliases:
            yield Quad(e, vocab(SKOS.altLabel), _en(alias), graph)
        if entity.wikidata:
            yield Quad(e, vocab(OWL.sameAs), NamedNode(WIKIDATA_ENTITY + entity.wikidata), graph)


def _offset_string(q, node: NamedNode, article: NamedNode, span: Span, anchor: str | None) -> Iterator[Quad]:  # type: ignore[no-untyped-def]
    yield q(node, RDF.type, vocab(NIF.OffsetBasedString))
    yield q(node, NIF.beginIndex, _int(span.begin))
    yield q(node, NIF.endIndex, _int(span.end))
    yield q(node, NIF.referenceContext, article)
    if anchor is not None:
        yield q(node, NIF.anchorOf, Literal(anchor))


def _key_named(extraction: Extraction, name: str, kind: EntityType) -> str | None:
    """The entity of this article that a metadata name (publisher, dateline place) refers to."""
    from kg.names import translit_key

    wanted = translit_key(name.split("(")[0])
    for entity in extraction.entities:
        if entity.type == kind and wanted in {translit_key(n) for n in (entity.name, *entity.aliases)}:
            return entity.key
    return None
