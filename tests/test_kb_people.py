"""Heads of state and government, foreign ministers and heads of international bodies of
``kg/data/verified-people.tsv`` in news text: the real pipeline on short articles of our own.

A full name links; the surname alone links only through the full name it follows in the article
(entity merging), never through an alias of its own, so that a relative or namesake ("Kim Yo Jong"
beside "Kim Jong Un") is not given the leader's item. The few one-word aliases are short forms news
uses for one person only ("Xi", "Lula", "Abiy").
"""

from __future__ import annotations

import pytest

from kg.kb import read_tsv
from kg.link import Linker
from tests.conftest import ROOT, extract_text, linked_mentions, table_rows

TABLE = ROOT / "kg" / "data" / "verified-people.tsv"

SUMMIT = """Leaders Trade Warnings on the Sidelines of the Summit

BAKU, Nov. 12 (Reuters) - Azerbaijan's President Ilham Aliyev and Armenian Prime Minister Nikol Pashinyan
met for an hour on Tuesday, and Pashinyan told reporters afterwards that the border talks had moved forward.

In Tehran, Supreme Leader Ayatollah Ali Khamenei warned against any strike on Iranian soil, while President
Masoud Pezeshkian said his government still wanted talks. Khamenei did not say what a response would be.

Chinese President Xi Jinping spoke by phone with Brazil's Luiz Inacio Lula da Silva. Xi praised the trade
ties between the two countries, and Lula said he would visit Beijing in the spring.

Ethiopian Prime Minister Abiy Ahmed, Colombian President Gustavo Petro and Japan's Fumio Kishida were among
the guests. Foreign Minister Sergei Lavrov met Secretary of State Marco Rubio, and Lavrov called the meeting
useful. UN Secretary-General Antonio Guterres urged restraint.
"""

EXPECTED = {
    "Ilham Aliyev": "Q57371",
    "Nikol Pashinyan": "Q7035479",
    "Ali Khamenei": "Q57336",
    "Masoud Pezeshkian": "Q5933752",
    "Xi Jinping": "Q15031",
    "Luiz Inácio Lula da Silva": "Q37181",
    "Abiy Ahmed": "Q50365049",
    "Gustavo Petro": "Q704022",
    "Fumio Kishida": "Q359480",
    "Sergey Lavrov": "Q58217",
    "Marco Rubio": "Q324546",
    "António Guterres": "Q311440",
}


@pytest.fixture(scope="module")
def summit(pipeline):  # type: ignore[no-untyped-def]
    return extract_text(pipeline, "summit.txt", SUMMIT)


def test_leaders_named_in_a_wire_story_link_to_their_items(summit) -> None:  # type: ignore[no-untyped-def]
    """Full names, ASCII spellings of names with diacritics ("Luiz Inacio", "Antonio Guterres") and a
    romanisation other than the label's ("Sergei Lavrov") link; entities take the item's label."""
    linked = {e.name: e.wikidata for e in summit.entities if e.wikidata in EXPECTED.values()}
    assert linked == EXPECTED


def test_later_short_mentions_join_the_full_name(summit) -> None:  # type: ignore[no-untyped-def]
    """ "Pashinyan", "Lavrov" and "Khamenei" join the full name before them; "Xi" and "Lula" are short
    forms of their own; the honorific form "Ayatollah Ali Khamenei" is one of Khamenei's names."""
    linked = linked_mentions(summit)
    assert linked["Pashinyan"] == "Q7035479"
    assert linked["Lavrov"] == "Q58217"
    assert linked["Khamenei"] == "Q57336"
    assert linked["Ayatollah Ali Khamenei"] == "Q57336"
    assert linked["Xi"] == "Q15031"
    assert linked["Lula"] == "Q37181"
    assert len({e.key for e in summit.entities if e.wikidata == "Q7035479"}) == 1  # one Pashinyan, not two


FAMILY = """Pyongyang Fires Missiles as Sister Issues Warning

SEOUL, March 14 (AP) - North Korean leader Kim Jong Un watched the launch of two missiles on Thursday, state
media said, a day after his sister Kim Yo Jong accused Seoul of provoking the North with its drills.

Kim Yo Jong, a senior official of the ruling party, said the drills would be answered. Kim did not speak.
"""


def test_a_relative_sharing_the_surname_is_not_given_the_leaders_item(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "Kim Yo Jong" is not Kim Jong Un, and a bare "Kim" could be either: neither links to Q56226."""
    extraction = extract_text(pipeline, "family.txt", FAMILY)
    by_name = {e.name: e.wikidata for e in extraction.entities}
    assert by_name["Kim Jong Un"] == "Q56226"
    assert by_name["Kim Yo Jong"] is None
    qid_of_entity = {e.key: e.wikidata for e in extraction.entities}
    assert {qid_of_entity[m.entity_key] for m in extraction.mentions if m.text == "Kim"} == {None}
    assert [e.name for e in extraction.entities if e.wikidata == "Q56226"] == ["Kim Jong Un"]


@pytest.mark.parametrize(("name", "qid"), [
    ("Kim Jong-un", "Q56226"),
    ("Yoon Suk-yeol", "Q16090635"),
    ("Recep Tayyip Erdoğan", "Q39259"),  # the existing row, not this table's: no duplicate item
    ("Andres Manuel Lopez Obrador", "Q318508"),
    ("López Obrador", "Q318508"),
    ("Abdel Fattah al-Sisi", "Q307871"),
    ("Mohammed bin Salman", "Q6892571"),
    ("King Salman", "Q367825"),
    ("Aung San Suu Kyi", "Q36740"),
    ("Suu Kyi", "Q36740"),
    ("Ferdinand Marcos Jr.", "Q983324"),
    ("Abu Mohammad al-Julani", "Q7934206"),
    ("Keir Starmer", "Q6383803"),
    ("Ursula von der Leyen", "Q60772"),
])
def test_names_news_writes_link(linker: Linker, name: str, qid: str) -> None:
    link = linker.link([name], "person")
    assert link is not None and link.qid == qid


@pytest.mark.parametrize("name", ["Kim", "Salman", "Netanyahu", "Abbas", "Sharif", "Li", "Wang", "Khan",
                                  "Prince Mohammed", "Queen Elizabeth", "Kim Yo Jong", "Yair Netanyahu"])
def test_surnames_and_namesakes_stay_unlinked(linker: Linker, name: str) -> None:
    """No bare surname is an alias in this table: each is shared by relatives, namesakes or, for "Salman",
    father and son; "Queen Elizabeth" is also a Royal Navy carrier."""
    assert linker.link([name], "person") is None


ONE_WORD_SHORT_FORMS = {"Xi", "Lula", "Abiy", "Sisi", "MBS", "MBZ", "AMLO", "Jokowi"}


def test_the_table_is_people_with_evidence_and_no_bare_surname_aliases() -> None:
    items = list(read_tsv(TABLE))
    assert items and all(item.kind == "person" and item.evidence for item in items)
    assert len({item.qid for item in items}) == len(items)
    one_word = {alias for item in items for alias in item.aliases if " " not in alias}
    assert one_word <= ONE_WORD_SHORT_FORMS
    assert {len(row) for row in table_rows(TABLE)} == {7}
