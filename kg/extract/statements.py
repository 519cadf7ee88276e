"""Statements: direct, mixed and indirect speech, attributed from the dependency parse.

Each speech verb (say, tell, stress, …) with a clausal complement gives a statement:
direct when a quotation fills the complement, mixed when the complement ends in a
quoted fragment, indirect otherwise; "X accused Y of doing Z" gives "Y of doing Z", a
negated verb ("has not confirmed that …") none. The complement is what the speaker said,
not all the parse hangs under it: a nested "…, adding that …" is a statement of its own,
and a reporter's trailing "…, after striking …" or "…, according to X" is left out.
Quotations that no complement covers are attributed to a speech verb in their own
sentences; a quotation that is a paragraph of its own continues the previous speaker,
named or not, as news writing does. Quoted fragments with no attribution (scare quotes,
names) are not statements. A joint statement ("X and Y said", "X, Y and Z said in a joint
statement") has every speaker its speaker phrase names (kg/extract/speakers.py), its speaker
text naming them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.quotes import Quote
from kg.extract.speakers import Resolution, SpeakerContext, passive_agent, span_of
from kg.tokens import tokens_where
from kg.extract.when import resolve
from kg.records import Span, Statement, StatementKind

SPEECH_VERBS = frozenset(
    """say tell add stress note insist warn conclude remind accuse confirm state report claim explain
    argue announce declare emphasize emphasise underline underscore write assert acknowledge admit deny
    suggest comment reply respond answer urge predict pledge promise vow recall mention caution complain
    point observe reiterate estimate allege maintain contend quip tweet concede agree affirm reaffirm""".split()
)
ACCUSING = frozenset({"accuse"})  # "X accused Y of doing Z": the statement is "Y of doing Z" (tests/gold/README.md)
DEED_INFINITIVES = frozenset({"agree"})  # "agreed to talks", "agreed to open a corridor": a deed, not words
# Verbs that also take things as subjects ("it suggests", "the data suggest"): speech only when a speaker resolves.
EVIDENTIAL = frozenset({"suggest"})
# Nouns whose "that" clause is their content, someone else's words: "denied Russia's allegations that
# Ukraine had attacked ..." is no statement of the denier's (its clause is not his complement).
CONTENT_NOUNS = frozenset(
    """allegation accusation claim charge report rumour rumor suggestion assertion speculation notion
    idea belief fear concern view argument assumption impression theory""".split()
)
# Nouns for a speaker's own words: "in his sharpest criticism yet" describes the statement.
STATEMENT_NOUNS = frozenset(
    """criticism remark comment statement speech address interview rebuke attack warning message post
    response reply appeal""".split()
)
# Trailing phrases after a comma that report the reporter's context, not the speaker's words:
# "…, after striking Beirut overnight", "…, amid fears of war", "…, indicating a shift" (a participle
# of these or of a speech verb: "…, denying …").
NARRATION_PREPOSITIONS = frozenset({"after", "amid", "amidst", "following"})
COMMENTARY_PARTICIPLES = frozenset({"indicate", "signal", "highlight", "reflect"})
_CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis")
_TIME_WORDS = re.compile(
    r"^(?:(?:on|late|early|last|this)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"today|yesterday|week|month|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2})",
    re.IGNORECASE,
)
MIN_QUOTE_WORDS = 4
CONTRAST_MARKS = frozenset({"while", "whereas", "whilst"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # past, present and modal: the verb of a clause


@dataclass(frozen=True)
class _Cues:
    """The article's speech verbs and its words "according", found once, in order."""

    speech_verbs: list[Token]
    according: list[Token]

    @classmethod
    def of(cls, doc: Doc) -> _Cues:
        verbs = tokens_where(doc, LEMMA, lambda lemma: lemma.casefold() in SPEECH_VERBS)
        return cls([t for t in verbs if t.pos_ in ("VERB", "AUX")], tokens_where(doc, LOWER, "according".__eq__))


@dataclass
class _Draft:
    """A statement found but not yet attributed; ``subject`` None marks a continued quotation."""

    span: Span
    kind: StatementKind
    verb: Token | None
    subject: Token | None
    resolution: Resolution | None = None
    speaker_text: str = ""


