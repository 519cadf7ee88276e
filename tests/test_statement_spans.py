"""What a statement covers and which sentences give one: spans, accusations, coordinated speakers and
speech verbs that report no speech. The real pipeline on short articles written for these tests."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from kg.extract import statements
from kg.records import Extraction, StatementKind
from tests.conftest import extract_text, speakers_of


def _read(pipeline, text: str) -> Extraction:  # type: ignore[no-untyped-def]
    return extract_text(pipeline, "spans.txt", "World news\n\n" + text)


def _texts(pipeline, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.text for s in _read(pipeline, text).statements]


# --- spans --------------------------------------------------------------------------------------


def test_statement_spans_a_quote_that_opens_the_complement_ends_at_its_closing_mark(pipeline) -> None:  # type: ignore[no-untyped-def]
    """'said, "…," though he …': what follows the closing mark is the reporter's, not the speaker's."""
    extraction = _read(pipeline, 'Speaking on radio, Peruvian President Jose Jeri said, "The border will stay closed '
                                 'for now," though he gave no date and asked traders to be patient.')
    statement = next(s for s in extraction.statements if "border" in s.text)
    assert statement.text == "The border will stay closed for now,"
    assert statement.kind == StatementKind.DIRECT


def test_statement_spans_a_noun_conjunct_after_a_quoted_fragment_stays_in_the_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The parse may hang "and a warning to …" off the speech verb: a verb cannot coordinate with a noun."""
    texts = _texts(pipeline, 'Foreign ministry spokesman Guo Jiakun said on Tuesday that the patrol was a firm '
                             'response to support for "Taiwan independence," and a stern warning to outside powers.')
    assert any(t.endswith("and a stern warning to outside powers") and "Taiwan independence," in t for t in texts)


def test_statement_spans_a_gerund_after_a_comma_and_after_is_the_reporters(pipeline) -> None:  # type: ignore[no-untyped-def]
    texts = _texts(pipeline, "Russia warned on Monday that it would keep striking the port until Kyiv withdraws, "
                             "after hitting the city's power station overnight.")
    assert texts == ["it would keep striking the port until Kyiv withdraws"]


def test_statement_spans_a_two_place_dateline_is_not_what_was_said(pipeline) -> None:  # type: ignore[no-untyped-def]
    texts = _texts(pipeline, "CAIRO and AMMAN -- Militants fired a rocket at the border crossing on Sunday, "
                             "Egypt and Jordan said.")
    assert texts == ["Militants fired a rocket at the border crossing on Sunday"]


def test_statement_spans_according_to_a_newspaper_leaves_the_announcer_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    """"X announced that …, according to The Korea Herald": the paper reports X's words."""
    extraction = _read(pipeline, "The Korea Coast Guard announced on Friday that a fishing boat had sunk near "
                                 "Jeju Island, according to The Korea Herald.")
    speakers = speakers_of(extraction)
    assert list(speakers) == ["a fishing boat had sunk near Jeju Island"]
    assert extraction.statements[0].speaker_text == "The Korea Coast Guard"


def test_statement_spans_a_relative_clause_with_a_speech_verb_does_not_cut_the_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    texts = _texts(pipeline, "In a post on Telegram, Peskov said all of the 40 missiles he claimed were aimed at "
                             "the city were shot down by air defences.")
    assert texts == ["all of the 40 missiles he claimed were aimed at the city were shot down by air defences"]


def test_statement_spans_adding_that_is_a_statement_of_its_own(pipeline) -> None:  # type: ignore[no-untyped-def]
    speakers = speakers_of(_read(pipeline, "In a speech to parliament on Monday, President Gabriel Boric said the "
                                           "envoy had raised several concerns about the visit, adding that talks with "
                                           "the bloc were still under way."))
    assert speakers == {"the envoy had raised several concerns about the visit": "Gabriel Boric",
                        "talks with the bloc were still under way": "Gabriel Boric"}


# --- missed statements ---------------------------------------------------------------------------


