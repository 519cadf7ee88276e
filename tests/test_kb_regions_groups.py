"""Armed and political groups, disputed territories, regions and seas (kg/data/verified-regions-groups.tsv) as news names them."""

from __future__ import annotations

import pytest

from kg.link import Linker
from tests.conftest import extract_text, links_of

SHIPPING_STORY = """Strikes on Shipping Spread

ADEN, Feb. 9 - The Houthis said on Sunday they had fired drones at two tankers in the Red Sea and a bulk carrier in the Gulf of Aden, the latest of the attacks that have pushed shippers away from the Suez Canal. Ansar Allah, as the movement calls itself, said the strikes answered Israel's campaign in the Gaza Strip.

Hamas said talks on a truce in Gaza had stalled, while violence in the West Bank and along the Golan Heights continued. The Palestine Liberation Organization called for calm.

Navies also watched the Persian Gulf, the Arabian Sea and the Mediterranean Sea, and far to the east the South China Sea and the Taiwan Strait, where coast guards shadowed each other.

Islamic State and Al-Qaeda both praised the attacks, and the PKK was blamed for a bombing near the border. Elsewhere, Russian troops stayed in Transnistria, Abkhazia and South Ossetia, Somaliland sought recognition, and envoys discussed Western Sahara, Kashmir and the Middle East.
"""

EXPECTED = {
    "Houthis": "Q3042087",
    "Ansar Allah": "Q3042087",
    "Red Sea": "Q23406",
    "Gulf of Aden": "Q41837",
    "Suez Canal": "Q899",
    "Gaza Strip": "Q39760",
    "Gaza": "Q39760",
    "Hamas": "Q38799",
    "West Bank": "Q36678",
    "Golan Heights": "Q83210",
    "Palestine Liberation Organization": "Q26683",
    "Persian Gulf": "Q34675",
    "Arabian Sea": "Q58705",
    "Mediterranean Sea": "Q4918",
    "South China Sea": "Q37660",
    "Taiwan Strait": "Q127031",
    "Islamic State": "Q2429253",
    "Al-Qaeda": "Q34490",
    "PKK": "Q152220",
    "Transnistria": "Q907112",
    "Abkhazia": "Q23334",
    "South Ossetia": "Q23427",
    "Somaliland": "Q34754",
    "Western Sahara": "Q6250",
    "Kashmir": "Q43100",
    "Middle East": "Q7204",
}


def test_groups_territories_and_seas_in_a_news_story_link_to_their_items(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Labels and the usual short forms ("Gaza", "Ansar Allah", "PKK") of groups, territories and seas."""
    extraction = extract_text(pipeline, "regions-groups.txt", SHIPPING_STORY)
    assert links_of(extraction, EXPECTED) == EXPECTED


NOT_THOSE_PLACES = """Panel Reviews Defence Plans

LONDON, March 4 - Yair Golan said on Tuesday that the opposition would back the budget. Golan told reporters in Jerusalem that the vote was close.

The Atlantic Council and the Pacific Islands Forum held a joint session on Euro-Atlantic security, Channel 4 reported. Gulf states were represented by their ambassadors.
"""


def test_names_the_table_leaves_out_do_not_link_to_these_places(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A politician called Golan, "Atlantic" and "Pacific" in other names, "Channel 4" and "Gulf states" stay off these items."""
    extraction = extract_text(pipeline, "not-those-places.txt", NOT_THOSE_PLACES)
    linked = {e.wikidata for e in extraction.entities}
    assert not linked & {"Q83210", "Q97", "Q98", "Q34640", "Q34675"}


@pytest.mark.parametrize("name", ["Golan", "Atlantic", "Pacific", "Gulf", "Channel", "East Sea", "Kurdistan",
                                  "Judea and Samaria", "Hormuz"])
def test_ambiguous_or_unverified_short_names_stay_unlinked(linker: Linker, name: str) -> None:
    """No alias makes these one item's: "Golan" is also a surname, "East Sea" names two seas, "Kurdistan" is wider than Iraq's region."""
    assert linker.link([name], "place") is None


def test_gaza_alone_is_the_strip_and_the_caribbean_is_not_its_sea(linker: Linker) -> None:
    """The table's decisions: bare "Gaza" is the Gaza Strip; the Caribbean region and the Caribbean Sea are two items."""
    links = {name: linker.link([name], "place") for name in ("Gaza", "the Gaza Strip", "Caribbean", "Caribbean Sea")}
    assert {name: link.qid if link else None for name, link in links.items()} == {
        "Gaza": "Q39760",
        "the Gaza Strip": "Q39760",
        "Caribbean": "Q664609",
        "Caribbean Sea": "Q1247",
    }