def extract_statements(
    doc: Doc, text: str, quotes: list[Quote], content: tuple[Span, ...], speakers: SpeakerContext,
    reference: date | None,
) -> tuple[Statement, ...]:
    """Statements of one article; ``text`` is the doc's text, passed since Doc.text rebuilds it on each read."""
    quote_spans = [q.span for q in quotes]
    cues = _Cues.of(doc)
    drafts: list[_Draft] = []
    covered: set[int] = set()
    drafted: list[Token] = []
    for verb in _speech_verbs(cues, quote_spans, content):
        subject = _speaker_token(verb)
        if subject is None or _reports_nothing(verb):
            continue
        clause = (_accusation(verb) or _reported_clause(verb, subject) or _that_clause(verb)
                  or _clause_before(verb, subject) or _complement_parsed_as_object(verb))
        if clause is None:
            continue
        if verb.lemma_.casefold() == "report":  # Anadolu reported that …, according to X: X said it
            subject = _according_to_within(doc, cues, Span(verb.idx, verb.sent.end_char)) or subject
        inside = [i for i, q in enumerate(quote_spans) if q.overlaps(clause)]
        kind, span = _classify(text, clause, [quote_spans[i] for i in inside])
        covered.update(inside)
        drafts.append(_Draft(span, kind, verb, subject))
        drafted.append(verb)
    for source, clause in _according_to_clauses(doc, cues, quote_spans, content):
        if any(clause.begin <= verb.idx < clause.end for verb in drafted):
            continue  # "X announced that …, according to The Japan News": the paper reports X's words
        inside = [i for i, q in enumerate(quote_spans) if q.overlaps(clause)]
        kind, span = _classify(text, clause, [quote_spans[i] for i in inside])
        covered.update(inside)
        drafts.append(_Draft(span, kind, None, source))
    for index, quote in enumerate(quote_spans):
        if index in covered:
            continue
        draft = _attribute_quote(doc, cues, text, quote)
        if draft is not None:
            drafts.append(draft)
    drafts = _dedupe([_trimmed(_after_dateline(d, speakers.dateline), text) for d in drafts])
    drafts = [d for d in drafts if d.subject is not None or d.kind == StatementKind.DIRECT]
    _attribute(drafts, speakers, quote_spans, content)
    return tuple(_finish(text, drafts, speakers, reference))


def _speech_verbs(cues: _Cues, quote_spans: list[Span], content: tuple[Span, ...]) -> list[Token]:
    verbs = []
    for token in cues.speech_verbs:
        if any(q.begin <= token.idx < q.end for q in quote_spans):
            continue
        if content and not any(c.begin <= token.idx < c.end for c in content):
            continue
        verbs.append(token)
    return verbs


