"""Names the small model cuts short or types wrongly, found whole: the real pipeline on short articles."""

from __future__ import annotations

from kg.records import EntityType
from tests.conftest import extract_text, speakers_of

SUMMIT = """Leaders Agree on Energy Grid Fund

BRUSSELS, Nov. 21 (Reuters) - European leaders agreed on Thursday to set up a fund for cross-border power lines.

Commission President Jutta von der Linden said the fund would cut bills within five years. Von der Linden added that the first projects would start in spring.

Dutch lawmaker Pieter van den Broek said the cost was too high.

The bloc's energy chief Josep Marti Fontelles told reporters the plan was fair. Marti said more money would follow.
"""


def test_a_name_with_particles_is_one_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Jutta von der Linden": the model stops at the particles and tags "Linden" apart."""
    extraction = extract_text(pipeline, "summit.txt", SUMMIT)
    persons = {e.name for e in extraction.entities if e.type == EntityType.PERSON}
    assert "Jutta von der Linden" in persons
    assert not any(e.name in ("Linden", "Jutta von", "Jutta von der") for e in extraction.entities)


def test_a_surname_with_particles_joins_the_full_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Von der Linden added …" is the person named in full before, not an organization of that name."""
    speakers = speakers_of(extract_text(pipeline, "summit.txt", SUMMIT))
    assert speakers["the first projects would start in spring"] == "Jutta von der Linden"
    assert speakers["the fund would cut bills within five years"] == "Jutta von der Linden"


def test_a_speaker_whose_name_the_parse_splits_is_still_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Pieter van den Broek said": the subject is "Broek", a word of the name, not the whole phrase."""
    speakers = speakers_of(extract_text(pipeline, "summit.txt", SUMMIT))
    assert speakers["the cost was too high"] == "Pieter van den Broek"


def test_the_first_of_two_surnames_joins_the_full_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Josep Marti Fontelles … Marti said": Spanish names carry two surnames; the first is used alone."""
    speakers = speakers_of(extract_text(pipeline, "summit.txt", SUMMIT))
    assert speakers["more money would follow"] == "Josep Marti Fontelles"


def test_a_country_adjective_in_the_knowledge_base_is_not_a_name_of_the_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Dutch lawmaker X": "Dutch" is a knowledge-base alias of the Netherlands but no mention of it;
    the country is the lawmaker's, through the adjective."""
    extraction = extract_text(pipeline, "summit.txt", SUMMIT)
    assert not any(m.text == "Dutch" for m in extraction.mentions)
    names = {e.key: e.name for e in extraction.entities}
    assert [names.get(f.organization_key or "") for f in extraction.positions
            if names[f.holder_key] == "Pieter van den Broek"] == ["Netherlands"]


BYLINE = """Kyiv braces for a winter of blackouts

Michael Carter in Warsaw

Ukraine's power grid faces its hardest test yet, he warned on Tuesday, after a wave of Russian strikes on power plants.

Energy Minister Oleksiy Hrytsenko said repairs to the damaged plants would take months.
"""


def test_the_place_a_reporter_files_from_is_no_entity_of_the_story(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Michael Carter in Warsaw" is a byline: neither the reporter nor Warsaw is in the story."""
    extraction = extract_text(pipeline, "byline.txt", BYLINE)
    names = {e.name for e in extraction.entities}
    assert "Warsaw" not in names and "Michael Carter" not in names
    assert speakers_of(extraction)["Ukraine's power grid faces its hardest test yet"] == "Oleksiy Hrytsenko"
