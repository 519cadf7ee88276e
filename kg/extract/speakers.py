"""Who a speaker phrase refers to: a named entity, a pronoun, or a role description.

Precision first. A name inside the phrase wins; a pronoun takes the most recent
fitting speaker or person, never one the article calls by the other gender ("she" after
"he said"; none when nobody fits); a description ("the minister", "the bloc's secretary
general") takes the person whose titles in this article (or whose knowledge-base
description) share its role words, preferring who holds the role in the organization a
possessive names or refers to ("its", "the bloc's"), else the organization whose name contains its
head noun ("the ministry", "the alliance"); "his Egyptian counterpart" is the other holder of
the role of the person "his" refers to. An indefinite description ("a senior official")
introduces someone new. Anything else stays unresolved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.extract.countries import CountryAdjectives
from kg.extract.pronouns import PRONOUN_GENDER, person_genders
from kg.extract.reference import WORD, Referents
from kg.nlp import ROLE_NOUNS
from kg.records import Entity, EntityType, Mention, PositionFact, Span

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they"})
INDEFINITE = frozenset({"a", "an", "another", "one"})
# Role words that describe a narrower title: a description with the key fits a person with any value.
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "diplomat": frozenset({"minister", "ambassador", "envoy", "diplomat", "spokeswoman", "spokesman"}),
    "chief": frozenset({"secretary", "general", "head", "chief", "director", "commander"}),
    "head": frozenset({"secretary", "general", "head", "chief", "director", "president"}),
    "officer": frozenset({"general", "colonel", "colonel-general", "admiral", "officer", "commander"}),
    "official": ROLE_NOUNS,
    "leader": frozenset({"president", "premier", "leader", "chancellor", "minister"}),
    "chancellor": frozenset({"minister", "chancellor"}),
    "spokeswoman": frozenset({"spokeswoman", "spokesperson", "representative"}),
    "spokesman": frozenset({"spokesman", "spokesperson", "representative"}),
    "representative": frozenset({"representative", "spokeswoman", "spokesman", "spokesperson"}),
}


@dataclass
class Resolution:
    entity_key: str | None
    mention: Span | None


@dataclass
class SpeakerContext:
    """What the resolver knows about one article: its mentions, entities and people's titles."""

    doc: Doc
    dateline: Span | None
    entities: dict[str, Entity]
    mentions: list[Mention]
    referents: Referents
    countries: CountryAdjectives  # "the Japanese foreign minister": Japan
    titles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    speakers: list[tuple[int, str]] = field(default_factory=list)  # (offset, entity key) so far
    employers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # person -> role organizations
    genders: dict[str, str] = field(default_factory=dict)  # person -> "he" or "she", as the article writes them

    @classmethod
    def build(cls, doc: Doc, dateline: Span | None, entities: tuple[Entity, ...], mentions: tuple[Mention, ...],
              descriptions: dict[str, str], referents: Referents,
              positions: tuple[PositionFact, ...], quote_spans: list[Span],
              countries: CountryAdjectives) -> SpeakerContext:
        context = cls(doc, dateline, {e.key: e for e in entities}, sorted(mentions, key=lambda m: m.span.begin),
                      referents, countries)
        for mention in context.mentions:
            if context.entities[mention.entity_key].type == EntityType.PERSON:
                context.titles[mention.entity_key] |= _title_words(doc, mention.span)
        for fact in positions:
            if fact.organization_key is not None:
                context.employers[fact.holder_key].add(fact.organization_key)
        for key, description in descriptions.items():
            if key in context.entities and context.entities[key].type == EntityType.PERSON:
                context.titles[key] |= set(WORD.findall(description.casefold()))
        persons = [m for m in context.mentions if context.type_of(m.entity_key) == EntityType.PERSON]
        context.genders = person_genders(doc, persons, quote_spans, context.titles)
        return context

    def type_of(self, key: str) -> EntityType:
        return self.entities[key].type

    def resolve(self, subject: Token, quote_spans: list[Span]) -> Resolution:
        phrase = _phrase(subject)
        if self.dateline is not None and phrase.overlaps(self.dateline):
            phrase = Span(max(phrase.begin, self.dateline.end), max(phrase.end, self.dateline.end))
        named = self._named_in(phrase, subject, quote_spans)
        if named is not None:
            return named
        lower = subject.lower_
        position = subject.idx
        if subject.tag_ in ("NNS", "NNPS") and lower not in GROUP_PRONOUNS:
            return Resolution(None, None)  # "officials said": a group, not a person we can name
        if lower in PERSON_PRONOUNS:
            return Resolution(self._recent_person(position, PRONOUN_GENDER[lower]), None)
        if lower in GROUP_PRONOUNS:
            return Resolution(self._recent_group(position), None)
        if any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in subject.children):
            return Resolution(None, None)  # "a senior U.S. official": someone new, not anyone named before
        return Resolution(self._describe(subject, phrase, position), None)

    def _named_in(self, phrase: Span, head: Token, quote_spans: list[Span]) -> Resolution | None:
        inside = [m for m in self.mentions if (phrase.contains(m.span) or _holds(m.span, head) and phrase.overlaps(m.span))
                  and not any(q.contains(m.span) for q in quote_spans)]
        if not inside:
            return None
        persons = [m for m in inside if self.type_of(m.entity_key) == EntityType.PERSON
                   and not _is_possessor(head, m.span)]  # "Vladimir Putin's spokesperson" is not Putin
        if persons:  # "NATO Secretary General Jens Stoltenberg", "the spokeswoman for NATO, Oana Lungescu"
            return Resolution(persons[-1].entity_key, persons[-1].span)
        # an organization or place speaks only when it is the head of the phrase ("Russian news agency
        # TASS"), not a modifier ("the U.S. Naval Forces Europe-Africa")
        heads = [m for m in inside if m.span.begin <= head.idx < m.span.end or _is_apposition(head, m.span)
                 or self.type_of(m.entity_key) == EntityType.ORGANIZATION and _is_source(head, m.span)]
        return Resolution(heads[-1].entity_key, heads[-1].span) if heads else None

    def _recent_person(self, position: int, gender: str | None = None) -> str | None:
        """The latest speaker, else person named, that the article does not give the other gender;
        none when every candidate has it ("she" after only men)."""
        def fits(key: str) -> bool:
            return gender is None or self.genders.get(key, gender) == gender

        for offset, key in reversed(self.speakers):
            if offset < position and self.type_of(key) == EntityType.PERSON and fits(key):
                return key
        persons = [m for m in self.mentions if self.type_of(m.entity_key) == EntityType.PERSON]
        before = [m for m in persons if m.span.end <= position]
        if before:
            fitting = [m for m in before if fits(m.entity_key)]
            return fitting[-1].entity_key if fitting else None
        # a pronoun before any name ("..., he said." opening an article) points to the next person named
        after = [m for m in persons if m.span.begin > position and fits(m.entity_key)]
        return after[0].entity_key if after else None

    def _recent_group(self, position: int) -> str | None:
        for offset, key in reversed(self.speakers):
            if offset < position:
                return key if self.type_of(key) == EntityType.ORGANIZATION else None
        return None

    def _describe(self, subject: Token, phrase: Span, position: int) -> str | None:
        words = {t.lower_ for t in subject.subtree if t.idx >= phrase.begin and t.idx < phrase.end}
        head = subject.lemma_.casefold()
        if head == "counterpart":
            return self._counterpart(subject, words, position)
        if head in ROLE_NOUNS or words & ROLE_NOUNS:
            country = self._role_country(subject)
            if country is not None:
                return self._person_by_role(words | {head}, head, position, country, strict=True)
            return self._person_by_role(words | {head}, head, position, self._role_organization(subject))
        return self.referents.by_noun(head, subject)

    def _counterpart(self, subject: Token, words: set[str], position: int) -> str | None:
        """ "his Egyptian counterpart": the one other person who holds the same role as the person "his"
        refers to, the one whose titles share most of the description's other words ("Egyptian")."""
        owner = next((c for c in subject.children if c.dep_ == "poss" and c.lower_ in PRONOUN_GENDER), None)
        if owner is None:
            return None
        peer = self._recent_person(position, PRONOUN_GENDER[owner.lower_])
        role = self.titles.get(peer, set()) & ROLE_NOUNS if peer is not None else set()
        others = words - {owner.lower_, subject.lower_}
        scored = sorted(((len(titles & others), key) for key, titles in self.titles.items()
                         if key != peer and titles & role), reverse=True)
        if not scored or len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None  # nobody else in that role, or several as fitting
        return scored[0][1]

    def _role_organization(self, subject: Token) -> str | None:
        """Whose role the description names: "NATO's chief", "its foreign minister", "the bloc's secretary general"."""
        for child in subject.children:
            if child.dep_ != "poss":
                continue
            named = [m.entity_key for m in self.mentions if m.span.begin <= child.idx < m.span.end]
            return named[0] if named else self.referents.possessor(child)
        return None

    def _role_country(self, subject: Token) -> str | None:
        """The country a description's adjective names ("the Japanese foreign minister"), else None."""
        for child in subject.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i < subject.i:
                country = self.countries.country_at(child)
                if country is not None:
                    return country
        return None

    def _person_by_role(self, words: set[str], head: str, position: int, organization: str | None,
                        strict: bool = False) -> str | None:
        """The person whose titles fit the role words; with ``strict`` (a country adjective names the
        organization) none known to hold a role elsewhere only: "the Japanese foreign minister" is
        not the Russian foreign minister named before."""
        role_words = (words & ROLE_NOUNS) | {head}
        wanted = set().union(*(ROLE_SYNONYMS.get(w, frozenset({w})) for w in role_words))
        scored: list[tuple[bool, int, bool, int, str]] = []
        earlier_speakers = {key for offset, key in self.speakers if offset < position}
        for key, titles in self.titles.items():
            if strict and self.employers.get(key) and organization not in self.employers[key]:
                continue
            overlap = len(titles & wanted) + len(titles & (words - ROLE_NOUNS - {"the", "'s", "’s"}))
            if titles & wanted:
                holds = organization is not None and organization in self.employers.get(key, ())
                scored.append((holds, overlap, key in earlier_speakers, self._last_seen(key, position), key))
        if scored:
            scored.sort(reverse=True)
            return scored[0][-1]
        if organization is not None:
            return None  # "the alliance's secretary general" when nobody named holds such a role: someone unnamed
        return self._recent_person(position) if head in ROLE_NOUNS else None

    def _last_seen(self, key: str, position: int) -> int:
        offsets = [m.span.begin for m in self.mentions if m.entity_key == key]
        before = [o for o in offsets if o < position]
        return max(before) if before else -min(offsets, default=0)