def test_statement_spans_accused_y_of_doing_z_is_a_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Gold rule: "X accused Y of Z" -> span "Y of Z"."""
    speakers = speakers_of(_read(pipeline, "Brazilian Foreign Minister Mauro Vieira accused Caracas of stalling the "
                                           "border talks to win time before the election."))
    assert speakers == {"Caracas of stalling the border talks to win time before the election": "Mauro Vieira"}


def test_statement_spans_affirmed_that_is_speech(pipeline) -> None:  # type: ignore[no-untyped-def]
    speakers = speakers_of(_read(pipeline, "Chilean President Gabriel Boric affirmed that his government would respect "
                                           "the court's ruling."))
    assert speakers == {"his government would respect the court's ruling": "Gabriel Boric"}


def test_statement_spans_by_insisting_takes_the_subject_of_the_verb_it_modifies(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = _read(pipeline, "Thailand's army chief has responded to the criticism by insisting that the border "
                                 "closure was only temporary.")
    assert [(s.text, s.speaker_text) for s in extraction.statements] == [
        ("the border closure was only temporary", "Thailand's army chief")]


def test_statement_spans_a_joint_statement_of_two_speakers_is_one_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    """One statement, the whole coordination as its speaker text (its two speakers: tests/test_joint_statements.py)."""
    extraction = _read(pipeline, "Spanish Prime Minister Pedro Sanchez and Defence Minister Margarita Robles said in "
                                 "a joint statement that the strikes targeted forces sent to the border.")
    assert [(s.text, s.speaker_text) for s in extraction.statements] == [
        ("the strikes targeted forces sent to the border",
         "Spanish Prime Minister Pedro Sanchez and Defence Minister Margarita Robles")]


# "Rebels fired rockets toward the airport on Friday, Chad's Joint Chiefs of Staff and Niger's Defence
# Ministry said." as the small English model parses such sentences: the first speaker hangs off the clause.
_BROKEN = [("Rebels", 1, "nsubj", "NOUN", "NNS"), ("fired", 20, "ccomp", "VERB", "VBD"),
           ("rockets", 1, "dobj", "NOUN", "NNS"), ("toward", 1, "prep", "ADP", "IN"), ("the", 5, "det", "DET", "DT"),
           ("airport", 3, "pobj", "NOUN", "NN"), ("on", 1, "prep", "ADP", "IN"), ("Friday", 6, "pobj", "PROPN", "NNP"),
           (",", 1, "punct", "PUNCT", ","), ("Chad", 12, "poss", "PROPN", "NNP"), ("'s", 9, "case", "PART", "POS"),
           ("Joint", 12, "compound", "PROPN", "NNP"), ("Chiefs", 1, "dep", "PROPN", "NNPS"),
           ("of", 12, "prep", "ADP", "IN"), ("Staff", 13, "pobj", "PROPN", "NNP"), ("and", 12, "cc", "CCONJ", "CC"),
           ("Niger", 19, "poss", "PROPN", "NNP"), ("'s", 16, "case", "PART", "POS"),
           ("Defence", 19, "compound", "PROPN", "NNP"), ("Ministry", 20, "nsubj", "PROPN", "NNP"),
           ("said", 20, "ROOT", "VERB", "VBD"), (".", 20, "punct", "PUNCT", ".")]


def _broken_parse() -> Doc:
    words = [w for w, *_ in _BROKEN]
    spaces = [i + 1 < len(words) and words[i + 1] not in (",", "'s", ".") for i in range(len(words))]
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=[h for _, h, *_ in _BROKEN],
               deps=[d for _, _, d, *_ in _BROKEN], pos=[p for *_, p, _ in _BROKEN], tags=[t for *_, t in _BROKEN])


def test_statement_spans_two_speakers_after_the_clause_are_not_part_of_it() -> None:
    doc = _broken_parse()
    verb, subject = doc[20], doc[19]
    clause = statements._reported_clause(verb, subject)
    assert clause is not None and doc.text[clause.begin : clause.end] == "Rebels fired rockets toward the airport on Friday"
    assert statements._speaker_text(subject, verb, [], None) == "Chad's Joint Chiefs of Staff and Niger's Defence Ministry"


def test_statement_spans_a_quote_paragraph_continues_an_unresolved_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Gold rule: a quotation without a new attribution keeps the last speaker, named or not."""
    extraction = _read(pipeline, "In a second strike, the navy destroyed three launchers near the coast, the statement "
                                 "said.\n\n\"These strikes were needed to protect merchant shipping in the region.\"")
    by_text = {s.text: s for s in extraction.statements}
    quote = by_text["These strikes were needed to protect merchant shipping in the region."]
    assert quote.speaker_text == "the statement"


