"""article_quads: an article's records as the quads of its named graph and its entities' descriptions."""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.rdf.mapping import ENTITIES_GRAPH, article_quads
from kg.records import Article, Entity, EntityType, Extraction, Mention, PositionFact, Span

TEXT = "Ships sailed in the Black and Baltic seas, said Navy chief Admiral Jones."
SEAS = Span(20, 41)  # "Black and Baltic seas": one phrase, two entities
CHIEF = Span(48, 72)


def _extraction() -> Extraction:
    return Extraction(
        article=Article(source="seas.txt", text=TEXT),
        entities=(
            Entity("Black_Sea", "Black Sea", EntityType.PLACE),
            Entity("Baltic_Sea", "Baltic Sea", EntityType.PLACE),
            Entity("Jones", "Jones", EntityType.PERSON),
        ),
        mentions=(
            Mention(SEAS, TEXT[SEAS.begin : SEAS.end], "Black_Sea"),
            Mention(SEAS, TEXT[SEAS.begin : SEAS.end], "Baltic_Sea"),
            Mention(CHIEF, TEXT[CHIEF.begin : CHIEF.end], "Jones"),
        ),
        positions=(  # the same role stated twice, from the same evidence
            PositionFact("Jones", "Navy chief", None, CHIEF),
            PositionFact("Jones", "Navy chief", None, CHIEF),
        ),
    )


def test_mapping_article_quads_are_each_made_once() -> None:
    """The graph's quads can then be written as they come, with no duplicate to drop."""
    quads = list(article_quads(_extraction(), "0.test"))
    assert len(quads) == len(set(quads))


def test_mapping_shared_mention_keeps_both_entities() -> None:
    quads = list(article_quads(_extraction(), "0.test"))
    referents = {str(q.object)[1:-1] for q in quads if q.predicate.value.endswith("#taIdentRef")}
    assert referents == {"https://w3id.org/newskg/resource/entity/" + key for key in ("Black_Sea", "Baltic_Sea", "Jones")}



def test_mapping_entity_descriptions_go_to_the_shared_graph_after_the_article() -> None:
    """Labels, classes and Wikidata links once per store; the article's graph says which entities it mentions."""
    quads = list(article_quads(_extraction(), "0.test"))
    article = quads[0].graph_name
    described = [q for q in quads if q.graph_name == NamedNode(ENTITIES_GRAPH)]
    assert {q.object.value for q in described if q.predicate.value.endswith("#prefLabel")} == {"Black Sea", "Baltic Sea", "Jones"}
    assert not [q for q in quads if q.graph_name == article and q.predicate.value.endswith(("#prefLabel", "#altLabel"))]
    assert {q.graph_name for q in quads} == {article, NamedNode(ENTITIES_GRAPH)}
    assert quads[-len(described):] == described  # one block per article for writers and loaders