def _holds(span: Span, token: Token) -> bool:
    """Whether the name at ``span`` has ``token`` as a word: a phrase's head may be a word of a longer name
    that the parse leaves partly outside the phrase ("Borrell Fontelles" of "Josep Borrell Fontelles")."""
    return span.begin <= token.idx < span.end


def _is_possessor(head: Token, span: Span) -> bool:
    return any(span.begin <= t.idx < span.end and t.dep_ == "poss" for t in head.children)


def _is_apposition(head: Token, span: Span) -> bool:
    """Whether the name at ``span`` stands in apposition to ``head`` ("news agency TASS")."""
    return any(span.begin <= t.idx < span.end and t.dep_ == "appos" and t.i > head.i for t in head.children)


def _is_source(head: Token, span: Span) -> bool:
    """Whether the organization at ``span`` is where a singular thing said comes from ("a statement
    from the ministry", "a post by the embassy"); people with roles and groups ("an official from",
    "sources from") are not it."""
    if head.tag_ != "NN" or head.lemma_.casefold() in ROLE_NOUNS:
        return False
    return any(prep.dep_ == "prep" and prep.lower_ in ("from", "by") and
               any(span.begin <= t.idx < span.end and t.dep_ == "pobj" for t in prep.children)
               for prep in head.children)