def _reports_nothing(verb: Token) -> bool:
    """ "has not confirmed that …" says nothing was said; "vessels claimed to be carrying drugs" is a
    reduced passive that names no speaker."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def _accusation(verb: Token) -> Span | None:
    """ "X accused Y of doing Z": the statement is "Y of doing Z"; an accusation of a noun ("of risky
    deployments") names no claim."""
    if verb.lemma_.casefold() not in ACCUSING:
        return None
    accused = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if accused is None:
        return None
    of = next((c for c in [*verb.children, *accused.children] if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None or of.i < accused.i or not any(c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX") for c in of.children):
        return None
    doc = verb.doc
    tokens = _clause_end(_without_nested(list(doc[accused.left_edge.i : of.right_edge.i + 1])))
    return span_of(tokens) if len(tokens) >= 3 else None


def _reported_clause(verb: Token, subject: Token) -> Span | None:
    """The clausal complement: what was said."""
    for child in [*verb.children, *_complement_parsed_as_relative(verb)]:
        if not ((child.dep_ in _CLAUSE_DEPS or child.dep_ in ("relcl", "acl")) and child.pos_ in ("VERB", "AUX")):
            continue
        if child.dep_ == "xcomp" and verb.lemma_.casefold() in DEED_INFINITIVES:
            continue
        tokens = _clause_tokens(verb, child, subject)
        if len(tokens) >= 3:
            return span_of(tokens)
    return None


def _clause_tokens(verb: Token, head: Token, subject: Token) -> list[Token]:
    """The words of the complement headed by ``head``, without what the parse attached to it but the
    speaker did not say; empty when the complement is no statement."""
    if head.i > verb.i and any(t.i < verb.i and t.tag_ in ("WP", "WDT") for t in head.subtree):
        return []  # "struck what the military said were depots": the clause names a thing, claims nothing
    tokens = [t for t in head.subtree
              if not (t.lower_ == "that" and t.head == head and (t.dep_ == "mark" or t.i == head.left_edge.i))]
    tokens = _without_leading_time(verb, head, tokens)
    if head.i > verb.i:
        tokens = [*tokens, *_adjacent_complement(verb, head)]
        tokens = [*tokens, *_stranded_conjuncts(verb, tokens)]
    else:
        tokens = _before_speaker(verb, subject, tokens)
    tokens = [t for t in tokens if not t.is_punct or t.idx > tokens[0].idx]
    tokens = _after_other_source(tokens)
    return _clause_end(_without_nested(tokens, head))


def _after_other_source(tokens: list[Token]) -> list[Token]:
    """ "A happened, according to a rights group, and B happened, sources said": the conjunct before
    "according to X, and" is X's; the speech verb's sources said only what follows it."""
    for token in tokens:
        cc = _conjunct_after_according_to(token)
        if cc is not None and cc.i < tokens[-1].i:
            return [t for t in tokens if t.i > cc.i]
    return tokens


def _conjunct_after_according_to(token: Token) -> Token | None:
    """The "and" (or "but") of "A, according to X, and B" when ``token`` is that "according" and B is a
    clause of its own (a conjunct with a subject): the phrase then attributes A only."""
    phrase = _according_to_phrase(token.doc, token)
    if phrase is None:
        return None
    doc = token.doc
    end = max(token.right_edge.i, phrase[1].right_edge.i)
    if end + 3 >= len(doc) or doc[end + 1].text != "," or doc[end + 2].dep_ != "cc":
        return None
    cc = doc[end + 2]
    clause = token.head
    if not any(c.dep_ == "conj" and c.i > cc.i and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
               for c in clause.children):
        return None
    return cc


def _complement_parsed_as_object(verb: Token) -> Span | None:
    """ 'said the term used by Aliyev runs counter to the accord and is "perceived as a claim" in
    Armenia': a mistagged verb ("runs" read as a noun) may turn the complement into an object of "say"
    and its second half, with the quoted words, into a conjunct of "say" without a subject of its own.
    "Say" takes no such object: the object and the quoted conjunct are what was said (a mixed quote),
    not the quoted words alone."""
    if verb.lemma_.casefold() != "say" or any(c.dep_ in _CLAUSE_DEPS for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    conj = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")), None)
    if obj is None or conj is None or len(list(obj.subtree)) < 3 or conj.i < obj.right_edge.i:
        return None
    between = verb.doc[obj.right_edge.i + 1 : conj.left_edge.i]
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children) or not any(t.dep_ == "cc" for t in between) \
            or conj.lemma_.casefold() in SPEECH_VERBS or not any(t.text in '"“”' for t in conj.subtree):
        return None
    tokens = _clause_end(_without_nested([*obj.subtree, *between, *conj.subtree]))
    return span_of(tokens) if len(tokens) >= 3 else None


def _clause_end(tokens: list[Token]) -> list[Token]:
    """The clause without a trailing phrase of the reporter's and without punctuation or a conjunction
    left at its end (a closing quotation mark stays: it tells a quote from a fragment)."""
    tokens = _without_trailing_narration(_without_according_to(tokens))
    while tokens and (tokens[-1].is_punct and not _closes(tokens[-1], tokens) or tokens[-1].pos_ == "CCONJ"):
        tokens.pop()
    return tokens


def _closes(token: Token, tokens: list[Token]) -> bool:
    """A closing quotation mark, or a bracket whose opening one is in ``tokens``: "the RSF (Rapid Support Forces)"."""
    if token.text in "”\"’'»":
        return True
    return token.text == ")" and any(t.text == "(" for t in tokens)


def _without_according_to(tokens: list[Token]) -> list[Token]:
    """ "…, according to the spokeswoman": the attribution at the end of a clause is not what was said."""
    words = [t for t in tokens if not t.is_punct]
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            if words and max(token.right_edge.i, token.doc[token.i + 1].right_edge.i) >= words[-1].i:
                return [t for t in tokens if t.i < token.i]
    return tokens


def _adjacent_complement(verb: Token, head: Token) -> list[Token]:
    """ "said all the drones he claimed were fired at it were shot down": a relative clause with a
    speech verb may split the complement in two; the second part follows the first without a break."""
    end = head.right_edge.i
    for other in verb.children:
        if other.dep_ == "ccomp" and other.i > head.i and other.left_edge.i == end + 1:
            first = other.left_edge
            if _has_own_speaker(other):
                continue  # "the Times said the plan was shelved and the Journal said …": the Journal's words
            if not first.is_punct and first.lower_ != "that" and first.pos_ != "CCONJ":
                return list(other.subtree)
    return []


def _has_own_speaker(token: Token) -> bool:
    """A speech verb with a subject of its own: a statement by someone else."""
    return token.lemma_.casefold() in SPEECH_VERBS and token.pos_ == "VERB" \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _stranded_conjuncts(verb: Token, tokens: list[Token]) -> list[Token]:
    """ "said the drills were a response to "independence," and a warning to …": the parse may hang a
    noun conjunct of the complement off the speech verb, which cannot coordinate with a noun."""
    end = max(t.i for t in tokens)
    doc = verb.doc
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.pos_ in ("NOUN", "PROPN") and conj.i > end:
            between = list(doc[end + 1 : conj.left_edge.i])
            if any(t.dep_ == "cc" for t in between) and all(t.is_punct or t.dep_ == "cc" for t in between):
                return [*between, *conj.subtree]
    return []


def _before_speaker(verb: Token, subject: Token, tokens: list[Token]) -> list[Token]:
    """ "…, South Korea's Joint Chiefs of Staff and Japan's Defense Ministry said": a complement before
    its speaker ends before the speaker's words, at a comma or quotation mark; the parse may have taken
    a coordinated speaker into it, and one that runs into its speaker ("The UN called for … after the
    RSF said …") is not what the speaker said."""
    first = min(t.i for t in subject.subtree) if subject.i < verb.i else verb.i
    kept = [t for t in tokens if t.i < first]
    comma = next((t for t in reversed(kept) if t.text == ","), None)
    if comma is not None and kept[-1].pos_ == "CCONJ":
        speaker = [t for t in kept if t.i > comma.i]
        if all(t.pos_ not in ("VERB", "AUX") and not t.is_punct for t in speaker):
            kept = [t for t in kept if t.i < comma.i]
    words = [t for t in kept if not t.is_punct]
    if not words or not verb.doc[words[-1].i + 1].is_punct:
        return []
    return kept


def _that_clause(verb: Token) -> Span | None:
    """ "said in a joint statement that the strikes targeted forces sent to …": when the parse finds
    no complement, a "that" after the verb and its own modifiers still opens one, to the sentence end."""
    doc = verb.doc
    end = verb.sent.end
    for token in doc[verb.i + 1 : end]:
        if token.lower_ == "that" and token.tag_ == "IN":
            tokens = _clause_end(_without_nested([t for t in doc[token.i + 1 : end] if not t.is_space]))
            if len(tokens) >= 3 and any(t.tag_ in FINITE_TAGS for t in tokens):
                return span_of(tokens)
            return None
        if token.is_punct or token.pos_ in ("VERB", "AUX") or verb not in token.ancestors \
                or token.lemma_.casefold() in CONTENT_NOUNS:  # "denied the claims that …": the claims' words
            return None
    return None


def _without_nested(tokens: list[Token], head: Token | None = None) -> list[Token]:
    """The complement (headed by ``head``) without the statements nested in it: "…, adding that …",
    "… and accused Y of …" (a speech verb that shares the speaker's subject), "…, while Abdelatty warned
    that …" (a speech verb with a subject of its own, set against what was said by "while") and "drones
    that the press service said were destroyed" (another source's words)."""
    nested = {t.i for verb in tokens if verb != head and _is_nested_statement(verb) for t in verb.subtree}
    return [t for t in tokens if t.i not in nested]


def _is_nested_statement(token: Token) -> bool:
    if token.lemma_.casefold() not in SPEECH_VERBS or token.pos_ != "VERB":
        return False
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    has_subject = bool(subjects)
    if token.dep_ == "advcl" and has_subject:
        return any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in token.children)
    if token.dep_ == "relcl" and any(s.pos_ in ("NOUN", "PROPN") for s in subjects) \
            and any(c.dep_ == "ccomp" for c in token.children):
        return True  # "two drones that the Kremlin press service said were destroyed": another source's words
    if has_subject or token.dep_ not in ("advcl", "conj") or (token.dep_ == "advcl" and token.tag_ != "VBG"):
        return False
    before = token.doc[token.left_edge.i - 1] if token.left_edge.i > 0 else token
    if before.text != "," and before.pos_ != "CCONJ":
        return False
    return _accusation(token) is not None or any(c.dep_ == "ccomp" for c in token.children)


def _without_trailing_narration(tokens: list[Token]) -> list[Token]:
    """The clause without a last phrase, after a comma, that is the reporter's: "…, after striking
    Beirut overnight", "…, amid fears of war", "…, indicating a shift in policy"."""
    words = [t for t in tokens if not t.is_punct]
    if not words:
        return tokens
    inside = {t.i for t in tokens}
    last = words[-1].i
    for token in tokens:
        head = token.head
        if head == token or head.i not in inside or token.i < head.i or head.pos_ not in ("VERB", "AUX"):
            continue
        if token.left_edge.i == 0:
            continue
        comma = token.doc[token.left_edge.i - 1]
        if head.right_edge.i >= last and _describes_the_statement(token):  # "… since taking office" may follow
            return [t for t in tokens if t.i < (comma.i if comma.text == "," else token.left_edge.i)]
        if token.right_edge.i < last:
            continue
        if comma.text == "," and comma.i in inside and _is_narration(token):
            return [t for t in tokens if t.i < comma.i]
    return tokens


def _describes_the_statement(token: Token) -> bool:
    """ "… in his sharpest criticism of Israel since …", "…, in their first comments on …": the
    reporter's description of the speaker's own words, not part of them."""
    if token.dep_ != "prep" or token.lower_ != "in":
        return False
    noun = next((c for c in token.children if c.dep_ == "pobj"), None)
    return noun is not None and noun.lemma_.casefold() in STATEMENT_NOUNS \
        and any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in noun.children)


def _is_narration(token: Token) -> bool:
    if token.dep_ == "prep" and token.lower_ in NARRATION_PREPOSITIONS:
        return token.lower_ in ("amid", "amidst") or any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in token.children)
    if token.dep_ != "advcl" or token.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children):
        return False
    # "…, denying Russia's claim that …": a speech act of the speaker's own, told by the reporter
    return token.lemma_.casefold() in COMMENTARY_PARTICIPLES or token.lemma_.casefold() in SPEECH_VERBS