# --- not statements ------------------------------------------------------------------------------


def test_statement_spans_agreeing_to_do_something_is_no_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A headline "X agrees to talks" and "claims that Y has agreed to cede …" report deeds, not words."""
    texts = _texts(pipeline, "Kenya agrees to peace talks, rebels yet to answer\n\nCritics repeated their claims that "
                             "the president has agreed to cede the islands to a foreign power.")
    assert texts == []


def test_statement_spans_it_suggests_is_no_speech(pipeline) -> None:  # type: ignore[no-untyped-def]
    texts = _texts(pipeline, "The vote was the first test of the coalition, and it suggests the opposition will "
                             "win the next election.")
    assert texts == []


def test_statement_spans_the_clause_before_after_x_said_is_not_xs(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The parse may read "The EU has called … after the paramilitary" as the complement of "said"."""
    texts = _texts(pipeline, "The EU has called for calm for \"frightened and exhausted\" residents in Chad's capital "
                             "after the paramilitary Desert Shield said its fighters had taken the airport.")
    assert texts == ["its fighters had taken the airport"]


def test_statement_spans_a_participle_object_is_not_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = _read(pipeline, "Speaking to cadets, General Padrino warned of retaliation, describing the raids "
                                 "as reckless and insisting that the navy was ready to defend the coast.")
    statement = next(s for s in extraction.statements if s.text == "the navy was ready to defend the coast")
    assert statement.speaker_text == "General Padrino"


def test_statement_spans_a_negated_speech_verb_reports_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _texts(pipeline, "The army has not confirmed that the general was killed.") == []


def test_statement_spans_the_agent_of_a_passive_said_is_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = _read(pipeline, "About 3 million people in Haiti are said by the UN to be facing severe hunger this year.")
    assert [s.speaker_text for s in extraction.statements] == ["the UN"]


def test_statement_spans_what_x_said_were_names_a_thing_and_claims_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert _texts(pipeline, "Israeli jets struck what the Israeli army said were weapons depots near the border.") == []


