"""The sovereign states of ``kg/data/verified-countries.tsv`` in news text: the real pipeline on short articles.

Names shared by two states ("Congo") or by a state and a region ("Korea", "Macedonia") are names of no
item, so they stay unlinked; look-alike names (Niger and Nigeria, Sudan and South Sudan) link apart.
"""

from __future__ import annotations

import pytest

from kg.kb import KnowledgeBase
from kg.link import Linker
from kg.records import EntityType
from tests.conftest import extract_text

SHIPPING = """Shipping Talks Stall Again

DUBAI, March 3 (Reuters) - Talks on the shipping lanes between Iran and Egypt stalled on Monday, two diplomats
said, after a week in which neither side moved on fees or on the inspection of cargo.

Officials from South Korea and Vietnam, whose exporters rely on the route, urged both sides to reach a deal
before the summer. North Macedonia, which chairs a regional forum this year, offered to host the next round.

Aid groups said separately that fighting in eastern Congo had cut the supplies reaching several camps.
"""


def _links(extraction) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {e.name: e.wikidata for e in extraction.entities}


def test_countries_named_in_a_news_story_link_to_their_items(pipeline) -> None:  # type: ignore[no-untyped-def]
    links = _links(extract_text(pipeline, "shipping.txt", SHIPPING))
    assert links["Iran"] == "Q794"
    assert links["Egypt"] == "Q79"
    assert links["South Korea"] == "Q884"
    assert links["Vietnam"] == "Q881"
    assert links["North Macedonia"] == "Q221"


def test_congo_alone_names_neither_congo(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "eastern Congo" is a place of the story, but the Republic of the Congo and the Democratic Republic of
    the Congo both answer to the name: it stays unlinked."""
    extraction = extract_text(pipeline, "shipping.txt", SHIPPING)
    congo = [e for e in extraction.entities if e.name == "Congo"]
    assert [(e.type, e.wikidata) for e in congo] == [(EntityType.PLACE, None)]
    assert not {"Q971", "Q974"} & {e.wikidata for e in extraction.entities}


SAHEL = """Regional Ministers Meet in Niamey

NIAMEY, June 5 (Reuters) - Ministers from Niger and Nigeria met on Thursday to talk about the border, and the
talks ran late into the evening.

Guinea sent its foreign minister, while Guinea-Bissau and Equatorial Guinea were represented by their
ambassadors. Sudan did not attend, and neither did South Sudan, a spokesman for the hosts said.

Dominica and the Dominican Republic, which joined as observers last year, sent written statements.
"""


def test_look_alike_country_names_link_apart(pipeline) -> None:  # type: ignore[no-untyped-def]
    links = _links(extract_text(pipeline, "sahel.txt", SAHEL))
    assert (links["Niger"], links["Nigeria"]) == ("Q1032", "Q1033")
    assert (links["Guinea"], links["Guinea-Bissau"], links["Equatorial Guinea"]) == ("Q1006", "Q1007", "Q983")
    assert (links["Sudan"], links["South Sudan"]) == ("Q1049", "Q958")
    assert (links["Dominica"], links["Dominican Republic"]) == ("Q784", "Q786")


TOUR = """Psychologist Cancels Speaking Tour

TORONTO, May 2 (AP) - Canadian psychologist Jordan Peterson said on Friday that he had cancelled the rest of
his speaking tour. Peterson said his health came first.

The tour was to have ended with talks in Jordan and in Chad later this year, organisers said.
"""


def test_a_person_named_jordan_is_not_the_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A first name that is also a country's name: the person named in full is a person, unlinked to Jordan
    (Q810), while the country named in the same story is the country."""
    extraction = extract_text(pipeline, "tour.txt", TOUR)
    by_name = {e.name: e for e in extraction.entities}
    assert by_name["Jordan Peterson"].type == EntityType.PERSON
    assert by_name["Jordan Peterson"].wikidata is None
    assert by_name["Jordan"].wikidata == "Q810" and by_name["Chad"].wikidata == "Q657"
    names = {e.key: e.name for e in extraction.entities}
    assert {names[m.entity_key] for m in extraction.mentions if m.text == "Peterson"} == {"Jordan Peterson"}


MINISTER = """Cairo Backs Ceasefire Plan

CAIRO, Jan. 9 (Reuters) - Egyptian Foreign Minister Sameh Shoukry said on Tuesday that a ceasefire plan drawn
up by mediators deserved support, and that talks would resume next week.
"""


def test_a_country_adjective_finds_a_country_the_story_never_names(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "Egyptian Foreign Minister X": the minister's country is Egypt, linked, though the story never names it."""
    extraction = extract_text(pipeline, "minister.txt", MINISTER)
    by_key = {e.key: e for e in extraction.entities}
    held = [(by_key[f.holder_key].name, by_key[f.organization_key].wikidata)
            for f in extraction.positions if f.organization_key]
    assert ("Sameh Shoukry", "Q79") in held


@pytest.mark.parametrize("name", ["Congo", "Korea", "Macedonia"])
def test_a_name_shared_by_two_places_is_no_name_of_a_country(name: str) -> None:
    linker = Linker(KnowledgeBase.load())
    assert linker.link([name], EntityType.PLACE.value) is None


GOVERNORS = """Governors Ask for Wildfire Funds

SANTA FE, N.M., Aug. 2 (AP) - Governors of five western states asked Congress on Monday for more money to fight
wildfires. The request was sent from Santa Fe, N.M., where the governors met, aides said.
"""


def test_a_us_state_abbreviation_is_not_a_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = extract_text(pipeline, "governors.txt", GOVERNORS)
    assert "Q221" not in {e.wikidata for e in extraction.entities}