def _time_after(verb: Token) -> list[Token]:
    """The time expression written right after the speech verb ("said on Monday", "said last week")."""
    doc = verb.doc
    i = verb.i + 1
    if i + 1 < len(doc) and doc[i].lower_ == "on" and doc[i + 1].ent_type_ == "DATE":
        i += 1
    if i >= len(doc) or doc[i].ent_type_ != "DATE":
        return []
    while i < len(doc) and doc[i].ent_type_ == "DATE":
        i += 1
    return list(doc[verb.i + 1 : i])


def _without_leading_time(verb: Token, head: Token, tokens: list[Token]) -> list[Token]:
    """ "said on Monday Russia's forces had taken …" (no "that"): the parse may put the time into the
    reported clause, or the clause's subject into the time phrase ("on Tuesday Ukraine was ready");
    the time belongs to the speech verb and the words after it to the clause."""
    time = _time_after(verb)
    if not time or not tokens or tokens[0].i < verb.i:
        return tokens
    after = time[-1].i + 1
    kept = [t for t in tokens if t.i >= after]
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in head.children)
    if kept and not has_subject:  # the subject was read as part of the time phrase
        kept = [*verb.doc[after : kept[0].i], *kept]
    return kept if kept and not any(t.is_punct for t in verb.doc[after : kept[0].i]) else tokens


