"""Who said what in patterns the gold articles do not hold: the real pipeline on short articles."""

from __future__ import annotations

from tests.conftest import extract_text, speakers_of

TEXT = """Finland Keeps Its Baltic Patrols

HELSINKI, March 3 (Reuters) - Finland will keep patrolling the Baltic Sea with its allies, Defence Minister Antti Hakkanen said on Monday.

Kremlin spokesman Dmitry Peskov said the patrols were a provocation.

Writing on Telegram, former Russian president Dmitry Medvedev accused the alliance of preparing for war.

A senior U.S. official, speaking on condition of anonymity, said Washington supported the patrols.

The minister said later that the patrols would go on all year.
"""


def test_an_indefinite_speaker_is_someone_new(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"A senior U.S. official" is not Peskov, Hakkanen or Medvedev; "the minister" is Hakkanen."""
    extraction = extract_text(pipeline, "attribution.txt", TEXT)
    speakers = speakers_of(extraction)
    assert speakers["Washington supported the patrols"] is None
    official = next(s for s in extraction.statements if s.text == "Washington supported the patrols")
    assert official.speaker_text.startswith("A senior U.S. official")
    assert speakers["the patrols would go on all year"] == "Antti Hakkanen"


def test_a_phrase_before_the_speaker_is_not_what_was_said(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Writing on Telegram, Medvedev accused …" reports no clause; the sentence gives no statement."""
    texts = [s.text for s in extract_text(pipeline, "attribution.txt", TEXT).statements]
    assert not any("Telegram" in text for text in texts)
    assert "the patrols were a provocation" in texts


MINISTRIES = """Ukraine Repels Drone Attack

KYIV, July 14 (AP) - Ukraine's air force said it shot down 40 of 45 drones launched overnight.

In a statement, the Russian Defence Ministry said its forces had struck military targets. "All targets were hit," the ministry said.

Russian Foreign Ministry spokeswoman Maria Zakharova told a briefing that the West was prolonging the conflict.
"""


def test_the_ministry_is_the_last_ministry_named_and_the_dateline_is_not_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = extract_text(pipeline, "ministries.txt", MINISTRIES)
    by_text = {s.text: s for s in extraction.statements}
    assert by_text["All targets were hit,"].speaker_keys == by_text["its forces had struck military targets"].speaker_keys
    assert len(by_text["All targets were hit,"].speaker_keys) == 1
    assert by_text["it shot down 40 of 45 drones launched overnight"].speaker_text == "Ukraine's air force"


BRIEFING = """State Department Welcomes Remarks

WASHINGTON (Reuters) - Ukrainian President Volodymyr Zelenskiy said Ukraine was ready to negotiate a ceasefire.

The U.S. State Department's spokeswoman Tammy Bruce told a briefing that Washington welcomed the remarks. She said Secretary of State Marco Rubio would travel to Saudi Arabia next week.
"""


def test_a_that_clause_parsed_as_relative_on_the_hearer_is_what_was_said(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"told a briefing that Washington welcomed …": the parse hangs the clause on "briefing"."""
    speakers = speakers_of(extract_text(pipeline, "briefing.txt", BRIEFING))
    assert speakers["Washington welcomed the remarks"] == "Tammy Bruce"
    assert speakers["Secretary of State Marco Rubio would travel to Saudi Arabia next week"] == "Tammy Bruce"


TIMES = """Leaders Speak on Ceasefire

KYIV (Reuters) - Ukrainian President Volodymyr Zelenskiy said on Tuesday Ukraine was ready to negotiate a ceasefire.

Kremlin spokesman Dmitry Peskov said on Monday Russia's forces had taken the village.
"""


def test_a_time_right_after_the_speech_verb_is_the_verbs_not_the_clauses(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"said on Tuesday Ukraine was ready": the parse reads "Tuesday Ukraine" as one phrase, or
    hangs "on Monday" on the reported verb; the clause keeps its subject and the date is the statement's."""
    statements = extract_text(pipeline, "times.txt", TIMES, published="2025-03-06").statements
    dated = {s.text: s.date for s in statements}
    assert dated == {"Ukraine was ready to negotiate a ceasefire": "2025-03-04",
                     "Russia's forces had taken the village": "2025-03-03"}


SOURCES = """EU Adopts Sanctions

BRUSSELS (AP) - EU countries agreed a new package of sanctions against Russia on Wednesday.

According to a statement from the Russian Foreign Ministry, the sanctions were illegal and would hurt European consumers.
"""


def test_a_statement_from_an_organization_is_the_organizations(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"According to a statement from the Russian Foreign Ministry": the ministry speaks, not nobody."""
    speakers = speakers_of(extract_text(pipeline, "sources.txt", SOURCES))
    assert speakers["the sanctions were illegal and would hurt European consumers"] == "Ministry of Foreign Affairs of Russia"


MISSION = """OSCE Extends Moldova Mission

VIENNA, Oct 2 (Reuters) - The Organization for Security and Co-operation in Europe said on Thursday it would extend its monitoring mission in Moldova by six months.

Its secretary general, Feridun Sinirlioglu, said the monitors had helped prevent clashes along the river.

U.N. Secretary-General Antonio Guterres welcomed the decision and said the United Nations would send additional observers.

The organization's secretary general said the mission would cost 12 million euros.
"""

PLEDGES = """Belgium and Spain Pledge Air Defence Aid

MADRID, April 8 (Reuters) - Belgium's defence minister Pieter Vandamme said on Tuesday that Brussels would send two air defence systems to Ukraine.

Spain's defence minister Lucia Ferrer said Madrid would train the crews at a base near Zaragoza.

Belgium also pledged 200 million euros in credit. Its defence minister said the money would arrive before winter.
"""


def test_the_organizations_secretary_general_is_the_one_who_holds_that_role_there(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Two secretaries general: "the organization's" is the OSCE's (its secretary general, named before),
    not the U.N.'s, though Guterres spoke last."""
    speakers = speakers_of(extract_text(pipeline, "mission.txt", MISSION))
    assert speakers["the mission would cost 12 million euros"] == "Feridun Sinirlioglu"


def test_its_minister_is_the_minister_of_the_country_the_text_is_about(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"Belgium also pledged … Its defence minister said": Belgium's minister, not Spain's who spoke last."""
    speakers = speakers_of(extract_text(pipeline, "pledges.txt", PLEDGES))
    assert speakers["the money would arrive before winter"] == "Pieter Vandamme"


ENVOYS = """Envoys Trade Barbs at OSCE

VIENNA, Nov 20 (Reuters) - Diplomats clashed at the Organization for Security and Co-operation in Europe on Thursday.

U.S. ambassador to the OSCE Michael Carpenter told the meeting that Moscow had broken its commitments.

India's ambassador to the United Nations Parvathaneni Harish said the council had let down civilians.
"""


def test_the_holder_named_after_a_post_is_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"India's ambassador to the United Nations Parvathaneni Harish said": Harish speaks, not the U.N.; and
    "told the meeting that …", where the parse hangs the clause on "meeting", is what Carpenter said."""
    speakers = speakers_of(extract_text(pipeline, "envoys.txt", ENVOYS))
    assert speakers["the council had let down civilians"] == "Parvathaneni Harish"
    assert speakers["Moscow had broken its commitments"] == "Michael Carpenter"


CORRIDOR = """Talks Stall Over Grain Corridor

ANKARA, Sept 9 (AP) - Turkish Foreign Minister Hakan Fidan said on Monday the talks had made progress, while Egyptian Foreign Minister Badr Abdelatty warned that the corridor could close within weeks.

Italian Prime Minister Giorgia Meloni said the rules had been broken, while Spanish Prime Minister Pedro Sanchez said retaliation could hurt farmers.
"""


def test_a_while_clause_with_its_own_speaker_is_that_speakers_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"X said A, while Y warned that B": A is X's, B is Y's; B is not part of what X said."""
    speakers = speakers_of(extract_text(pipeline, "corridor.txt", CORRIDOR))
    assert speakers["the talks had made progress"] == "Hakan Fidan"
    assert speakers["the corridor could close within weeks"] == "Badr Abdelatty"
    assert speakers["the rules had been broken"] == "Giorgia Meloni"
    assert speakers["retaliation could hurt farmers"] == "Pedro Sánchez"  # the KB label of the linked person


QUOTAS = """Ministers Clash Over Fishing Quotas

REYKJAVIK, Feb 2 (Reuters) - Icelandic Fisheries Minister Hanna Katrin Fridriksson said on Thursday the new quotas were unfair to her country's fleet.

Danish Foreign Minister Lars Lokke Rasmussen said his government would try to mediate. He said talks could begin within a month.

She said later that Iceland would appeal to the European Commission.
"""

MEDIATION = """Denmark Offers to Mediate

COPENHAGEN, Feb 3 (Reuters) - Danish Foreign Minister Lars Lokke Rasmussen said his government was ready to host talks on the fishing dispute.

She said the talks could begin in March.
"""


def test_she_is_not_the_speaker_the_article_calls_he(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Rasmussen spoke last, but the article wrote "his" and "He" of him; "She" is Fridriksson ("her country's")."""
    speakers = speakers_of(extract_text(pipeline, "quotas.txt", QUOTAS))
    assert speakers["talks could begin within a month"] == "Lars Lokke Rasmussen"
    assert speakers["Iceland would appeal to the European Commission"] == "Hanna Katrin Fridriksson"


def test_she_with_only_a_man_before_stays_unresolved(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Nobody the article names fits "She": the statement keeps no speaker rather than a wrong one."""
    speakers = speakers_of(extract_text(pipeline, "mediation.txt", MEDIATION))
    assert speakers["the talks could begin in March"] is None


POLICING = """NATO Boosts Baltic Air Policing

BRUSSELS, June 10 (Reuters) - NATO will double the number of jets policing the skies over the Baltic states, diplomats said on Monday.

Estonian Prime Minister Kristen Michal welcomed the move and said his country felt safer.

The alliance's secretary general said the mission would be reviewed in December.
"""


def test_a_role_of_an_organization_nobody_named_holds_is_nobody_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"The alliance's secretary general": not Michal, Estonia's prime minister, who spoke last."""
    speakers = speakers_of(extract_text(pipeline, "policing.txt", POLICING))
    assert speakers["his country felt safer"] == "Kristen Michal"
    assert speakers["the mission would be reviewed in December"] is None


COUNTERPARTS = """Athens and Nicosia Back Border Talks

ATHENS, Oct 17 (AP) - Greek Foreign Minister Giorgos Gerapetritis met Cypriot Foreign Minister Constantinos Kombos in Athens on Friday to discuss the stalled reunification talks.

The talks had been constructive, Gerapetritis told reporters, while his Cypriot counterpart said a deal was within reach.
"""


def test_his_counterpart_is_the_other_holder_of_the_same_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"his Cypriot counterpart": the other foreign minister, the Cypriot one, not Gerapetritis ("his")."""
    speakers = speakers_of(extract_text(pipeline, "counterparts.txt", COUNTERPARTS))
    assert speakers["The talks had been constructive"] == "Giorgos Gerapetritis"
    assert speakers["a deal was within reach"] == "Constantinos Kombos"


SANCTIONS = """Ministers Meet on Sanctions

BERLIN, Feb. 2 (AP) - Russian Foreign Minister Sergey Lavrov said on Monday that new sanctions would fail.

On Tuesday, the Japanese foreign minister said Tokyo would join the measures.
"""


def test_a_country_adjective_keeps_a_role_description_from_a_holder_of_another_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"The Japanese foreign minister said": not Lavrov, Russia's foreign minister; someone the article does not name."""
    speakers = speakers_of(extract_text(pipeline, "sanctions.txt", SANCTIONS))
    said = next(text for text in speakers if "Tokyo would join" in text)
    assert speakers[said] is None
