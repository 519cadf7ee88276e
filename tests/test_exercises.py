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


ZAPAD = """Poland Moves Troops as Zapad Drills Begin

WARSAW (AFP) — Poland has moved 10,000 soldiers to its border with Belarus as Russia and Belarus start the Zapad-2025 military exercise, Polish Defence Minister Wladyslaw Kosiniak-Kamysz said on Friday.

The drills, which run from September 12 to 16, will be held in Belarus and western Russia, according to the Belarusian defence ministry.

Speaking in Vilnius, Lithuanian President Gitanas Nauseda said the exercise was a threat.
"""


def test_the_drills_of_the_one_exercise_named_give_its_dates_and_places(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = _extracted(pipeline, ZAPAD)
    names = {e.key: e.name for e in extraction.entities}
    [fact] = extraction.exercises
    assert names[fact.exercise_key] == "Zapad-2025"
    assert (fact.start, fact.end) == ("2025-09-12", "2025-09-16")
    assert sorted(names[k] for k in fact.locations) == ["Belarus", "Russia"]  # not Vilnius: Nauseda spoke there


def test_a_hyphenated_surname_is_the_person_named_in_full(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ZAPAD + '\n"Zapad is a threat to our security," Kosiniak-Kamysz told TVN24.\n'
    extraction = _extracted(pipeline, text)
    persons = [e.name for e in extraction.entities if e.type == EntityType.PERSON]
    assert "Kosiniak-Kamysz" not in persons and "Wladyslaw Kosiniak-Kamysz" in persons
    [quote] = [s for s in extraction.statements if s.text.startswith("Zapad is a threat")]
    assert [{e.key: e.name for e in extraction.entities}[key] for key in quote.speaker_keys] == ["Wladyslaw Kosiniak-Kamysz"]


def test_a_headline_ending_in_drills_does_not_make_the_dateline_place_an_exercise(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Baltic Allies Begin Drills\n\nVILNIUS (Reuters) - Lithuanian troops began exercise Iron Wolf 2025 on Monday.\n"
    exercises = [e.name for e in _extracted(pipeline, text).entities if e.type == EntityType.EXERCISE]
    assert exercises == ["Iron Wolf 2025"]


def test_countries_the_troops_holding_an_exercise_come_from_take_part(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Baltic Allies Begin Drills\n\nVILNIUS (Reuters) - Troops from Poland, Lithuania and Latvia began "
            "a two-week exercise called Iron Wolf 2025 on Monday, the Lithuanian army said.\n")
    extraction = _extracted(pipeline, text)
    names = {e.key: e.name for e in extraction.entities}
    [fact] = extraction.exercises
    assert sorted(names[k] for k in fact.participants) == ["Latvia", "Lithuania", "Poland"]


def test_a_common_noun_compounded_onto_a_role_is_part_of_the_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "EU Adopts Sanctions\n\nBRUSSELS (AP) - EU foreign policy chief Kaja Kallas said the package was agreed.\n"
    extraction = _extracted(pipeline, text)
    names = {e.key: e.name for e in extraction.entities}
    assert [(names[p.holder_key], p.role, names.get(p.organization_key or "")) for p in extraction.positions] == [
        ("Kaja Kallas", "foreign policy chief", "European Union")]
