"""International organizations, UN bodies and news agencies (kg/data/verified-organizations.tsv) as news names them."""

from __future__ import annotations

import pytest

from kg.link import Linker
from tests.conftest import extract_text, links_of

WIRE_STORY = """Inspectors Denied Access to Plant

VIENNA, March 3 (Reuters) - The IAEA said on Monday that its inspectors had again been turned away from the plant, and the UN Security Council will meet on Tuesday to discuss the agency's report.

"We have seen no sign of a diversion so far," a diplomat at the International Atomic Energy Agency told Agence France-Presse.

The U.N. General Assembly, the World Health Organization and UNICEF called for restraint, while the IMF and the World Bank warned of the cost of a long crisis. The European Commission said it would propose new sanctions, and Xinhua said Beijing backed the inspectors.

UNHCR said 10,000 people had fled the area. Human Rights Watch and the ICRC asked for access, and the International Criminal Court said it was following events. OPEC, ASEAN and the G20 issued statements of their own, CNN reported.
"""

EXPECTED = {
    "IAEA": "Q41984",
    "International Atomic Energy Agency": "Q41984",
    "UN Security Council": "Q37470",
    "Agence France-Presse": "Q40464",
    "U.N. General Assembly": "Q47423",
    "World Health Organization": "Q7817",
    "UNICEF": "Q740308",
    "IMF": "Q7804",
    "World Bank": "Q7164",
    "European Commission": "Q8880",
    "Xinhua": "Q204839",
    "UNHCR": "Q132551",
    "Human Rights Watch": "Q187052",
    "ICRC": "Q5987345",
    "International Criminal Court": "Q47488",
    "OPEC": "Q7795",
    "ASEAN": "Q7768",
    "G20": "Q19771",
    "CNN": "Q48340",
}


def test_organizations_and_agencies_in_a_wire_story_link_to_their_items(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Full names, acronyms and "U.N." forms of UN bodies, other international bodies and news agencies."""
    extraction = extract_text(pipeline, "organizations.txt", WIRE_STORY)
    assert links_of(extraction, EXPECTED) == EXPECTED


NOT_THOSE_BODIES = """Kremlin Council Criticises Verdict

MOSCOW, May 12 (Interfax) - The Security Council of Russia met on Tuesday. The Kremlin's Human Rights Council criticised the verdict, and Amnesty was granted to 300 prisoners.

Big tech firms are racing to build AI models, analysts said. Gold traded at AU$3,000 an ounce in Sydney.
"""


def test_names_the_table_leaves_out_do_not_link_to_un_bodies_or_ngos(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Bare "Security Council" and "Human Rights Council", "Amnesty", "AI" and "AU$" name none of these bodies."""
    extraction = extract_text(pipeline, "not-those-bodies.txt", NOT_THOSE_BODIES)
    linked = {e.wikidata for e in extraction.entities}
    assert not linked & {"Q37470", "Q205650", "Q42970", "Q7159"}


@pytest.mark.parametrize("name", ["EC", "AI", "Security Council", "General Assembly", "Human Rights Council",
                                  "Red Cross"])
def test_ambiguous_short_names_stay_unlinked(linker: Linker, name: str) -> None:
    """No alias makes these one body's: "EC" is the Commission or the Council, "AI" artificial intelligence."""
    assert linker.link([name], "organization") is None


def test_the_three_european_councils_are_three_items(linker: Linker) -> None:
    links = {name: linker.link([name], "organization") for name in
             ("European Council", "Council of the European Union", "Council of the EU", "Council of Europe")}
    assert {name: link.qid if link else None for name, link in links.items()} == {
        "European Council": "Q8886",
        "Council of the European Union": "Q8896",
        "Council of the EU": "Q8896",
        "Council of Europe": "Q8908",
    }


@pytest.mark.parametrize("name, kind, qid", [
    ("U.N.", "organization", "Q1065"),  # stated by the UN's row; also the initials of "US Navy"
    ("RAF", "organization", None),  # initials of "Russian Armed Forces", but the Royal Air Force's name
    ("BSF", "organization", None),  # initials of "Black Sea Fleet", but India's Border Security Force
])
def test_short_forms_link_only_where_the_kb_states_them(linker: Linker, name: str, kind: str,
                                                        qid: str | None) -> None:
    link = linker.link([name], kind)
    assert (link.qid if link else None) == qid
