"""Who a speaker phrase is when it names nobody: pronouns, role descriptions, statements and websites,
passives and participles. The real pipeline on short articles written for these tests."""

from __future__ import annotations

from tests.conftest import extract_text, speakers_of


def _speaker(pipeline, text: str, said: str) -> str | None:  # type: ignore[no-untyped-def]
    """How the text names the speaker of the one statement whose text contains ``said``: the longest of
    the speaker's mentions (None when unresolved), so that the test does not depend on labels."""
    extraction = extract_text(pipeline, "speakers.txt", text)
    matches = [s for s in extraction.statements if said in s.text]
    assert len(matches) == 1, speakers_of(extraction)
    if not matches[0].speaker_keys:
        return None
    [key] = matches[0].speaker_keys
    names = [text[m.span.begin:m.span.end] for m in extraction.mentions if m.entity_key == key]
    return max(names, key=len)


LATEST_SUBJECT = """Border Talks Stall

Serbian President Aleksandar Vucic said the crossing at Jarinje would reopen next week.

Kosovo Prime Minister Albin Kurti dismissed the promise as a stunt. He said Belgrade was moving troops toward the boundary.
"""


def test_speaker_resolution_he_is_the_latest_subject_not_an_earlier_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Kurti, subject of the sentence just before, not Vucic, who spoke two sentences back."""
    assert _speaker(pipeline, LATEST_SUBJECT, "Belgrade was moving troops") == "Albin Kurti"


UNNAMED_WOMAN = """Flood Waters Reach Old Town

Mayor Vitali Klitschko said rescue teams had evacuated four hundred people.

A woman who runs a bakery near the river said she had lost everything. "The water came in minutes," she told Reuters.
"""


def test_speaker_resolution_she_after_an_unnamed_woman_is_hers_not_the_mayors(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "she told Reuters" is the baker the article does not name: unresolved, not the mayor."""
    assert _speaker(pipeline, UNNAMED_WOMAN, "The water came in minutes") is None


EXCLUDED_GENERAL = """Bloc Shuts Out Coup Leader

The Economic Community of West African States barred General Assimi Goita from its summit after its mediators were refused a visit to the detained former prime minister, Moctar Ouane.

"We will not take orders from abroad," he said.
"""