def _phrase(subject: Token) -> Span:
    """The subject's noun phrase, without clauses hanging off it ("X, who said …")."""
    clauses = {t.i for child in subject.children if child.dep_ in ("relcl", "acl", "ccomp") for t in child.subtree}
    tokens = [t for t in subject.subtree if t.i not in clauses]
    return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def _title_words(doc: Doc, span: Span) -> set[str]:
    """Role words written next to a person's name: "Russian Foreign Minister Sergey Lavrov", "X, NATO's chief"."""
    name = doc.char_span(span.begin, span.end, alignment_mode="expand")
    if name is None:
        return set()
    words: set[str] = set()
    head = name.root
    for token in head.children:
        if token.dep_ in ("compound", "amod", "appos", "nmod", "poss") and token.i < name.start:
            words |= {t.lower_ for t in token.subtree if t.i < name.start}
        elif token.dep_ == "appos":
            words |= {t.lower_ for t in token.subtree}
    if head.dep_ == "appos":
        words |= {t.lower_ for t in head.head.subtree if t.i < name.start or t.i >= name.end}
    i = name.start - 1
    while i >= 0 and doc[i].is_alpha and (doc[i].is_title or doc[i].lower_ in ROLE_NOUNS) and doc[i].ent_type_ != "PERSON":
        words.add(doc[i].lower_)
        i -= 1
    return {w for w in words if w.isalpha() or "-" in w}