def _complement_parsed_as_relative(verb: Token) -> list[Token]:
    """ "told a briefing that the West was prolonging the conflict": the parse may read the
    complement as a relative clause (or a clause modifier) on the hearer. A "that" clause with a
    subject of its own, where "that" fills no gap (not the subject, nor an object the verb
    lacks), is the complement."""
    found = []
    for hearer in (c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lemma_.casefold() not in CONTENT_NOUNS):
        for clause in (c for c in hearer.children if c.dep_ in ("relcl", "acl")):
            that = next(clause.subtree)
            deps = [c.dep_ for c in clause.children if c != that]
            if that.lower_ != "that" or that.head != clause or not any(d in ("nsubj", "nsubjpass") for d in deps):
                continue
            if that.dep_ in ("mark", "dative") or (that.dep_ == "dobj" and "dobj" in deps):
                found.append(clause)
    return found


def _speaker_token(verb: Token) -> Token | None:
    """The subject of the speech verb, including "according to X" and "reported X as saying"."""
    for child in verb.children:
        if child.lower_ == "as" and any(g.lemma_.casefold() in SPEECH_VERBS for g in child.children):
            quoted = next((t for t in verb.children if t.dep_ == "dobj"), None)  # Tass reported X as saying
            if quoted is not None:
                return quoted
    subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: abs(c.i - verb.i))
    if subjects:
        subject = subjects[0]  # the nearest: “…, Nordic Response, in 2024,” he said
        agent = passive_agent(verb) if subject.dep_ == "nsubjpass" else None
        if agent is not None:  # "X are said by the UN to be …": the agent said it, not X
            return agent
        if subject.lower_ in ("who", "that", "which"):
            return verb.head if verb.dep_ == "relcl" else None  # Dmitry Peskov, who said …
        return subject
    for child in verb.rights if _may_be_inverted(verb) else ():  # inverted: "…,” added the representative.
        if child.dep_ in ("dobj", "attr", "npadvmod", "nsubj") and child.pos_ in ("NOUN", "PROPN"):
            if not any(t.dep_ == "ccomp" for t in verb.children):
                return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            for grandchild in child.children:
                if grandchild.dep_ == "prep":
                    return next((t for t in grandchild.children if t.dep_ == "pobj"), None)
    appositive = _appositive_speaker(verb)
    if appositive is not None:
        return appositive
    head = verb.head
    if verb.dep_ in ("pcomp", "pobj") and head.lower_ == "as":  # Tass reported Grushko as saying
        return next((t for t in head.head.children if t.dep_ == "dobj"), None)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return _speaker_token(head.head)  # "responded by insisting that …"
    if verb.dep_ in ("advcl", "conj", "xcomp") and head != verb:  # ..., adding that ...
        return _speaker_token(_enclosing_speech_verb(verb) or head)
    return None


def _appositive_speaker(verb: Token) -> Token | None:
    """ "North Korea fired missiles, most likely from Wonsan, South Korea's military and Japan's ministry
    said": after a parenthetical the parse may read the speakers as an apposition to the word before
    them (or as the last of a list: "…, Chad deployed troops towards the border, diplomatic sources
    told Reuters") and leave the finite speech verb without a subject; the noun phrase set off by a
    comma and ending right before the verb is its speaker."""
    if verb.i == 0 or verb.tag_ not in FINITE_TAGS or verb.dep_ not in ("advcl", "conj", "ccomp", "ROOT"):
        return None
    before = verb.doc[verb.i - 1]
    for token in [before, *before.ancestors]:
        if token.right_edge != before or token == verb:
            return None
        if token.dep_ in ("appos", "conj") and token.pos_ in ("NOUN", "PROPN") and token.left_edge.i > 0 \
                and verb.doc[token.left_edge.i - 1].text == "," and not any(
                    t.pos_ in ("VERB", "AUX") for t in token.subtree):
            return token
    return None


