"""Entity types from the sentence (kg.extract.type_cues) where the small model's label is wrong and
the knowledge base does not link the name. The sentences are made up; the names are not in the KB."""

from __future__ import annotations

from kg.records import EntityType
from tests.conftest import extract_text


def _types(pipeline, text: str) -> dict[str, EntityType]:  # type: ignore[no-untyped-def]
    return {e.name: e.type for e in extract_text(pipeline, "types.txt", text).entities}


def test_entity_types_speaker_with_personal_pronoun_is_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "In her briefing on Tuesday, Sheinbaum stressed that Mexico would not accept foreign troops."
    assert _types(pipeline, text)["Sheinbaum"] == EntityType.PERSON


def test_entity_types_pronoun_after_the_quotation_is_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ('In a press conference, Sheinbaum emphasized, "Nobody is coming with an army... there will be no '
            'invasion." Her comments came after a report in a newspaper.')
    assert _types(pipeline, text)["Sheinbaum"] == EntityType.PERSON


def test_entity_types_object_of_shelling_is_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _types(pipeline, "Rebels shelled Bahawalpur overnight, officials said.")["Bahawalpur"] == EntityType.PLACE


def test_entity_types_cities_of_a_list_are_places(pipeline) -> None:  # type: ignore[no-untyped-def]
    types = _types(pipeline, "Missiles hit the cities of Bahawalpur, Muridke and Kotli, the army said.")
    assert [types[n] for n in ("Bahawalpur", "Muridke", "Kotli")] == [EntityType.PLACE] * 3


def test_entity_types_trapped_in_is_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Thousands of civilians remain trapped in Tal Haddar without food. Aid groups said the siege of "
            "Tal Haddar had lasted months. Fighting in Tal Haddar continued.")
    assert _types(pipeline, text)["Tal Haddar"] == EntityType.PLACE


def test_entity_types_seas_head_makes_a_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The group said it would target ships in the Red and Arabian Seas, as well as the Indian Ocean."
    assert _types(pipeline, text)["Arabian Seas"] == EntityType.PLACE


def test_entity_types_struck_names_in_a_list_are_places(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _types(pipeline, "Drones struck Qarvelin and Dostabad on Sunday, the governor said.")["Dostabad"] \
        == EntityType.PLACE


def test_entity_types_fled_to_joins_the_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Israel ordered Palestinians living in Rafah to leave. More than a million people have fled to Rafah, "
            "where the group is believed to have regrouped. Many Palestinians in Rafah celebrated.")
    entities = [e for e in extract_text(pipeline, "types.txt", text).entities if e.name == "Rafah"]
    assert [e.type for e in entities] == [EntityType.PLACE]


def test_entity_types_apposed_role_noun_is_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "On Friday, Oleksandr Merezhko, an adviser to the parliament, rejected the claim."
    assert _types(pipeline, text)["Oleksandr Merezhko"] == EntityType.PERSON
