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


def test_a_title_word_before_a_role_noun_is_no_entity(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Supreme Leader X", "Interior Minister X": the model tags the first word of the title as an organization."""
    extraction = extract_text(pipeline, "titles.txt", (
        "Venezuela's Supreme Leader Ramon Castillo rejected the offer on Sunday.\n\n"
        "Gunfire was heard overnight in the capital, while Interior Minister Nadim Karam said the police "
        "had restored order.\n"))
    assert {"Ramon Castillo", "Nadim Karam"} <= _names(extraction)
    assert not _names(extraction) & {"Supreme", "Interior"}


def test_a_word_capitalised_by_its_place_is_no_entity(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A section heading ("‘Flagrant breach’") and a sentence starting with a plural noun ("Strikes …"): the
    capital is the position's; the organization the article names under the heading stays."""
    extraction = extract_text(pipeline, "heading.txt", (
        "Residents swept glass from the streets on Saturday.\n\n"
        "'Flagrant breach'\n\n"
        "A Hezbollah statement said two bridges had been destroyed.\n\n"
        "Strikes earlier this week destroyed two bridges, the army said.\n"))
    assert "Hezbollah" in _names(extraction)
    assert not _names(extraction) & {"Flagrant", "Strikes"}


def test_an_acronym_of_a_common_noun_is_no_entity(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"a surface-to-air missile (SAM)", "unmanned aerial vehicles (UAVs)": abbreviations of things, not names."""
    extraction = extract_text(pipeline, "acronyms.txt", (
        "The frigate intercepted a surface-to-air missile (SAM) and three unmanned aerial vehicles (UAVs) "
        "near the coast, the navy said. Two more UAVs were downed later.\n"))
    assert not _names(extraction) & {"SAM", "UAVs", "UAV"}


def test_adjectives_of_nationality_and_faith_are_no_entities(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = extract_text(pipeline, "communities.txt", (
        "Fighting broke out between Druze militias and Sunni Bedouin tribes near the town. "
        "Azerbaijani officials said the border was calm.\n"))
    assert not _names(extraction) & {"Druze", "Sunni Bedouin", "Bedouin", "Azerbaijani"}


def test_a_place_in_the_name_of_an_agreement_is_no_mention(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"the 2011 Vienna Document" is a document (not annotated), and names no place; nor is an agreement an organization."""
    extraction = extract_text(pipeline, "document.txt", (
        "Moscow said it no longer felt bound by the 2011 Vienna Document on military transparency. "
        "The pact builds on the Minsk Agreements, diplomats in Berlin said.\n"))
    assert {"Moscow", "Berlin"} <= _names(extraction)
    assert not _names(extraction) & {"Vienna", "Minsk Agreements"}


def test_a_family_name_written_first_joins_the_one_full_name_it_starts(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Chinese names put the family name first: "Guo Meilan … Guo added" is one spokeswoman. Where two full
    names start with the word ("Kim Young-sam and Kim Dae-jung … Kim said"), which one is not for a rule to guess."""
    guo = extract_text(pipeline, "guo.txt", (
        "Foreign ministry spokeswoman Guo Meilan said on Tuesday that the visit was a provocation. "
        "Guo added that Beijing would take firm countermeasures.\n"))
    kims = extract_text(pipeline, "kims.txt", (
        "Kim Young-sam and Kim Dae-jung met in the capital. Kim said the talks had gone well.\n"))
    assert [e.name for e in guo.entities if e.type == EntityType.PERSON] == ["Guo Meilan"]
    assert sorted(_mentions_of(guo, "Guo Meilan")) == ["Guo", "Guo Meilan"]
    assert _mentions_of(kims, "Kim Young-sam") == ["Kim Young-sam"]
    assert _mentions_of(kims, "Kim Dae-jung") == ["Kim Dae-jung"]


def test_a_given_name_used_alone_joins_the_full_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Ethiopian and Eritrean names are shortened to the given name: "Haile Gebru … Haile said"."""
    extraction = extract_text(pipeline, "haile.txt", (
        "Information Minister Haile Gebru rejected the report on Monday. Haile said the claims were baseless.\n"))
    assert sorted(_mentions_of(extraction, "Haile Gebru")) == ["Haile", "Haile Gebru"]
    assert "Haile" not in _names(extraction)


def test_a_surname_after_a_lower_case_particle_is_a_mention(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Mr. al-Hakim said": a name may start with its particle in lower case."""
    extraction = extract_text(pipeline, "hakim.txt", (
        "President Omar al-Hakim visited the border on Thursday. Mr. al-Hakim said the army would hold its ground.\n"))
    assert sorted(_mentions_of(extraction, "Omar al-Hakim")) == ["Omar al-Hakim", "al-Hakim"]


def test_a_person_the_model_also_types_as_a_place_is_one_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The model calls the full name a place and the surname a person: the name is the person's."""
    extraction = extract_text(pipeline, "envoy.txt", (
        "The United Nations special envoy for Yemen, Nouri Tamamra, has vowed to step up efforts to end the war.\n\n"
        "Tamamra told reporters in Aden that the UN was working to shift positions. \"We must act now,\" Tamamra said.\n\n"
        "The governor said Tamamra stressed the urgency of a truce. However, he warned against Tamamra's recent "
        "meetings with the rebels.\n"))
    envoy = [e for e in extraction.entities if "Tamamra" in e.name]
    assert [(e.name, e.type) for e in envoy] == [("Nouri Tamamra", EntityType.PERSON)]
    assert len(_mentions_of(extraction, "Nouri Tamamra")) == 5


def test_a_given_name_the_model_left_out_joins_the_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"…, Idriss Temmar, …": the model tags only the surname, everywhere; the full name is written once."""
    extraction = extract_text(pipeline, "chad.txt", (
        "The United Nations special envoy for Chad, Idriss Temmar, has pledged to push harder for an end to the "
        "fighting.\n\nTemmar told journalists in N'Djamena that the UN was trying to change positions.\n\n"
        "\"We need a real change on the ground,\" Temmar said.\n"))
    assert "Idriss Temmar" in _names(extraction)
    assert "Temmar" not in _names(extraction)


def test_a_dateline_in_capitals_does_not_label_the_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"PORT SUDAN, Sudan (AP)" and "in Port Sudan": the label is the spelling of the text, not of the dateline."""
    extraction = extract_text(pipeline, "dateline.txt", (
        "PORT SUDAN, Sudan (AP) -- Aid agencies met in Port Sudan on Monday, officials said.\n"))
    assert "Port Sudan" in _names(extraction)
    assert "PORT SUDAN" not in _names(extraction)


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
