"""Named military exercises and their facts: the real pipeline on short articles."""

from __future__ import annotations

from kg.extract.article import extract
from kg.ingest import prepare
from kg.records import Article, EntityType, Extraction

TEXT = """NATO Launches Drills in Norway

OSLO, Oct. 25 (Reuters) - NATO began its largest exercise since the Cold War on Thursday, with 50,000 troops from 31 countries taking part in Trident Juncture 2018 in Norway.

"The exercise is defensive," said Admiral James Foggo, who commands the drills.
"""


def _extracted(pipeline, text: str) -> Extraction:  # type: ignore[no-untyped-def]
    article = prepare(Article(source="exercise.txt", text=text))
    return extract(article, pipeline.nlp(article.text), pipeline.linker)


def test_an_exercise_troops_take_part_in_is_found_with_its_facts(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = _extracted(pipeline, TEXT)
    names = {e.key: e.name for e in extraction.entities}
    [exercise] = [e for e in extraction.entities if e.type == EntityType.EXERCISE]
    assert exercise.name == "Trident Juncture 2018"
    [fact] = extraction.exercises
    assert [names[k] for k in fact.locations] == ["Norway"]
    assert fact.personnel == 50000
    assert [names[k] for k in fact.participants] == ["NATO"]  # not Oslo, the dateline's place


def test_a_name_with_a_year_without_an_exercise_noun_is_not_an_exercise(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Leaders Meet in Vilnius\n\nThousands of delegates are taking part in Vilnius Summit 2023, officials said.\n"
    assert not [e for e in _extracted(pipeline, text).entities if e.type == EntityType.EXERCISE]
