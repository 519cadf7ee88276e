"""National capitals and much-cited cities (kg/data/verified-cities.tsv) as datelines and metonyms name them."""

from __future__ import annotations

import pytest

from kg.ingest import prepare
from kg.link import Linker
from kg.records import Article
from tests.conftest import ROOT, extract_text, linked_mentions, links_of, table_rows

TABLE = ROOT / "kg" / "data" / "verified-cities.tsv"

GULF_STORY = """Mediators Push for Second Round

DOHA (Reuters) - Qatari mediators said on Sunday that a second round of talks in Ankara could open next week, after envoys from Tehran and Riyadh spent two days behind closed doors in Doha.

Officials in Geneva said observers were ready to travel, and diplomats in Istanbul and Dubai called the mood cautious. Beijing and New Delhi urged restraint. Traders in Shanghai, Mumbai and New York barely reacted, while a delegation from St Petersburg flew on to The Hague.

NAIROBI, March 3 (AFP) - Officials in Addis Ababa and Kyiv welcomed the news, and Islamabad said it would send an envoy to Cairo.
"""

EXPECTED = {
    "Ankara": "Q3640",
    "Tehran": "Q3616",
    "Riyadh": "Q3692",
    "Doha": "Q3861",
    "Geneva": "Q71",
    "Istanbul": "Q406",
    "Dubai": "Q612",
    "Beijing": "Q956",
    "New Delhi": "Q987",
    "Shanghai": "Q8686",
    "Mumbai": "Q1156",
    "New York": "Q60",
    "St Petersburg": "Q656",
    "Hague": "Q36600",  # the span leaves out "The"
    "NAIROBI": "Q3870",
    "Addis Ababa": "Q3624",
    "Kyiv": "Q1899",  # held before this table: still the same item
    "Islamabad": "Q1362",
    "Cairo": "Q85",
}


def test_capitals_and_cities_in_a_wire_story_link_to_their_items(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Dateline, "talks in X", "X said" and "traders in X": each city name gets its city's item."""
    extraction = extract_text(pipeline, "cities.txt", GULF_STORY)
    assert links_of(extraction, EXPECTED) == EXPECTED


def test_the_opening_dateline_names_a_linkable_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The first dateline is read into the article's metadata; its place is the city the body names."""
    article = prepare(Article(source="cities.txt", text=GULF_STORY))
    assert (article.dateline_place, article.publisher) == ("Doha", "Reuters")
    link = pipeline.linker.link([article.dateline_place], "place")
    assert link is not None and link.qid == "Q3861"


SKIPPED_STORY = """Storm Season Opens

KINGSTON, June 2 (Reuters) - Officials in Kingston said the first storm of the season had weakened.

A spokesman in Tripoli said the port was open. Georgetown and Victoria reported heavy rain, and flights to San Jose and Panama City were cancelled.
"""


def test_names_of_several_important_places_stay_unlinked(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The table leaves out Kingston (Jamaica, Ontario, London), Tripoli (Libya, Lebanon), Georgetown,
    Victoria, San José and Panama City: nothing in the text says which one is meant."""
    extraction = extract_text(pipeline, "skipped.txt", SKIPPED_STORY)
    linked = linked_mentions(extraction)
    names = ("Kingston", "Tripoli", "Georgetown", "Victoria", "San Jose", "Panama City")
    assert set(names) <= set(linked)  # found as names, only not linked
    assert {name: linked[name] for name in names} == dict.fromkeys(names)


@pytest.mark.parametrize("name", ["Kingston", "Tripoli", "Georgetown", "Victoria", "San José", "San Jose",
                                  "Panama City", "Nassau", "Malé", "Sucre", "Aden", "Davos"])
def test_skipped_names_have_no_city_item(linker: Linker, name: str) -> None:
    assert linker.link([name], "place") is None


@pytest.mark.parametrize(("name", "qid"), [
    ("Kiev", "Q1899"), ("Kishinev", "Q21197"), ("Chisinau", "Q21197"), ("Peking", "Q956"), ("Bombay", "Q1156"),
    ("Calcutta", "Q1348"), ("Bangalore", "Q1355"), ("Rangoon", "Q37995"), ("Nur-Sultan", "Q1520"),
    ("Astana", "Q1520"), ("Ulan Bator", "Q23430"), ("Nay Pyi Taw", "Q37400"), ("Sana'a", "Q2471"),
    ("Bogota", "Q2841"), ("Sao Paulo", "Q174"), ("Zurich", "Q72"), ("Den Haag", "Q36600"), ("NYC", "Q60"),
    ("St. Petersburg", "Q656"), ("Santiago", "Q2887"),
])
def test_alternative_spellings_reach_the_same_city(linker: Linker, name: str, qid: str) -> None:
    link = linker.link([name], "place")
    assert link is not None and link.qid == qid


def test_a_person_named_like_a_capital_is_not_the_city(linker: Linker) -> None:
    """Type compatibility keeps "Sofia" the person apart from Sofia the capital of Bulgaria."""
    assert linker.link(["Sofia"], "person") is None
    link = linker.link(["Sofia"], "place")
    assert link is not None and link.qid == "Q472"


def test_every_row_is_a_sourced_place_that_no_other_table_holds() -> None:
    header, *lines = table_rows(TABLE)
    rows = [dict(zip(header, line)) for line in lines]
    assert len(rows) >= 200
    qids = [row["qid"] for row in rows]
    assert len(qids) == len(set(qids))
    assert all(row["type"] == "place" and row["label"] and row["description"] for row in rows)
    assert all("find_string id" in row["evidence"] or "@" in row["evidence"] for row in rows)
    others: set[str] = set()
    for path in sorted(TABLE.parent.glob("verified*.tsv")):
        if path != TABLE:
            others |= {line[0] for line in table_rows(path)[1:]}
    assert not others & set(qids)
    assert "Q61" not in qids and "Washington" not in {row["label"] for row in rows}  # Washington is handled elsewhere
