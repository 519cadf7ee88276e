"""Facts the articles state: positions people hold, and what exercises involve.

Roles come from the noun phrase around a person's name: titles before it ("Russian
Foreign Minister Sergey Lavrov", "Russia's deputy foreign minister Alexander Grushko")
and appositions ("Adm. Rob Bauer, NATO's military chief", "the spokeswoman for NATO,
Oana Lungescu"). Exercise facts come from the sentences that name the exercise and, when an
article names one exercise only, from those whose subject is "the drills" or "this exercise"
(places only where they attach to that subject's verb).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.countries import CountryAdjectives
from kg.extract.reference import Referents
from kg.extract.when import resolve
from kg.nlp import EXERCISE_LEMMAS, ROLE_NOUNS, role_preposition_before
from kg.records import Entity, EntityType, ExerciseFact, Mention, PositionFact, Span

ROLE_MODIFIERS = frozenset(
    "foreign defense defence deputy prime vice interior finance military press chief top senior first acting "
    "former national security affairs general staff supreme allied permanent special high".split()
)
RANKS = frozenset("gen. gen adm. adm col. col lt. lt maj. maj sgt. sgt mr. mr mrs. mrs ms. ms dr. dr".split())
PLACE_PREPOSITIONS = frozenset({"in", "near", "across", "over", "at", "off"})  # "held in Belarus"
_PERSONNEL = re.compile(
    r"\b(?:about|some|around|nearly|almost|over|more than|up to)?\s*(\d{1,3}(?:,\d{3})+|\d+)\s+"
    r"(?:troops|personnel|service\s?members|servicemen|soldiers|sailors|people|military personnel)\b"
)
_DATE_RANGE = re.compile(
    r"\b(?:between\s+|from\s+)?(?P<m1>[A-Z][a-z]+)\.?\s+(?P<d1>\d{1,2})\s*(?:-|–|and|to|through)\s*"
    r"(?:(?P<m2>[A-Z][a-z]+)\.?\s+)?(?P<d2>\d{1,2})\b"
)
_YEAR_IN_NAME = re.compile(r"(?:^|[\s-])((?:19|20)?\d{2})$")
_LISTING = re.compile(r"^(?:Among them|Participants include|They include|Taking part)")
_HOST_VERBS = frozenset({"host", "co-host", "cohost", "lead", "organize", "organise", "conduct", "command"})


def position_facts(doc: Doc, entities: tuple[Entity, ...], mentions: tuple[Mention, ...],
                   referents: Referents, countries: CountryAdjectives) -> tuple[PositionFact, ...]:
    """Roles of the article's people; a country named by adjective only is added to ``countries``."""
    by_key = {e.key: e for e in entities}
    facts: dict[tuple[str, str, str | None], PositionFact] = {}
    for mention in mentions:
        if by_key[mention.entity_key].type != EntityType.PERSON:
            continue
        name = doc.char_span(mention.span.begin, mention.span.end, alignment_mode="expand")
        if name is None:
            continue
        for role_tokens, organization, evidence in (*_titles_before(name, mentions, countries, referents),
                                                     *_appositions(name, mentions, countries, referents)):
            role = " ".join(t.text for t in role_tokens).replace(" - ", "-").replace(" -", "-")
            if organization and organization in by_key and by_key[organization].type not in (EntityType.ORGANIZATION, EntityType.PLACE):
                organization = None  # "Vladimir Putin's spokesperson": a person is not an organization
            key = (mention.entity_key, role.casefold(), organization)
            if role and key not in facts:
                facts[key] = PositionFact(mention.entity_key, role, organization, evidence)
    return tuple(f for f in facts.values() if not _stated_more_fully(f, facts))


def _stated_more_fully(fact: PositionFact, facts: dict[tuple[str, str, str | None], PositionFact]) -> bool:
    """ "envoy" beside "envoy to NATO" for the same person and organization: the longer says it all."""
    role = fact.role.casefold()
    return any(holder == fact.holder_key and organization == fact.organization_key and other.startswith(role + " ")
               for holder, other, organization in facts)


def _is_role_word(token: Token) -> bool:
    return (token.lower_ in ROLE_NOUNS or token.lower_ in ROLE_MODIFIERS or token.text == "-"
            or (token.is_title and token.pos_ in ("PROPN", "NOUN", "ADJ") and not token.ent_type_))


def _modifies_role(token: Token, role: list[Token]) -> bool:
    """A common noun compounded onto a role word already read ("foreign policy chief")."""
    return token.dep_ == "compound" and token.pos_ == "NOUN" and token.head in role


def _org_at(token: Token, mentions: Iterable[Mention], countries: CountryAdjectives) -> tuple[str | None, int]:
    """The organization or country a token names (an entity mention, or a country adjective)."""
    for mention in mentions:
        if mention.span.begin <= token.idx < mention.span.end:
            return mention.entity_key, mention.span.begin
    return countries.country_at(token), token.idx


