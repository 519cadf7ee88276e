"""What a possessive before a role refers to: "its foreign minister", "the alliance's secretary general".

A role's organization is often not named where the role is: "Japan protested … Its foreign
minister said …", "ASEAN voiced concern. The bloc's secretary general said …". "Its" takes the
organization or country that was the subject of a clause shortly before (else the last one
named there); a common noun takes the organization whose name contains it ("the ministry's"),
else the one the knowledge base describes with it ("military alliance": NATO), else, when the
noun stands for any organization ("alliance", "bloc") or any country ("country",
"government"), the last one of that kind, as "its" does. Nothing far back is guessed: the
search stops a few sentences before the phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.records import Entity, EntityType, Mention, Span

# Nouns that stand for whatever organization, or whatever country, the text is about.
ANY_ORGANIZATION = frozenset(
    "alliance bloc union organization organisation group grouping body coalition pact federation".split()
)
ANY_COUNTRY = frozenset("country nation government state kingdom republic".split())
SENTENCES_BACK = 3  # how far back an antecedent is looked for, besides the phrase's own sentence
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
WORD = re.compile(r"[a-z][a-z-]+")  # a word of casefolded text, hyphenated ones whole


@dataclass(frozen=True)
class Referents:
    """The organizations and countries of one article, in reading order, for resolving possessives."""

    doc: Doc
    mentions: tuple[Mention, ...]  # organizations and places, sorted by offset
    body: tuple[Mention, ...]  # those outside the dateline: a clause's subject is never in it
    types: dict[str, EntityType]
    name_words: dict[str, frozenset[str]]  # every word of every name of each entity, lower case
    description_words: dict[str, frozenset[str]]  # the words of each entity's knowledge-base description

    @classmethod
    def build(cls, doc: Doc, entities: tuple[Entity, ...], mentions: tuple[Mention, ...],
              known_names: dict[str, tuple[str, ...]], descriptions: dict[str, str],
              dateline: Span | None) -> Referents:
        types = {e.key: e.type for e in entities}
        actors = (EntityType.ORGANIZATION, EntityType.PLACE)
        kept = tuple(sorted((m for m in mentions if types.get(m.entity_key) in actors), key=lambda m: m.span.begin))
        body = tuple(m for m in kept if dateline is None or not dateline.overlaps(m.span))
        words = {e.key: frozenset(w for name in (e.name, *e.aliases, *known_names.get(e.key, ()))
                                  for w in WORD.findall(name.casefold())) for e in entities}
        described = {key: frozenset(WORD.findall(text.casefold())) for key, text in descriptions.items()}
        return cls(doc, kept, body, types, words, described)

    def possessor(self, token: Token) -> str | None:
        """The organization or country that ``token`` ("its", "alliance" of "the alliance's") refers to."""
        lower = token.lower_
        if lower == "its":
            return self._antecedent(token, (EntityType.ORGANIZATION, EntityType.PLACE))
        if token.pos_ != "NOUN":
            return None
        return self.by_noun(token.lemma_.casefold(), token)

    def by_noun(self, noun: str, token: Token) -> str | None:
        """ "the ministry", "the alliance": the organization whose name has the noun, else for a noun
        that stands for any organization (or country) the one the text was just about."""
        # its name ("the ministry's"), else its knowledge-base description ("military alliance": NATO)
        named = (self._organization_with(noun, self.name_words, token.idx)
                 or self._organization_with(noun, self.description_words, token.idx))
        if named is not None:
            return named
        if noun in ANY_ORGANIZATION:
            return self._antecedent(token, (EntityType.ORGANIZATION,))
        if noun in ANY_COUNTRY:
            return self._antecedent(token, (EntityType.PLACE,))
        return None

    def _organization_with(self, noun: str, words: dict[str, frozenset[str]], position: int) -> str | None:
        """The one organization whose ``words`` hold ``noun``; of several, the one named last before ``position``."""
        matches = {m.entity_key for m in self.mentions if self.types[m.entity_key] == EntityType.ORGANIZATION
                   and noun in words.get(m.entity_key, ())}
        if len(matches) == 1:
            return next(iter(matches))
        before = [m for m in self.mentions if m.entity_key in matches and m.span.begin < position]
        return before[-1].entity_key if before else None

    def _antecedent(self, token: Token, kinds: tuple[EntityType, ...]) -> str | None:
        """The subject of the latest clause that has one of ``kinds`` as its subject, within a few
        sentences before ``token``; else the last of ``kinds`` named there."""
        window = _sentences_before(token, SENTENCES_BACK)
        candidates = [m for m in self.body if window.begin <= m.span.begin and m.span.end <= token.idx
                      and self.types[m.entity_key] in kinds]
        subjects = [m for m in candidates if self._is_subject(m)]
        chosen = subjects or candidates
        return chosen[-1].entity_key if chosen else None

    def _is_subject(self, mention: Mention) -> bool:
        span = self.doc.char_span(mention.span.begin, mention.span.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        while root.dep_ == "conj" and root.head != root:  # "Japan and South Korea protested"
            root = root.head
        return root.dep_ in _SUBJECT_DEPS


def _sentences_before(token: Token, back: int) -> Span:
    """Characters from the start of the sentence ``back`` sentences before ``token``'s to ``token``."""
    sentence = token.sent
    for _ in range(back):
        if sentence.start == 0:
            break
        sentence = token.doc[sentence.start - 1].sent
    return Span(sentence.start_char, token.idx)
