"""Which people an article itself calls "he" and which "she".

No list of first names: the evidence is the article's own words about each person. A
pronoun counts for a person when that person is the only one named before it in its
sentence (then only a subject, possessive or reflexive pronoun: "Rasmussen thanked her" is
about someone else), or, when its sentence names nobody before it, the only one named in
the sentence before, unless the sentence brings in someone unnamed first ("A woman who
lives nearby said she …" is no evidence about the minister named before). An honorific
("Mr.", "Ms.") and a gendered role word ("spokeswoman") count too. Words inside quotations do
not: there someone else is speaking. A person gets a gender when its evidence outweighs the
other's; otherwise none, and resolution falls back to recency alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from kg.nlp import ROLE_NOUNS
from kg.records import Mention, Span
from kg.tokens import tokens_where

PRONOUN_GENDER = {
    "he": "he", "him": "he", "his": "he", "himself": "he",
    "she": "she", "her": "she", "hers": "she", "herself": "she",
}
_HONORIFIC_GENDER = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she"}
_ROLE_GENDER = {
    "spokeswoman": "she", "chairwoman": "she", "congresswoman": "she", "businesswoman": "she",
    "spokesman": "he", "congressman": "he", "businessman": "he",
}
# Common nouns for a person and the gender some of them carry: "a woman", "the man", "a spokeswoman".
NOUN_GENDER = {
    **_ROLE_GENDER,
    "woman": "she", "girl": "she", "mother": "she", "wife": "she", "daughter": "she", "sister": "she",
    "grandmother": "she", "widow": "she",
    "man": "he", "boy": "he", "father": "he", "husband": "he", "son": "he", "brother": "he",
    "grandfather": "he", "widower": "he",
}
PERSON_NOUNS = ROLE_NOUNS | NOUN_GENDER.keys() | frozenset(
    """resident witness survivor victim soldier doctor nurse student worker farmer journalist villager
    person activist refugee citizen voter teacher fighter civilian diplomat""".split()
)
INDEFINITE = frozenset({"a", "an", "another", "one"})
SAME_SENTENCE, NEXT_SENTENCE, HONORIFIC, ROLE_WORD = 2, 1, 3, 1  # how much each kind of evidence weighs
_SELF_REFERRING_DEPS = ("nsubj", "nsubjpass", "poss")


def person_genders(doc: Doc, persons: list[Mention], quote_spans: list[Span],
                   titles: dict[str, set[str]]) -> dict[str, str]:
    """Person key -> "he" or "she", for the people the article's words give one; ``persons`` in reading order."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for token in tokens_where(doc, LOWER, PRONOUN_GENDER.__contains__):
        if any(q.begin <= token.idx < q.end for q in quote_spans):
            continue
        found = _referent(token, persons)
        if found is not None:
            key, weight = found
            votes[key][PRONOUN_GENDER[token.lower_]] += weight
    for mention in persons:
        honorific = _word_before(doc, mention.span)
        if honorific in _HONORIFIC_GENDER:
            votes[mention.entity_key][_HONORIFIC_GENDER[honorific]] += HONORIFIC
    for key, words in titles.items():
        for word in words & _ROLE_GENDER.keys():
            votes[key][_ROLE_GENDER[word]] += ROLE_WORD
    genders = {}
    for key, counted in votes.items():
        (first, weight), *rest = counted.most_common()
        if not rest or weight > rest[0][1]:
            genders[key] = first
    return genders


def _word_before(doc: Doc, span: Span) -> str:
    """The word before ``span``, lower case, without a full stop ("Ms." -> "ms")."""
    name = doc.char_span(span.begin, span.end, alignment_mode="expand")
    if name is None or name.start == 0:
        return ""
    return doc[name.start - 1].lower_.rstrip(".")


def _referent(pronoun: Token, persons: list[Mention]) -> tuple[str, int] | None:
    """(the one person ``pronoun`` can refer to, how sure), or None when that is not clear."""
    sentence = pronoun.sent
    same = {m.entity_key for m in persons if sentence.start_char <= m.span.begin and m.span.end <= pronoun.idx}
    if same:
        if len(same) == 1 and (pronoun.dep_ in _SELF_REFERRING_DEPS or pronoun.lower_.endswith("self")):
            return next(iter(same)), SAME_SENTENCE
        return None
    if sentence.start == 0 or _unnamed_person_before(pronoun):
        return None
    previous = pronoun.doc[sentence.start - 1].sent
    before = {m.entity_key for m in persons if previous.start_char <= m.span.begin < previous.end_char}
    return (next(iter(before)), NEXT_SENTENCE) if len(before) == 1 else None


def is_unnamed_person(token: Token) -> bool:
    """Whether ``token`` heads a phrase for someone the text does not name: "a woman", "an official", "the man";
    not a phrase that describes someone named ("Lavrov, a veteran diplomat,", "X is a former general")."""
    if token.tag_ != "NN" or token.lemma_.casefold() not in PERSON_NOUNS or token.dep_ in ("appos", "attr"):
        return False
    indefinite = any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in token.children)
    return indefinite or token.lemma_.casefold() in NOUN_GENDER and token.lemma_.casefold() not in _ROLE_GENDER


def _unnamed_person_before(pronoun: Token) -> bool:
    """Whether the pronoun's sentence speaks of someone unnamed before it: the pronoun may be theirs."""
    return any(is_unnamed_person(t) for t in pronoun.doc[pronoun.sent.start:pronoun.i])