def _may_be_inverted(verb: Token) -> bool:
    """ "…,” added the representative": a finite verb right after what was said (a comma, quotation
    mark or dash), not "… and urged families to come forward" nor "describing the raids as …"."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else verb
    return verb.tag_ in FINITE_TAGS and before.is_punct and before.text not in "(["


def _enclosing_speech_verb(verb: Token) -> Token | None:
    """ "said the envoy had made requests, adding that …", "warned …, describing X as Y and cautioning
    that …": a participle or conjunct without a subject continues the speech verb it hangs under,
    wherever the parse attached it, not the clause it happens to sit in."""
    return next((t for t in verb.ancestors if t.lemma_.casefold() in SPEECH_VERBS and t.pos_ == "VERB"), None)


def _clause_before(verb: Token, subject: Token) -> Span | None:
    """ "NATO has stepped up activity, head of … Rudskoi said": the parse may hang the speech verb
    off the clause as a conjunct; the clause is then the sentence up to the comma before the speaker."""
    sentence = verb.sent
    first = min(t.i for t in subject.subtree)
    appositive = subject.dep_ in ("appos", "conj") and subject.right_edge.i + 1 == verb.i
    if (verb.dep_ not in ("conj", "ROOT") and not appositive) or first - sentence.start < 4 or verb.i < subject.i:
        return None
    comma = verb.doc[first - 1]
    if comma.text != ",":
        return None
    tokens = _after_other_source([t for t in sentence if t.i < comma.i])
    if not any(t.tag_ in FINITE_TAGS for t in tokens):
        return None  # "Writing on Telegram, Medvedev accused …": a phrase without a finite verb, not a clause
    return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def _according_to_phrase(doc: Doc, token: Token) -> tuple[Token, Token] | None:
    """(the word "according", the source it names) when ``token`` starts "according to X"."""
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    source = next((t for t in doc[token.i + 1].children if t.dep_ == "pobj"), None)
    return (token, source) if source is not None else None


def _according_to_within(doc: Doc, cues: _Cues, clause: Span) -> Token | None:
    for token in cues.according:
        if clause.begin <= token.idx < clause.end:
            found = _according_to_phrase(doc, token)
            if found:
                return found[1]
    return None


def _according_to_clauses(doc: Doc, cues: _Cues, quote_spans: list[Span],
                           content: tuple[Span, ...]) -> list[tuple[Token, Span]]:
    """ "According to the diplomat, Russia …" and "… , according to the alliance's chief.": the
    sentence without the attribution phrase is what the source said."""
    found = []
    for token in cues.according:
        phrase = _according_to_phrase(doc, token)
        if phrase is None or any(q.begin <= token.idx < q.end for q in quote_spans):
            continue
        if content and not any(c.begin <= token.idx < c.end for c in content):
            continue
        attribution = {t.i for t in token.subtree} | {token.i, token.i + 1} | {t.i for t in phrase[1].subtree}
        sentence = list(token.sent)
        if _conjunct_after_according_to(token) is not None:
            sentence = [t for t in sentence if t.i < token.i]  # "A, according to X, and B": X said A
        rest = [t for t in sentence if t.i not in attribution and not t.is_space
                and not (t.is_punct and t.text not in "”\"’'»")]
        while rest and rest[0].is_punct:
            rest.pop(0)
        if len(rest) < 4:
            continue
        found.append((phrase[1], Span(rest[0].idx, rest[-1].idx + len(rest[-1].text))))
    return found


def _according_to(doc: Doc, according: list[Token]) -> Token | None:
    """The source named by the first of the words ``according`` that is followed by "to"."""
    for token in according:
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            return next((t for t in doc[token.i + 1].children if t.dep_ == "pobj"), None)
    return None


def _classify(text: str, clause: Span, quotes: list[Span]) -> tuple[StatementKind, Span]:
    if not quotes:
        return StatementKind.INDIRECT, clause
    quoted = sum(min(q.end, clause.end) - max(q.begin, clause.begin) for q in quotes)
    unquoted_words = _words(text[clause.begin : clause.end]) - sum(
        _words(text[max(q.begin, clause.begin) : min(q.end, clause.end)]) for q in quotes
    )
    opening = min(quotes, key=lambda q: q.begin)
    if _is_quoted_sentence(text, opening) and abs(opening.begin - clause.begin) <= 1 and opening.end < clause.end:
        return StatementKind.DIRECT, opening  # 'said, "There are signs …," though he offered no evidence'
    begin = min(clause.begin, *(q.begin for q in quotes))
    end = max(clause.end, *(q.end for q in quotes))
    if unquoted_words <= 2 or quoted >= 0.9 * (clause.end - clause.begin):
        return StatementKind.DIRECT, Span(min(q.begin for q in quotes), max(q.end for q in quotes))
    return StatementKind.MIXED, Span(begin, end)


def _is_quoted_sentence(text: str, quote: Span) -> bool:
    """A quotation that is a sentence of its own, as written: a capital first and a stop or comma last."""
    quoted = text[quote.begin : quote.end]
    return quoted[:1].isupper() and quoted[-1:] in ",.!?…" and _words(quoted) >= MIN_QUOTE_WORDS


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _attribute_quote(doc: Doc, cues: _Cues, text: str, quote: Span) -> _Draft | None:
    quoted = text[quote.begin : quote.end]
    if _words(quoted) < MIN_QUOTE_WORDS:
        return None  # a scare quote or a quoted name
    sentences = [s for s in doc.sents if s.start_char < quote.end + 2 and s.end_char > quote.begin - 1]
    verbs = _outside_quote(cues.speech_verbs, sentences, quote)
    verbs.sort(key=lambda t: min(abs(t.idx - quote.begin), abs(t.idx - quote.end)))
    for verb in verbs:
        subject = _speaker_token(verb)
        if subject is not None and not quote.begin <= subject.idx < quote.end:
            return _Draft(quote, StatementKind.DIRECT, verb, subject)
    according = _according_to(doc, _outside_quote(cues.according, sentences, quote))
    if according is not None:
        return _Draft(quote, StatementKind.DIRECT, None, according)
    if quoted[:1].isupper() and not _is_title_case(quoted):
        return _Draft(quote, StatementKind.DIRECT, None, None)  # a whole quoted sentence: continues a speaker
    return None


def _outside_quote(tokens: list[Token], sentences: list[SpacySpan], quote: Span) -> list[Token]:
    """Those of ``tokens`` that are in ``sentences`` but not inside the quotation."""
    return [t for t in tokens if any(s.start <= t.i < s.end for s in sentences) and not quote.begin <= t.idx < quote.end]


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _attribute(drafts: list[_Draft], speakers: SpeakerContext, quote_spans: list[Span],
               content: tuple[Span, ...]) -> None:
    """Resolve speakers in reading order, so that "he" and "the minister" see who spoke before."""
    for index, draft in enumerate(drafts):
        if draft.subject is not None:
            words = _speaker_words(draft.subject, draft.verb, quote_spans, speakers.dateline)
            draft.resolution = speakers.resolve(draft.subject, quote_spans, words)
            draft.speaker_text = doc_text(words) if words else draft.subject.text
            if not draft.resolution.keys and draft.verb is not None \
                    and draft.verb.lemma_.casefold() in EVIDENTIAL:
                draft.resolution = None  # "it suggests …": no one said it
        else:
            previous = _previous_in_paragraph_before(drafts[:index], draft.span, content)
            if previous is not None and previous.resolution is not None:
                draft.resolution = Resolution(previous.resolution.keys)  # all of a joint statement's speakers
                draft.speaker_text, draft.verb = previous.speaker_text, previous.verb
        if draft.resolution is not None:
            speakers.speakers.extend((draft.span.begin, key) for key in draft.resolution.keys)


def _speaker_text(subject: Token, verb: Token | None, quote_spans: list[Span], dateline: Span | None) -> str:
    """The subject's words as written (see ``_speaker_words``)."""
    words = _speaker_words(subject, verb, quote_spans, dateline)
    return doc_text(words) if words else subject.text


