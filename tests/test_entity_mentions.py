"""What is a name and whose: junk the model tags, short forms of one person, labels and links.
The real pipeline on short articles written for these tests."""

from __future__ import annotations

from kg.records import EntityType, Extraction
from tests.conftest import extract_text


def _names(extraction: Extraction) -> set[str]:
    return {e.name for e in extraction.entities}


def _mentions_of(extraction: Extraction, name: str) -> list[str]:
    keys = {e.key for e in extraction.entities if e.name == name}
    return [m.text for m in extraction.mentions if m.entity_key in keys]


def test_a_relative_is_not_linked_through_a_surname_alias(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Trump" and "Biden" are knowledge-base aliases of Donald Trump and Joe Biden, but "Melania Trump …
    Trump told pupils" and "Hunter Biden … Biden pleaded" name other people; Donald Trump still links."""
    melania = extract_text(pipeline, "melania.txt", (
        "First lady Melania Trump visited a school in Ohio on Monday. Trump told pupils that reading mattered.\n"))
    hunter = extract_text(pipeline, "hunter.txt", (
        "Hunter Biden appeared in court on Tuesday. Biden pleaded not guilty to the charges, his lawyer said.\n"))
    donald = extract_text(pipeline, "donald.txt", (
        "President Donald Trump spoke on Monday. Trump said the talks had gone well.\n"))
    assert [(e.name, e.wikidata) for e in melania.entities if e.type == EntityType.PERSON] == [("Melania Trump", None)]
    assert [(e.name, e.wikidata) for e in hunter.entities if e.type == EntityType.PERSON] == [("Hunter Biden", None)]
    assert [(e.name, e.wikidata) for e in donald.entities if e.type == EntityType.PERSON] == [("Donald Trump", "Q22686")]


def test_an_honorific_before_a_name_does_not_keep_it_from_linking(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Daw Aung San Suu Kyi": the Burmese honorific is no part of the name; linked, she takes the KB's label."""
    extraction = extract_text(pipeline, "daw.txt", (
        "Police arrested two protesters on Monday. Daw Aung San Suu Kyi remains in detention, her lawyer said.\n"))
    assert [(e.name, e.wikidata) for e in extraction.entities if e.type == EntityType.PERSON] == \
        [("Aung San Suu Kyi", "Q36740")]
