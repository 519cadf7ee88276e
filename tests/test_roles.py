"""Roles people hold, in phrasings the gold articles do not hold: the real pipeline on short articles."""

from __future__ import annotations

from kg.records import Extraction
from tests.conftest import extract_text


def _roles(extraction: Extraction) -> dict[str, tuple[str, str | None]]:
    """Each holder's name -> (role, organization's name)."""
    names = {e.key: e.name for e in extraction.entities}
    return {names[f.holder_key]: (f.role.casefold(), names.get(f.organization_key or "")) for f in extraction.positions}


PROTEST = """Japan Protests Chinese Naval Drills

TOKYO, May 12 (Reuters) - Japan lodged a formal protest with China on Tuesday over naval drills held near the Senkaku Islands.

Its foreign minister, Yoko Kamikawa, said the drills threatened peace in the region.

The Association of Southeast Asian Nations also voiced concern. The bloc's secretary general, Kao Kim Hourn, said members wanted calm.
"""


def test_a_role_after_its_belongs_to_the_subject_named_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Japan lodged a protest … Its foreign minister, X": X is Japan's foreign minister, not China's or nobody's."""
    roles = _roles(extract_text(pipeline, "protest.txt", PROTEST))
    assert roles["Yoko Kamikawa"] == ("foreign minister", "Japan")


def test_a_role_of_the_bloc_belongs_to_the_organization_named_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"The bloc's secretary general": "bloc" is in no name, so it is the organization the text was just about."""
    roles = _roles(extract_text(pipeline, "protest.txt", PROTEST))
    assert roles["Kao Kim Hourn"] == ("secretary general", "Association of Southeast Asian Nations")


ENVOYS = """Council Split Over Gaza Resolution

NEW YORK, March 19 (Reuters) - The U.N. Security Council failed on Tuesday to agree on a resolution calling for a ceasefire in Gaza.

India's ambassador to the United Nations Parvathaneni Harish said the council had let down civilians.

Poland's ambassador to Ukraine Piotr Lukasiewicz warned that winter would be hard for the region.

Britain's permanent representative to the United Nations Barbara Woodward said the violence had to stop.
"""


def test_a_post_between_the_role_and_the_name_is_part_of_the_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"India's ambassador to the United Nations Parvathaneni Harish": the role is the ambassadorship to the
    U.N., held for India; the model's one organization "the United Nations Parvathaneni Harish" is two names."""
    roles = _roles(extract_text(pipeline, "envoys.txt", ENVOYS))
    assert roles["Parvathaneni Harish"] == ("ambassador to the united nations", "India")
    assert roles["Piotr Lukasiewicz"] == ("ambassador to ukraine", "Poland")
    assert roles["Barbara Woodward"] == ("permanent representative to the united nations", "United Kingdom")


POLICING = """NATO Boosts Baltic Air Policing

BRUSSELS, June 10 (Reuters) - NATO will double the number of jets policing the skies over the Baltic states, diplomats said on Monday.

The decision follows a series of airspace violations by Russian aircraft over Estonia in recent weeks.

Estonian Prime Minister Kristen Michal welcomed the move and said his country felt safer.

Finland and Sweden, the newest members, will each contribute four fighter jets.

The alliance's secretary general, Mark Rutte, said the mission would be reviewed in December.
"""


def test_the_alliance_is_the_organization_the_knowledge_base_describes_as_one(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"The alliance's secretary general", four sentences after NATO was named: NATO is a "military alliance"."""
    roles = _roles(extract_text(pipeline, "policing.txt", POLICING))
    assert roles["Mark Rutte"] == ("secretary general", "NATO")


ADJECTIVES = """Talks on Grain Corridor Resume

ISTANBUL, Oct. 3 (Reuters) - Talks on reopening the grain corridor resumed on Thursday after a two-week pause.

French envoy Marc Delorme said the talks had made progress on inspections.

The Japanese Foreign Minister Hiroshi Tanabe told reporters that shipping insurers needed guarantees.

South Korean Defence Minister Park Jae-won said Seoul would send a frigate to escort the convoys.
"""


def test_a_country_adjective_names_the_role_s_country_the_article_never_names(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"French envoy X", "The Japanese Foreign Minister Y": France and Japan hold the roles although the
    article names neither; Japan is in no built-in list, and "South Korean" is two words."""
    extraction = extract_text(pipeline, "adjectives.txt", ADJECTIVES)
    roles = _roles(extraction)
    assert roles["Marc Delorme"] == ("envoy", "France")
    assert roles["Hiroshi Tanabe"] == ("foreign minister", "Japan")
    assert roles["Park Jae-won"] == ("defence minister", "South Korea")
    france = next(e for e in extraction.entities if e.name == "France")
    assert france.wikidata == "Q142"  # the knowledge base's France, not a new item
    assert not any(m.entity_key == france.key for m in extraction.mentions)  # named by no mention