def _speaker_words(subject: Token, verb: Token | None, quote_spans: list[Span], dateline: Span | None) -> list[Token]:
    """The subject's words as written, without quotations, the dateline, the relative clause that holds
    the speech verb ("Eritrea, which has accused it of …": "Eritrea") or punctuation at its ends
    ("KYIV, July 14 (AP) - Ukraine's air force said": "Ukraine's air force"); every speaker of a
    coordination, also one the parse left out of the subject ("X and Y")."""
    relative = next((t for t in [verb, *verb.ancestors] if t.dep_ == "relcl" and t.head == subject), None) \
        if verb is not None else None
    within = {t.i for t in relative.subtree} if relative is not None else set()
    words = [t for t in [*_coordinated_before(subject), *_split_subject(subject)] if t.i not in within]
    phrase = [t for t in words if not any(q.begin <= t.idx < q.end for q in quote_spans)
              and not (dateline is not None and dateline.begin <= t.idx < dateline.end)]
    while phrase and phrase[0].is_punct:
        phrase.pop(0)
    while phrase and phrase[-1].is_punct:
        phrase.pop()
    return phrase


def _split_subject(subject: Token) -> list[Token]:
    """The subject's words, with those of subjects of the same verb right before it: the parse may cut
    a name into several ("President Ahmed al-Shara of Syria": "President", "al", "-", "Shara of Syria")."""
    words = list(subject.subtree)
    siblings = sorted((c for c in subject.head.children if c.dep_ == subject.dep_ and c.i < subject.i),
                      key=lambda c: -c.i)
    for sibling in siblings:
        if sibling.right_edge.i + 1 != words[0].i:
            break
        words = [*sibling.subtree, *words]
    return words