def test_speaker_resolution_he_is_the_object_of_the_main_clause_before_a_name_in_a_subordinate_one(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Goita, whom the main clause is about, not Ouane, named last in a phrase of a subordinate clause."""
    assert _speaker(pipeline, EXCLUDED_GENERAL, "We will not take orders") == "Assimi Goita"


JUNTA_LEADER = """Mali Delays Vote Again

Opposition leader Oumar Mariko remains in exile.

General Assimi Goita said the elections would be postponed. The junta leader added that a new charter would be drafted first.
"""


def test_speaker_resolution_the_junta_leader_is_not_the_opposition_leader(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _speaker(pipeline, JUNTA_LEADER, "a new charter would be drafted") == "Assimi Goita"


OTHER_ROLE = """Allies Condemn Missile Test

"This is a reckless provocation," German Chancellor Olaf Scholz told reporters in Berlin.

The Pentagon spokesperson added that Washington was monitoring the situation closely.
"""


def test_speaker_resolution_a_spokesperson_is_not_the_person_with_another_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Nobody named is a spokesperson: the Pentagon's stays unresolved rather than becoming Scholz."""
    assert _speaker(pipeline, OTHER_ROLE, "Washington was monitoring") is None


UNNAMED_OFFICIAL = """Ceasefire Proposal Under Review

Ukrainian military spokesman Yuriy Ihnat said the air force had downed most of the drones.

A senior European official told AFP that the proposal was not acceptable. The official added that talks would go on next month.
"""


def test_speaker_resolution_the_official_is_the_unnamed_official_just_brought_in(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _speaker(pipeline, UNNAMED_OFFICIAL, "the proposal was not acceptable") is None
    assert _speaker(pipeline, UNNAMED_OFFICIAL, "talks would go on next month") is None


NAMED_LATER = """Storm Cuts Off Villages

The governor said the floods had cut off three villages overnight.

Red Cross spokeswoman Hanna Berg added that shelters were running short of blankets.
"""


def test_speaker_resolution_a_role_is_not_someone_named_only_later_with_another_role(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _speaker(pipeline, NAMED_LATER, "the floods had cut off three villages") is None
    assert _speaker(pipeline, NAMED_LATER, "shelters were running short") == "Hanna Berg"


SOURCES = """Strikes Hit Southern Suburbs

The Pentagon's website said two destroyers had been sent to the region. A Hamas statement said the group had not been consulted.
"""


def test_speaker_resolution_an_organizations_website_or_statement_is_the_organizations(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _speaker(pipeline, SOURCES, "two destroyers had been sent") == "Pentagon"
    assert _speaker(pipeline, SOURCES, "the group had not been consulted") == "Hamas"


ACCORDING_TO_STATEMENT = """Troops Pull Back

According to a NATO statement, the patrols along the border were suspended on Sunday. It said that no allied aircraft had been involved.
"""


def test_speaker_resolution_according_to_an_organizations_statement_and_it_after_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _speaker(pipeline, ACCORDING_TO_STATEMENT, "the patrols along the border were suspended") == "NATO"
    assert _speaker(pipeline, ACCORDING_TO_STATEMENT, "no allied aircraft had been involved") == "NATO"


THE_STATEMENT = """Navy Intercepts Drones

The European Union said in a statement that its ships had intercepted six drones.

In a second incident, a tanker was hit off the coast, the statement said.
"""


NO_STATEMENT_BEFORE = """Navy Intercepts Drones

In a second incident, NATO ships intercepted six drones, the statement said.
"""


def test_speaker_resolution_the_statement_is_that_of_whoever_gave_the_last_one(pipeline) -> None:  # type: ignore[no-untyped-def]
    """When no statement was spoken of before, NATO, named in what was said, is not taken for its author."""
    assert _speaker(pipeline, THE_STATEMENT, "a tanker was hit off the coast") == "European Union"
    assert _speaker(pipeline, NO_STATEMENT_BEFORE, "ships intercepted six drones") is None


PASSIVE = """Hunger Spreads

Some three million children in Yemen are said by UNICEF to need urgent food aid.
"""


def test_speaker_resolution_said_by_someone_is_theirs_not_the_subjects(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _speaker(pipeline, PASSIVE, "need urgent food aid") == "UNICEF"


PARTICIPLE = """Caracas Warns Washington

Speaking to troops in Caracas, Nicolas Maduro warned of an invasion, describing the naval build-up as a threat and insisting that Venezuela would defend itself.
"""


def test_speaker_resolution_the_object_of_a_participle_is_not_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _speaker(pipeline, PARTICIPLE, "Venezuela would defend itself") == "Nicolas Maduro"


KNOWLEDGE_BASE_ROLE = """Arctic Patrols Expand

Norwegian Defence Minister Tore Sandvik said the patrols would be doubled.

Former Russian president Dmitry Medvedev wrote that the plan was a provocation.

The minister said the first flights would start in May.
"""


def test_speaker_resolution_a_role_the_article_gives_outweighs_one_from_the_knowledge_base(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The article calls Sandvik minister; Medvedev's description (a former prime minister) does not make him "the minister"."""
    assert _speaker(pipeline, KNOWLEDGE_BASE_ROLE, "the first flights would start in May") == "Tore Sandvik"


BARE_OFFICIAL = """Port Deal Delayed

Chilean President Gabriel Boric said on Monday that the port agreement would be signed within weeks.

"We are still far apart on the tariffs," the official told El Mercurio, declining to be named.

NATO Secretary General Mark Rutte said the exercise would go ahead. "We are ready for it," NATO's top official added.
"""


def test_speaker_resolution_the_official_is_no_named_president_but_a_bodys_top_official_is_its_head(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A bare "the official" is someone unnamed; "its top official" holds some role in the body the text names."""
    assert _speaker(pipeline, BARE_OFFICIAL, "far apart on the tariffs") is None
    assert _speaker(pipeline, BARE_OFFICIAL, "We are ready for it") == "Mark Rutte"