def test_statement_spans_an_accusation_ends_before_another_sources_relative_clause(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = _read(pipeline, "The Kremlin accused Ukraine of firing two missiles at the bridge that the army press "
                                 "service said were shot down \"by air defence units over the region.\"")
    assert [(s.speaker_text, s.text) for s in extraction.statements] == [
        ("The Kremlin", "Ukraine of firing two missiles at the bridge"),
        ("the army press service", "by air defence units over the region.")]


def test_statement_spans_a_bracket_closing_the_statement_stays(pipeline) -> None:  # type: ignore[no-untyped-def]
    texts = _texts(pipeline, "Sudan's army has accused the UAE of arming the Rapid Support Forces (RSF), while the "
                             "army itself gets help from Egypt.")
    assert texts == ["the UAE of arming the Rapid Support Forces (RSF)"]


def test_statement_spans_a_dateline_of_two_places_with_a_double_hyphen_is_a_dateline() -> None:
    from kg.dateline import parse_dateline
    from kg.records import Span

    text = "CAIRO and AMMAN -- Militants fired a rocket at the border crossing on Sunday, Egypt said."
    dateline = parse_dateline(text, (Span(0, len(text)),))
    assert dateline is not None and text[dateline.span.begin : dateline.span.end] == "CAIRO and AMMAN -- "
    assert dateline.place == "Cairo"


def test_statement_spans_the_clause_of_a_denied_claim_is_no_statement_of_the_denier(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "denied Russia's allegations that X": X is what the allegations say, the opposite of the denier's words."""
    extraction = _read(pipeline, "Ukrainian President Volodymyr Zelensky on Monday denied Russia's allegations that "
                                 "Ukraine had attacked a residence near Novgorod. The ministry denied a report that "
                                 "the minister had resigned over the talks. Zelensky said the talks would resume.")
    assert [s.text for s in extraction.statements] == ["the talks would resume"]


def test_statement_spans_according_to_between_two_clauses_attributes_the_first_only(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "A, according to X, and B, sources told Y": two statements, each with its own source and span."""
    extraction = _read(pipeline, "Ten people were killed in the attack, according to a rights group, and the town "
                                 "was cut off from supplies, sources told the Reuters news agency.")
    assert [(s.speaker_text, s.text) for s in extraction.statements] == [
        ("a rights group", "Ten people were killed in the attack"),
        ("sources", "the town was cut off from supplies")]


def test_statement_spans_a_trailing_denying_participle_is_the_reporters(pipeline) -> None:  # type: ignore[no-untyped-def]
    """ "…, denying Moscow's claim that …": the reporter tells the speaker's next act; the claim is not his."""
    texts = _texts(pipeline, "The minister said his country did not strike the capital, denying Moscow's claim "
                             "that Kyiv was behind an alleged night attack on the palace.")
    assert texts == ["his country did not strike the capital"]


def test_statement_spans_in_his_sharpest_criticism_describes_the_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    texts = _texts(pipeline, "President Omar Hassan said the raid threatened to inflame ethnic tensions in his "
                             "sharpest criticism of Egypt since taking office. The governor said the budget would "
                             "be cut by a third, in her first remarks since the election.")
    assert texts == ["the raid threatened to inflame ethnic tensions", "the budget would be cut by a third"]


def test_statement_spans_two_sources_joined_by_and_each_say_their_own(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The parse may hang the second "X said" off the first speech verb: it is X's statement, not part of the first."""
    speakers = speakers_of(_read(pipeline, "The Times said the plan had been shelved and the Journal said the envoy "
                                           "had left the country."))
    assert speakers == {"the plan had been shelved": "Times", "the envoy had left the country": "Journal"}


def test_statement_spans_a_parenthetical_before_coordinated_speakers_keeps_the_statement(pipeline) -> None:  # type: ignore[no-untyped-def]
    """", mostly likely from X, A and B said": the parse may read the speakers as an apposition to X."""
    extraction = _read(pipeline, "North Korea fired several ballistic missiles toward the west coast, mostly likely "
                                 "from Wonsan, South Korea's Joint Chiefs of Staff and The Japanese Ministry of "
                                 "Defense said on Thursday.")
    assert [s.speaker_text for s in extraction.statements] == [
        "South Korea's Joint Chiefs of Staff and The Japanese Ministry of Defense"]
    assert extraction.statements[0].text.startswith("North Korea fired several ballistic missiles")


def test_statement_spans_a_list_before_a_subjectless_speech_verb_gives_its_speakers(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = _read(pipeline, "Fears of war grew in recent weeks after Sudan ordered a general military "
                                 "mobilisation, according to a human rights group, and Chad deployed troops towards "
                                 "the border, diplomatic sources and officials told the Reuters news agency.")
    assert [(s.speaker_text, s.text) for s in extraction.statements] == [
        ("a human rights group", "Fears of war grew in recent weeks after Sudan ordered a general military mobilisation"),
        ("diplomatic sources and officials", "Chad deployed troops towards the border")]


def test_statement_spans_a_mixed_quote_after_a_misparsed_complement_keeps_the_unquoted_words(pipeline) -> None:  # type: ignore[no-untyped-def]
    """A mistagged verb ("runs" read as a noun) made the complement an object of "said"; the quoted
    conjunct alone was taken for the statement."""
    extraction = _read(pipeline, "Addressing the assembly late last month, Sargsyan said the term used by Aliyev runs "
                                 "counter to the May 3 agreement and is \"perceived as a hostile claim\" in Armenia.")
    assert [(s.kind, s.text) for s in extraction.statements] == [
        (StatementKind.MIXED,
         'the term used by Aliyev runs counter to the May 3 agreement and is "perceived as a hostile claim" in Armenia')]
