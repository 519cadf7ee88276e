"""Type evidence from the sentence around a name, for names the knowledge base does not link.

The small model types a name from its letters and a few words around it, and an article often
repeats its error ("Sheinbaum" an organisation in every sentence). Grammar says more: "Sheinbaum
emphasized … Her comments" is a person speaking, "the cities of Bahawalpur, Muridke and Kotli"
are places, "Mykhaylo Podolyak, an adviser to …" is a person. Each cue here is one such reading;
the entity resolver lets them outvote the model when they all agree (a linked name keeps its KB
type). The cues are grammar and common nouns, never a list of names.

Subject of "said" alone is no person evidence: "Moscow said", "Hamas said" are places and
organisations speaking.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from kg.names import PERSONAL_TITLES
from kg.nlp import ROLE_NOUNS
from kg.records import EntityType, Span

# Verbs of speech and thought whose subject may be a person (or a government speaking through one).
SPEAKING = frozenset(
    """say tell add stress note insist warn confirm state emphasize emphasise affirm reaffirm announce
    declare deny claim accuse urge explain argue reiterate acknowledge admit think believe hope fear
    feel know want""".split()
)
PERSONAL_PRONOUNS = frozenset("he she his her him himself herself".split())
# Titles that name a person's office; "former", "acting", "Prime", "General" ... also qualify things.
_TITLES = PERSONAL_TITLES - frozenset("former acting deputy vice prime supreme chief leader general justice speaker "
                                      "private major father".split())
# Common nouns whose complement or apposition is a place: "the cities of X", "X, a city in".
PLACE_NOUNS = frozenset(
    """city cities town towns village villages region regions province provinces district districts capital
    port area areas state governorate oblast county municipality neighbourhood neighborhood suburb""".split()
)
# Last words that make a name a place or an organisation whatever the model says ("the Red and
# Arabian Seas", "US Central Command").
PLACE_HEADS = frozenset("sea seas ocean gulf strait straits bay peninsula river lake desert".split())
ORGANIZATION_HEADS = frozenset(
    """command ministry council committee agency army navy forces guard bureau department directorate
    parliament party""".split()
)
LOCATIVE = frozenset("in near outside inside around across".split())
# Heads of "in" that are no location: "confidence in X", "a stake in X", "joined in X".
_NOT_LOCATIVE_HEADS = frozenset("trust confidence faith interest belief stake role member membership seat "
                                "position invest believe participate join share".split())
MOVING = frozenset("flee return move travel relocate evacuate".split())
STRIKING = frozenset("strike hit shell bomb bombard pound raid".split())


def type_cues(doc: Doc, spans: list[Span]) -> dict[Span, EntityType]:
    """Mentions (character spans of ``doc``) whose grammar says their type; none for a conflicting reading."""
    cues: dict[Span, EntityType] = {}
    for span in spans:
        ent = doc.char_span(span.begin, span.end, alignment_mode="expand")
        if ent is None or not len(ent):
            continue
        found = {cue for cue in (_head_word_type(ent), _person_cue(ent), _place_cue(ent)) if cue is not None}
        if len(found) == 1:
            cues[span] = found.pop()
    return cues


def _head_word_type(ent: SpacySpan) -> EntityType | None:
    last = ent[-1].lower_
    if len(ent) < 2 or not ent[-1].is_title:
        return None
    if last in PLACE_HEADS:
        return EntityType.PLACE
    if last in ORGANIZATION_HEADS:
        return EntityType.ORGANIZATION
    return None


def _person_cue(ent: SpacySpan) -> EntityType | None:
    if _after_title(ent) or _apposed_to_role(ent):
        return EntityType.PERSON
    root = ent.root
    if _speaks(root) and _referred_to_by_pronoun(ent):
        return EntityType.PERSON
    return None


def _speaks(token: Token) -> bool:
    return token.dep_ == "nsubj" and token.head.lemma_.casefold() in SPEAKING


def _after_title(ent: SpacySpan) -> bool:
    """ "President Sheinbaum", "Mr. Lavrov": a capitalised personal title just before the name."""
    i = ent.start - 1
    doc = ent.doc
    if i >= 0 and doc[i].text == ".":
        i -= 1
    return i >= 0 and doc[i].is_title and doc[i].lower_.rstrip(".") in _TITLES


def _apposed_to_role(ent: SpacySpan) -> bool:
    """ "Mykhaylo Podolyak, an adviser to …": the name and a role noun in apposition."""
    root = ent.root
    return any(child.dep_ == "appos" and child.lower_ in ROLE_NOUNS for child in root.children)


def _referred_to_by_pronoun(ent: SpacySpan) -> bool:
    """He/she/his/her in the name's sentence, or opening one of the next two, and no other person or
    speaking name there."""
    doc = ent.doc
    sentence = ent.sent
    window = [t for t in sentence if not ent.start <= t.i < ent.end]
    following = sentence
    for _ in range(2):  # the next sentence may still be the quotation the name introduced
        if following.end >= len(doc):
            break
        following = doc[following.end].sent
        window += [t for t in following if t.i < following.start + 3]
    if any(t.ent_type_ == "PERSON" or t.ent_type_ and _speaks(t) for t in window):
        return False  # "Moscow said …, and Hamas said … His comments": whose?
    return any(t.lower_ in PERSONAL_PRONOUNS and t.pos_ == "PRON" for t in window)


def _place_cue(ent: SpacySpan) -> EntityType | None:
    root = ent.root
    for token in _coordination(root):
        if _placed(token) or _struck(token) and ent.root.ent_type_ == "PERSON" or _in_list_of_places(token, ent):
            return EntityType.PLACE
    return None


def _coordination(token: Token) -> list[Token]:
    """The token and the first member of its coordination (cues attach to the first: "cities of A, B and C")."""
    first = token
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    return [token] if first is token else [token, first]


def _placed(token: Token) -> bool:
    """ "trapped in X", "fled to X", "the cities of X", "X city", "X, a city in …"."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in LOCATIVE and head.head.lemma_.casefold() not in _NOT_LOCATIVE_HEADS:
        return True
    if token.dep_ == "pobj" and head.lower_ in ("to", "from") and head.head.lemma_.casefold() in MOVING:
        return True  # "fled to X"
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in PLACE_NOUNS and head.head.i < token.i:
        return True
    if any(child.dep_ == "appos" and child.lower_ in PLACE_NOUNS for child in token.children):
        return True
    return token.dep_ == "compound" and head.lower_ in PLACE_NOUNS and head.i == token.i + 1


def _struck(token: Token) -> bool:
    return token.dep_ == "dobj" and token.head.lemma_.casefold() in STRIKING


def _in_list_of_places(token: Token, ent: SpacySpan) -> bool:
    """One of three or more coordinated names, the others places and none a person."""
    members = [t for t in token.head.subtree if t.ent_type_ and (t.dep_ == "conj" or t.i == _first(token).i)
               and not ent.start <= t.i < ent.end and t.ent_iob_ == "B"]
    if len(members) < 2:
        return False
    return all(t.ent_type_ in ("GPE", "LOC") for t in members)


def _first(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    return token
