"""Government bodies, armed groups and newspapers news quotes as speakers or sources
(``kg/data/verified-government-media.tsv``), and the spellings of leaders' names other wires use
(``kg/data/aliases.tsv``): the real pipeline on a short article of our own.

"The White House said" names the president's office, as "the Kremlin said" names the Presidential
Administration of Russia; the building is another Wikidata item and is left out so the two do not tie.
A newspaper links by its full name, with or without "The"; "Times" or "Journal" alone name no paper.
"""

from __future__ import annotations

import pytest

from kg.kb import read_tsv
from kg.link import Linker
from tests.conftest import ROOT, extract_text, links_of, table_rows

TABLE = ROOT / "kg" / "data" / "verified-government-media.tsv"

BRIEFING = """Envoy Heads Back to the Region

WASHINGTON, June 2 (Reuters) - The White House said on Monday that the envoy would fly out on Wednesday.
The U.S. State Department said a first meeting was planned for Thursday, and the US State Department
added later that no agenda had been agreed. The Pentagon declined to comment.

Armenian Prime Minister Nikol Pashinian said the border had been calm for a week, and Pashinian thanked
the mediators. Syrian President Ahmed al-Shara said he would receive the envoy in Damascus. Turkish
President Tayyip Erdogan said Ankara was ready to host a second round, while Ukrainian President
Volodymyr Zelenskiy said Kyiv had not been consulted.

Hezbollah said in a statement that it would not take part. "Nobody has asked us," a senior official
told The New York Times. The Wall Street Journal and The Guardian first reported the trip, and the
German magazine Der Spiegel said the envoy had carried a letter.
"""

EXPECTED = {
    "White House": "Q1355327",
    "U.S. State Department": "Q789915",
    "US State Department": "Q789915",
    "Pentagon": "Q11209",
    "Nikol Pashinian": "Q7035479",
    "Pashinian": "Q7035479",
    "Ahmed al-Shara": "Q7934206",
    "Tayyip Erdogan": "Q39259",
    "Volodymyr Zelenskiy": "Q3874799",
    "Hezbollah": "Q41053",
    "New York Times": "Q9684",
    "Wall Street Journal": "Q164746",
    "Guardian": "Q11148",
    "Der Spiegel": "Q131478",
}


@pytest.fixture(scope="module")
def briefing(pipeline):  # type: ignore[no-untyped-def]
    return extract_text(pipeline, "government-media.txt", BRIEFING)


def test_bodies_groups_papers_and_spellings_in_a_wire_story_link_to_their_items(briefing) -> None:  # type: ignore[no-untyped-def]
    assert links_of(briefing, EXPECTED) == EXPECTED


def test_the_white_house_and_hezbollah_are_linked_speakers(briefing) -> None:  # type: ignore[no-untyped-def]
    """What they said is theirs, and the speaker carries the item, not only the name."""
    entities = {e.key: e for e in briefing.entities}
    speakers = {entities[key].wikidata for s in briefing.statements for key in s.speaker_keys}
    assert {"Q1355327", "Q41053"} <= speakers


SHORT_TITLES = """Papers Split on the Budget

LONDON, May 4 - The Times said the budget would pass, and the Journal said it would not.
The Financial Times called the vote too close to call. The Post did not take a side.
"""


def test_a_short_newspaper_name_stays_unlinked(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"The Times" is the London paper as often as the New York one; "the Journal" is no one paper either."""
    extraction = extract_text(pipeline, "short-titles.txt", SHORT_TITLES)
    linked = {e.wikidata for e in extraction.entities}
    assert not linked & {"Q9684", "Q164746", "Q11148"}


@pytest.mark.parametrize(("name", "kind", "qid"), [
    ("The White House", "organization", "Q1355327"),
    ("White House", "place", "Q1355327"),  # "at the White House", typed as a place: the office, at a cost
    ("U.S. Department of State", "organization", "Q789915"),
    ("Hizbullah", "organization", "Q41053"),
    ("NYT", "organization", "Q9684"),
    ("WSJ", "organization", "Q164746"),
    ("Spiegel", "organization", "Q131478"),
    ("Recep Tayyip Erdogan", "person", "Q39259"),
])
def test_names_news_writes_link(linker: Linker, name: str, kind: str, qid: str) -> None:
    link = linker.link([name], kind)
    assert link is not None and link.qid == qid


@pytest.mark.parametrize(("name", "kind"), [
    ("Times", "organization"),
    ("Journal", "organization"),
    ("Financial Times", "organization"),
    ("White", "person"),
    ("Pashinian", "person"),  # no bare surname alias: it links only through the full name it follows
])
def test_parts_of_those_names_stay_unlinked(linker: Linker, name: str, kind: str) -> None:
    assert linker.link([name], kind) is None


def test_the_table_is_organizations_with_evidence() -> None:
    items = list(read_tsv(TABLE))
    assert items and all(item.kind == "organization" and item.evidence for item in items)
    assert len({item.qid for item in items}) == len(items)
    assert {len(row) for row in table_rows(TABLE)} == {7}