def _possessor_org(token: Token, mentions: Iterable[Mention], countries: CountryAdjectives,
                   referents: Referents) -> tuple[str | None, int]:
    """The organization a possessor names ("NATO's") or refers to ("its", "the alliance's")."""
    found, at = _org_at(token, mentions, countries)
    if found is None and (token.dep_ == "poss" or token.lower_ == "its"):
        found = referents.possessor(token)
    return found, at


def _titles_before(name: SpacySpan, mentions: tuple[Mention, ...], countries: CountryAdjectives,
                   referents: Referents) -> list[tuple[list[Token], str | None, Span]]:
    doc = name.doc
    post = _post_before(name)
    i = (post[0].i if post else name.start) - 1
    role: list[Token] = []
    while i >= 0 and (_is_role_word(doc[i]) or _modifies_role(doc[i], role)) and not countries.is_adjective(doc[i]) \
            and doc[i].ent_type_ not in ("GPE", "ORG", "NORP", "PERSON"):
        role.insert(0, doc[i])
        i -= 1
    while role and (role[0].text == "-" or role[0].lower_ in RANKS):
        role.pop(0)
    if not any(t.lower_ in ROLE_NOUNS for t in role):
        return []
    role += post
    while i >= 0 and doc[i].text in ("’s", "'s"):
        i -= 1
    organization, begin = (None, role[0].idx)
    if i >= 0:
        found, at = _possessor_org(doc[i], mentions, countries, referents)
        if found:
            organization, begin = found, at
    return [(role, organization, Span(begin, name.end_char))]


def _post_before(name: SpacySpan) -> list[Token]:
    """ "ambassador to the United Nations Vassily Nebenzia": the post ("to the United Nations")
    written between a role word and the name, else nothing."""
    doc = name.doc
    i = name.start - 1
    if i < 0 or doc[i].ent_type_ not in ("ORG", "GPE", "LOC", "FAC"):
        return []
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    preposition = role_preposition_before(doc, i)
    return [] if preposition is None else list(doc[preposition : name.start])


def _appositions(name: SpacySpan, mentions: tuple[Mention, ...], countries: CountryAdjectives,
                 referents: Referents) -> list[tuple[list[Token], str | None, Span]]:
    """ "X, NATO's military chief", "the spokeswoman for NATO, X" and "its foreign minister, X"."""
    root = name.root
    phrases = [c for c in root.children if c.dep_ == "appos" and c.lemma_.casefold() in ROLE_NOUNS | {"commander", "chief"}]
    if root.dep_ == "appos" and root.head.lemma_.casefold() in ROLE_NOUNS:
        phrases.append(root.head)
    found = []
    for head in phrases:
        tokens = [t for t in head.subtree if not (name.start <= t.i < name.end) and t.i not in _subtree_ids(root, head)]
        role = [t for t in tokens if (t.i <= head.i and _is_role_word(t) and not countries.is_adjective(t)
                                      and t.ent_type_ not in ("GPE", "ORG", "NORP", "PERSON"))]
        role = [t for t in role if t.i >= min((r.i for r in role), default=0)]
        organization = None
        for token in tokens:
            if token.dep_ in ("poss", "pobj", "compound", "amod") or countries.is_adjective(token):
                organization, _ = _possessor_org(token, mentions, countries, referents)
                if organization:
                    break
        if any(t.lower_ in ROLE_NOUNS for t in role):
            span_tokens = [*tokens, *name]
            begin = min(t.idx for t in span_tokens)
            end = max(t.idx + len(t.text) for t in span_tokens)
            found.append((role, organization, Span(begin, end)))
    return found


def _subtree_ids(root: Token, head: Token) -> set[int]:
    """Tokens of the person's own phrase when the role phrase is its head (the role's subtree contains it)."""
    return {t.i for t in root.subtree} if root.head == head else set()