def _coordinated_before(subject: Token) -> list[Token]:
    """ "…, South Korea's Joint Chiefs of Staff and Japan's Defense Ministry said": the parse may leave
    the first of two coordinated speakers out of the subject; the words back to the comma, when they are
    a noun phrase ending in "and"/"or" (or the sentence's start), are part of the speaker's name as written."""
    doc = subject.doc
    start = subject.left_edge.i
    if start < 2 or doc[start - 1].pos_ != "CCONJ":
        return []
    i = start - 2
    while i >= subject.sent.start and not doc[i].is_punct:
        if doc[i].pos_ in ("VERB", "AUX", "CCONJ", "SCONJ", "ADP") and doc[i].dep_ not in ("prep", "case"):
            return []
        i -= 1
    at_boundary = i < subject.sent.start or doc[i].text == ","
    return list(doc[i + 1 : start]) if at_boundary and i + 1 < start - 1 else []


def _previous_in_paragraph_before(earlier: list[_Draft], span: Span, content: tuple[Span, ...]) -> _Draft | None:
    """The statement a free-standing quotation continues: the last one earlier in its paragraph, or,
    when it opens its paragraph, the last one of the paragraph before."""
    paragraph = next((i for i, c in enumerate(content) if c.begin <= span.begin < c.end), None)
    if paragraph is None:
        return None
    current = content[paragraph]
    attributed = [d for d in earlier if d.resolution is not None]  # "…, the statement said." continues unnamed
    same = [d for d in attributed if current.begin <= d.span.begin < span.begin]
    if same:
        return same[-1]
    if paragraph == 0 or span.begin - current.begin > 1:
        return None
    previous = content[paragraph - 1]
    candidates = [d for d in attributed if previous.begin <= d.span.begin < previous.end]
    return candidates[-1] if candidates else None


def doc_text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(" ,")


def _trimmed(draft: _Draft, text: str) -> _Draft:
    begin, end = draft.span.begin, draft.span.end
    while end > begin and text[end - 1].isspace():
        end -= 1
    while begin < end and text[begin].isspace():
        begin += 1
    draft.span = Span(begin, end)
    return draft


def _after_dateline(draft: _Draft, dateline: Span | None) -> _Draft:
    """ "MOSCOW, June 6. /TASS/. There are no threats…": the dateline is not part of what was said."""
    if dateline is None or not draft.span.overlaps(dateline) or draft.span.end <= dateline.end:
        return draft
    draft.span = Span(dateline.end, draft.span.end)
    return draft


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """One statement per span: of overlapping drafts keep the direct quote, else the longer."""
    ordered = sorted(drafts, key=lambda d: (d.kind != StatementKind.DIRECT, -(d.span.end - d.span.begin)))
    kept: list[_Draft] = []
    for draft in ordered:
        if any(draft.span.overlaps(k.span) for k in kept):
            continue
        kept.append(draft)
    return sorted(kept, key=lambda d: d.span.begin)


def _finish(text: str, drafts: list[_Draft], speakers: SpeakerContext, reference: date | None) -> list[Statement]:
    statements: list[Statement] = []
    last_date: dict[tuple[str, ...], str] = {}
    for draft in drafts:
        if draft.resolution is None:
            continue  # a free-standing quotation with nobody to continue
        keys = draft.resolution.keys
        when = _time_of(draft.verb, reference) if draft.verb is not None else None
        when = when or last_date.get(keys)
        if when:
            last_date[keys] = when
        mentioned = tuple(sorted({m.entity_key for m in speakers.mentions if draft.span.contains(m.span)}))
        statements.append(
            Statement(
                span=draft.span,
                text=text[draft.span.begin : draft.span.end],
                kind=draft.kind,
                speaker_text=draft.speaker_text,
                speech_verb=draft.verb.lemma_.casefold() if draft.verb is not None else None,
                speaker_keys=keys,
                speaker_mentions=draft.resolution.mentions,
                date=when,
                mentioned_keys=mentioned,
            )
        )
    return statements


def _time_of(verb: Token, reference: date | None) -> str | None:
    """A time expression attached to the speech verb ("said on Monday", "told reporters Friday")."""
    time = _time_after(verb)
    if time:
        resolved = resolve(doc_text(time).removeprefix("on "), reference)
        if resolved:
            return resolved
    for child in verb.children:
        if child.dep_ in ("prep", "npadvmod", "advmod", "nmod", "tmod") or child.ent_type_ == "DATE":
            phrase = "".join(t.text_with_ws for t in child.subtree).strip()
            if _TIME_WORDS.match(phrase) or child.ent_type_ == "DATE":
                resolved = resolve(phrase.removeprefix("on ").removeprefix("On "), reference)
                if resolved:
                    return resolved
    return None