def exercise_facts(doc: Doc, text: str, entities: tuple[Entity, ...], mentions: tuple[Mention, ...],
                   published: str | None = None) -> tuple[ExerciseFact, ...]:
    """Locations, hosts, participants, personnel and dates stated where an exercise is named (``text`` is the doc's)."""
    by_key = {e.key: e for e in entities}
    facts = []
    exercises = [e for e in entities if e.type == EntityType.EXERCISE]
    # "The drills will be held in Belarus": with one exercise named, "the drills" can only be it
    referring = _referring_sentences(doc) if len(exercises) == 1 else []
    for exercise in exercises:
        own = [m for m in mentions if m.entity_key == exercise.key]
        sentences = sorted({s for m in own if (s := _sentence(doc, m.span)) is not None}, key=lambda s: s.start)
        locations: set[str] = set()
        organizers: set[str] = set()
        participants: set[str] = set()
        personnel = start = end = None
        year = _year_of(exercise.name, published)
        for sentence in sentences:
            for mention in mentions:
                if not sentence.start_char <= mention.span.begin < sentence.end_char or mention.entity_key == exercise.key:
                    continue
                kind = by_key[mention.entity_key].type
                token = doc.char_span(mention.span.begin, mention.span.end, alignment_mode="expand")
                if token is None or kind not in (EntityType.PLACE, EntityType.ORGANIZATION):
                    continue
                root = token.root
                if kind == EntityType.PLACE and root.head.lower_ in PLACE_PREPOSITIONS:
                    locations.add(mention.entity_key)
                elif root.head.lower_ == "by" and root.head.head.lemma_.casefold() in _HOST_VERBS:
                    organizers.add(mention.entity_key)
                    organizers.update(_conjuncts(root, mentions))
                elif text[mention.span.end : mention.span.end + 4] in ("-led", "’s ", "'s "):
                    organizers.add(mention.entity_key)
                elif _holds_exercise(root) or root.head.lower_ == "from" and _holds_exercise(root.head.head):
                    participants.add(mention.entity_key)  # "NATO began …", "Troops from Poland and Latvia began …"
                    participants.update(_conjuncts(root, mentions))
            participants.update(_listed_after(doc, text, sentence, mentions, by_key))
        for sentence, verb in referring:
            locations.update(_places_held_in(doc, sentence, verb, mentions, by_key))
        for sentence in sentences + [s for s, _ in referring if s not in sentences]:
            said = text[sentence.start_char : sentence.end_char]
            match = _PERSONNEL.search(said)
            if match and personnel is None:
                personnel = int(match.group(1).replace(",", ""))
            if start is None and year:
                start, end = _date_range(said, year)
        facts.append(ExerciseFact(exercise.key, tuple(sorted(locations)), tuple(sorted(organizers)),
                                  tuple(sorted(participants - organizers)), personnel, start, end))
    return tuple(facts)


def _holds_exercise(subject: Token) -> bool:
    return subject.dep_ == "nsubj" and subject.head.lemma_ in ("begin", "hold", "conduct", "launch", "start")


def _referring_sentences(doc: Doc) -> list[tuple[SpacySpan, Token]]:
    """(sentence, verb) where "the/this/these" + an exercise noun is the verb's subject."""
    found = []
    for token in doc:
        if (token.lemma_.casefold() in EXERCISE_LEMMAS and token.dep_ in ("nsubj", "nsubjpass")
                and any(c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in token.children)):
            found.append((token.sent, token.head))
    return found


def _places_held_in(doc: Doc, sentence: SpacySpan, verb: Token, mentions: Iterable[Mention],
                    by_key: dict[str, Entity]) -> set[str]:
    """Places the sentence puts the verb's action in ("will be held in Belarus and western Russia")."""
    verbs = {verb, *verb.conjuncts}
    places = set()
    for mention in mentions:
        if not sentence.start_char <= mention.span.begin < sentence.end_char or by_key[mention.entity_key].type != EntityType.PLACE:
            continue
        span = doc.char_span(mention.span.begin, mention.span.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        while root.dep_ == "conj" and root.head != root:  # "in Belarus and western Russia"
            root = root.head
        if root.head.lower_ in PLACE_PREPOSITIONS and root.head.head in verbs:
            places.add(mention.entity_key)
    return places


def _sentence(doc: Doc, span: Span) -> SpacySpan | None:
    chars = doc.char_span(span.begin, span.end, alignment_mode="expand")
    return chars.sent if chars is not None else None


def _conjuncts(root: Token, mentions: Iterable[Mention]) -> set[str]:
    keys = set()
    for conj in root.conjuncts:
        for mention in mentions:
            if mention.span.begin <= conj.idx < mention.span.end:
                keys.add(mention.entity_key)
    return keys


def _listed_after(doc: Doc, text: str, sentence: SpacySpan, mentions: Iterable[Mention],
                  by_key: dict[str, Entity]) -> set[str]:
    """ "… from 13 countries taking part. Among them are Bulgaria, Georgia, …" """
    if sentence.end >= len(doc):
        return set()
    following = doc[sentence.end].sent
    if not _LISTING.match(text[following.start_char : following.end_char].strip()):
        return set()
    return {m.entity_key for m in mentions if following.start_char <= m.span.begin < following.end_char
            and by_key[m.entity_key].type in (EntityType.PLACE, EntityType.ORGANIZATION)}


def _year_of(name: str, published: str | None) -> int | None:
    match = _YEAR_IN_NAME.search(name)
    if match:
        value = int(match.group(1))
        return value if value > 1900 else 2000 + value
    return int(published[:4]) if published else None


def _date_range(text: str, year: int) -> tuple[str | None, str | None]:
    """ "The June 3-15 maneuvers", "between September 21 and 26": dates of the exercise's year."""
    for match in _DATE_RANGE.finditer(text):
        start = resolve(f"{match.group('m1')} {match.group('d1')}, {year}", None)
        end = resolve(f"{match.group('m2') or match.group('m1')} {match.group('d2')}, {year}", None)
        if start and end and start <= end:
            return start, end
    return None, None
