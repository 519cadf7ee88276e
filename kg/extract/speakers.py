"""Who a speaker phrase refers to: a named entity, a pronoun, or a role description.

Precision first: an unresolved speaker is better than a wrong one. A name inside the phrase
wins; in "the Kremlin's website", "a Hezbollah statement" or "a statement from the ministry"
it is the name of whose statement it is, and "the statement" is the author of the last
statement the text spoke of ("X said in a statement …"). A pronoun takes the latest speaker
or subject of a main clause ("Lavrov said …. Zelensky dismissed it. He said …": Zelensky),
else the most prominent person of the latest sentence naming one (subject, then object),
never one the article calls by the other gender, and nobody when that latest one is someone
unnamed ("A woman said …, she told AFP"). A description ("the minister", "the bloc's
secretary general") takes the person whose titles in this article (preferred) or whose
knowledge-base description share its role words, preferring who holds the role in the
organization a possessive names or refers to ("its", "the bloc's"), never one whose own title
names another body ("the junta leader" is not "opposition leader X"), and nobody when someone
unnamed came in with that noun since ("An official told Reuters …. The official added");
when nobody's titles fit, the latest prominent person only if the article gives them no other
role. Else the organization whose name contains its head noun ("the ministry", "the
alliance"); "his Egyptian counterpart" is the other holder of the role of the person "his"
refers to. An indefinite description ("a senior official") introduces someone new. The
subject of a passive "is said (by X) to" is not the speaker, X is; nor is the object of a
participle ("…, describing the moves as reckless and cautioning that …"). Anything else
stays unresolved.

A coordination of speakers ("X and Y said", "X, Y and Z said") names each of them: every
conjunct is resolved on its own, as a speaker phrase of its own would be, and the statement
has all those that resolve; "they", "the two leaders" and "both ministers" right after such a
statement are its speakers (when nobody else came in since). Not a coordination of speakers:
an "and" inside a name ("Bosnia and Herzegovina"), between modifiers ("the foreign and defence
ministers", "Trump and Putin's envoys"), inside a prepositional phrase or a clause ("the
leaders of France and Germany", "Lavrov, who met Blinken and Austin,"), or one whose
conjuncts cannot speak ("the U.S. and British governments": a plural that names nobody).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from kg.extract.countries import CountryAdjectives
from kg.extract.pronouns import (INDEFINITE, NOUN_GENDER, PERSON_NOUNS, PRONOUN_GENDER, is_unnamed_person,
                                 person_genders)
from kg.extract.reference import ANY_COUNTRY, ANY_ORGANIZATION, WORD, Referents
from kg.nlp import ROLE_NOUNS
from kg.records import Entity, EntityType, Mention, PositionFact, Span
from kg.tokens import tokens_where

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
COUNTS = {"two": 2, "three": 3, "four": 4}  # "the two leaders": the speakers of a joint statement
SPEAKING_TYPES = frozenset({EntityType.PERSON, EntityType.ORGANIZATION, EntityType.PLACE})
GROUP_PRONOUNS = frozenset({"it", "they"})
# Things an organization or person says things in: "the Kremlin's website", "a Hezbollah statement".
SOURCE_NOUNS = frozenset(
    """statement website post communique communiqué release announcement readout account channel
    report letter message bulletin transcript""".split()
)
PRESS_UNITS = frozenset({"service", "office"})  # "the Kremlin press service", "its press office"
HEARSAY_PASSIVES = frozenset({"say", "report", "claim", "allege"})  # "X is said (by Y) to be …": X is not the speaker
# Modifiers that make "leader", "chief" or "head" a military rank holder ("the junta leader": a general).
MILITARY_MODIFIERS = frozenset({"junta", "military", "army", "coup"})
MILITARY_RANKS = frozenset({"general", "commander", "admiral", "colonel", "colonel-general", "officer"})
SUBJECT, OBJECT, OTHER = 2, 1, 0  # how prominent a person is in the clause naming them
# Role words that describe a narrower title: a description with the key fits a person with any value.
ROLE_SYNONYMS: dict[str, frozenset[str]] = {
    "diplomat": frozenset({"minister", "ambassador", "envoy", "diplomat", "spokeswoman", "spokesman"}),
    "chief": frozenset({"secretary", "general", "head", "chief", "director", "commander"}),
    "head": frozenset({"secretary", "general", "head", "chief", "director", "president"}),
    "officer": frozenset({"general", "colonel", "colonel-general", "admiral", "officer", "commander"}),
    # A bare "the official" is an unnamed one: news calls a named minister "the minister". An official of
    # a named body ("its top official") may hold any role there (see _person_by_role).
    "official": frozenset({"official"}),
    "leader": frozenset({"president", "premier", "leader", "chancellor", "minister"}),
    "chancellor": frozenset({"minister", "chancellor"}),
    "spokeswoman": frozenset({"spokeswoman", "spokesperson", "representative"}),
    "spokesman": frozenset({"spokesman", "spokesperson", "representative"}),
    "representative": frozenset({"representative", "spokeswoman", "spokesman", "spokesperson"}),
}


@dataclass(frozen=True)
class Resolution:
    """Who a speaker phrase names: the entities resolved, in the order the phrase names them (none when
    unresolved, several for "X and Y"), and the mentions of them as written, in text order."""

    keys: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()

    @classmethod
    def of(cls, key: str | None, mention: Span | None = None) -> Resolution:
        """One speaker, or nobody when ``key`` is None."""
        if key is None:
            return cls()
        return cls((key,), (mention,) if mention is not None else ())

    @classmethod
    def joint(cls, parts: list[Resolution]) -> Resolution:
        """The speakers of a coordination: each once, in the order the parts name them."""
        keys = tuple(dict.fromkeys(key for part in parts for key in part.keys))
        mentions = tuple(sorted({m for part in parts for m in part.mentions}, key=lambda m: (m.begin, m.end)))
        return cls(keys, mentions)


@dataclass(frozen=True)
class Person:
    """Someone the text brings in: named (``key``) or not ("a woman", "an official": ``key`` None)."""

    offset: int
    key: str | None
    rank: int  # SUBJECT, OBJECT or OTHER of a main clause
    sentence: int  # the index of its sentence's first token
    gender: str | None = None  # of an unnamed one, from its noun ("woman")
    noun: str | None = None  # of an unnamed one ("official")


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
    people: list[Person] = field(default_factory=list)  # the people named or brought in, in reading order
    title_nouns: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # "opposition" of "opposition leader X"
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # role words the text gives each person
    quote_spans: list[Span] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Doc, dateline: Span | None, entities: tuple[Entity, ...], mentions: tuple[Mention, ...],
              descriptions: dict[str, str], referents: Referents,
              positions: tuple[PositionFact, ...], quote_spans: list[Span],
              countries: CountryAdjectives) -> SpeakerContext:
        context = cls(doc, dateline, {e.key: e for e in entities}, sorted(mentions, key=lambda m: m.span.begin),
                      referents, countries)
        context.quote_spans = quote_spans
        for mention in context.mentions:
            if context.entities[mention.entity_key].type == EntityType.PERSON:
                title = _title_tokens(doc, mention.span)
                context.titles[mention.entity_key] |= _words(title)
                context.roles[mention.entity_key] |= _words(title) & ROLE_NOUNS
                context.title_nouns[mention.entity_key] |= context._modifier_nouns(title)
        for fact in positions:
            if fact.organization_key is not None:
                context.employers[fact.holder_key].add(fact.organization_key)
        for key, description in descriptions.items():
            if key in context.entities and context.entities[key].type == EntityType.PERSON:
                context.titles[key] |= set(WORD.findall(description.casefold()))
        persons = [m for m in context.mentions if context.type_of(m.entity_key) == EntityType.PERSON]
        context.genders = person_genders(doc, persons, quote_spans, context.titles)
        context.people = _people(doc, persons, quote_spans)
        return context

    def type_of(self, key: str) -> EntityType:
        return self.entities[key].type

    def resolve(self, subject: Token, quote_spans: list[Span], words: list[Token] | None = None) -> Resolution:
        """Who the speaker phrase headed by ``subject`` names. ``words`` are the phrase's words as written
        when they reach beyond the subject's parse ("…, X and Y said" where the parse hangs X off the
        clause); a coordination of speakers among them gives each speaker, resolved on its own."""
        actual = _who_speaks(subject)
        if actual is None:
            return Resolution()
        if actual != subject or not words:
            words = _phrase_tokens(actual)
        conjuncts = self._conjuncts(words, actual)
        if len(conjuncts) == 1:
            return self._resolve_one(actual, span_of(_phrase_tokens(actual)), quote_spans)
        return Resolution.joint([self._resolve_one(_conjunct_head(tokens, actual), span_of(tokens), quote_spans)
                                 for tokens in conjuncts])

    def _resolve_one(self, subject: Token, phrase: Span, quote_spans: list[Span]) -> Resolution:
        """Who one speaker, the phrase ``phrase`` headed by ``subject``, is."""
        if self.dateline is not None and phrase.overlaps(self.dateline):
            phrase = Span(max(phrase.begin, self.dateline.end), max(phrase.end, self.dateline.end))
        named = self._named_in(phrase, subject, quote_spans)
        if named is not None:
            return named
        lower = subject.lower_
        position = subject.idx
        counted = _counted(subject)
        if counted:  # "the two leaders said", "both ministers said"
            return self._joint_speakers(counted, position)
        if subject.tag_ in ("NNS", "NNPS") and lower not in GROUP_PRONOUNS:
            return Resolution()  # "officials said": a group, not a person we can name
        if lower in PERSON_PRONOUNS:
            return Resolution.of(self._recent_person(position, PRONOUN_GENDER[lower]))
        if lower in GROUP_PRONOUNS:
            return self._recent_group(position, plural=lower == "they")
        if any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in subject.children):
            return Resolution()  # "a senior U.S. official": someone new, not anyone named before
        return self._describe(subject, phrase, position)

    def _joint_speakers(self, count: int, position: int) -> Resolution:
        """Who "the two leaders" or "both ministers" at ``position`` are: the speakers of the latest statement,
        when as many people said it jointly."""
        keys = self._latest_joint(position)
        if len(keys) != count or any(self.type_of(key) != EntityType.PERSON for key in keys):
            return Resolution()
        return Resolution(keys)

    def _latest_joint(self, position: int) -> tuple[str, ...]:
        """The speakers of the latest statement before ``position`` when several said it and nobody else has
        been named since (else "they" or "the two leaders" may be the others); none otherwise."""
        earlier = [(offset, key) for offset, key in self.speakers if offset < position]
        if not earlier:
            return ()
        since = earlier[-1][0]
        keys = tuple(dict.fromkeys(key for offset, key in earlier if offset == since))
        if len(keys) < 2 or any(p.key not in keys for p in self.people if since <= p.offset < position):
            return ()
        return keys

    def _conjuncts(self, words: list[Token], subject: Token) -> list[list[Token]]:
        """The speakers a coordination names, each as its words ("X and Y", "X, Y and Z"); the words
        whole when they name one speaker. They are cut at each "and" that joins speakers and at each
        comma before a conjunct of the list it ends, and only when every part can speak."""
        inside = {t.i for t in words}
        cuts = {t.i for t in words if not self._in_name(t) and _joins_speakers(t, inside, subject)}
        if not cuts:
            return [words]
        cuts |= {t.i for t in words if t.text == "," and t.i < max(cuts) and not self._in_name(t)
                 and _opens_conjunct(t, inside)}
        parts: list[list[Token]] = [[]]
        for token in words:
            if token.i in cuts:
                parts.append([])
            else:
                parts[-1].append(token)
        parts = [p for p in (_without_edge_punct(part) for part in parts) if p]
        if len(parts) < 2 or not all(self._can_speak(part, subject) for part in parts):
            return [words]
        return parts

    def _in_name(self, token: Token) -> bool:
        """Whether ``token`` is inside a mention: the "and" of "Bosnia and Herzegovina" joins no speakers."""
        return any(m.span.begin <= token.idx < m.span.end for m in self.mentions)

    def _can_speak(self, tokens: list[Token], subject: Token) -> bool:
        """Whether a conjunct may be a speaker: it names someone (not as a possessor: "Putin's envoys"), is a
        pronoun, or is headed by a singular noun ("the minister"); "British governments" is neither."""
        span = span_of(tokens)
        head = _conjunct_head(tokens, subject)
        for mention in self.mentions:
            if span.contains(mention.span) and self.type_of(mention.entity_key) in SPEAKING_TYPES:
                name = [t for t in tokens if mention.span.begin <= t.idx < mention.span.end]
                if not any(t.dep_ == "poss" or any(c.dep_ == "case" for c in t.children) for t in name):
                    return True
        return head.tag_ in ("NN", "NNP", "PRP")

    def _named_in(self, phrase: Span, head: Token, quote_spans: list[Span]) -> Resolution | None:
        inside = [m for m in self.mentions if (phrase.contains(m.span) or _holds(m.span, head) and phrase.overlaps(m.span))
                  and not any(q.contains(m.span) for q in quote_spans)]
        if not inside:
            return None
        if _is_source_noun(head):  # "the Kremlin's website", "a Hezbollah statement", "a statement from the ministry"
            owners = [m for m in inside if _owns(head, m.span)]
            if owners:
                return Resolution.of(owners[-1].entity_key, owners[-1].span)
        persons = [m for m in inside if self.type_of(m.entity_key) == EntityType.PERSON
                   and not _is_possessor(head, m.span)]  # "Vladimir Putin's spokesperson" is not Putin
        if persons:  # "NATO Secretary General Jens Stoltenberg", "the spokeswoman for NATO, Oana Lungescu"
            return Resolution.of(persons[-1].entity_key, persons[-1].span)
        # an organization or place speaks only when it is the head of the phrase ("Russian news agency
        # TASS"), not a modifier ("the U.S. Naval Forces Europe-Africa")
        heads = [m for m in inside if m.span.begin <= head.idx < m.span.end or _is_apposition(head, m.span)
                 or self.type_of(m.entity_key) == EntityType.ORGANIZATION and _is_source(head, m.span)]
        return Resolution.of(heads[-1].entity_key, heads[-1].span) if heads else None

    def _recent_person(self, position: int, gender: str | None = None, ahead: bool = True) -> str | None:
        """Who "he" or "she" at ``position`` is: the latest speaker or subject of a main clause that the
        article does not give the other gender, else the most prominent such person of the latest
        sentence naming one (its subject, then its object: "ASEAN excluded General X from talks with
        leader Y. 'No,' he said."); none when that is someone unnamed ("A woman said …, she told AFP")
        or when nobody fits ("she" after only men). With ``ahead``, a pronoun before any name ("…, he
        said." opening an article) points to the next person named."""
        def fits(person: Person) -> bool:
            own = person.gender if person.key is None else self.genders.get(person.key)
            return gender is None or own is None or own == gender

        said = [Person(offset, key, SUBJECT, -1) for offset, key in self.speakers
                if offset < position and self.type_of(key) == EntityType.PERSON]
        prominent = [p for p in self.people if p.offset < position and p.rank == SUBJECT]
        leading = [p for p in sorted(said + prominent, key=lambda p: p.offset) if fits(p)]
        if leading:
            return leading[-1].key
        before = [p for p in self.people if p.offset < position]
        if before:
            fitting = [p for p in before if fits(p)]
            if not fitting:
                return None
            latest = [p for p in fitting if p.sentence == fitting[-1].sentence]
            return max(latest, key=lambda p: (p.rank, p.offset)).key
        after = [p for p in self.people if p.offset > position and p.key is not None and fits(p)]
        return after[0].key if after and ahead else None

    def _recent_group(self, position: int, plural: bool) -> Resolution:
        """Who "it" or "they" at ``position`` is: with ``plural``, the speakers of the latest statement when
        several said it ("X and Y said …. They added"); else the latest speaker when that is one organization."""
        joint = self._latest_joint(position) if plural else ()
        if joint:
            return Resolution(joint)
        latest = [(offset, key) for offset, key in self.speakers if offset < position][-1:]
        if not latest or sum(offset == latest[0][0] for offset, _ in self.speakers) > 1:
            return Resolution()  # nobody, or several: not "it"
        key = latest[0][1]
        return Resolution.of(key if self.type_of(key) == EntityType.ORGANIZATION else None)

    def _describe(self, subject: Token, phrase: Span, position: int) -> Resolution:
        words = {t.lower_ for t in subject.subtree if t.idx >= phrase.begin and t.idx < phrase.end}
        head = subject.lemma_.casefold()
        if _is_source_noun(subject):
            return self._source_of(subject)
        if head == "counterpart":
            return Resolution.of(self._counterpart(subject, words, position))
        if head in ROLE_NOUNS or words & ROLE_NOUNS:
            modifiers = self._modifier_nouns([t for left in subject.lefts if left.dep_ in ("compound", "nmod")
                                              for t in left.subtree])
            country = self._role_country(subject)
            if country is not None:
                found = self._person_by_role(words | {head}, head, modifiers, position, country, strict=True)
            else:
                found = self._person_by_role(words | {head}, head, modifiers, position, self._role_organization(subject))
            return Resolution.of(None if self._introduced_since(head, found, position) else found)
        return Resolution.of(self.referents.by_noun(head, subject))

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
        for child in subject.lefts:  # "the State Department spokesperson"
            if child.dep_ == "compound":
                named = [m.entity_key for m in self.mentions if m.span.begin <= child.idx < m.span.end
                         and self.type_of(m.entity_key) == EntityType.ORGANIZATION]
                if named:
                    return named[0]
        return None

    def _role_country(self, subject: Token) -> str | None:
        """The country a description's adjective names ("the Japanese foreign minister"), else None."""
        for child in subject.children:
            if child.dep_ in ("amod", "compound", "nmod") and child.i < subject.i:
                country = self.countries.country_at(child)
                if country is not None:
                    return country
        return None

    def _person_by_role(self, words: set[str], head: str, modifiers: set[str], position: int,
                        organization: str | None, strict: bool = False) -> str | None:
        """The person whose titles fit the role words, and whose own title does not name another body
        than the description does ("the junta leader" is not "opposition leader X"); with ``strict`` (a
        country adjective names the organization) none known to hold a role elsewhere only: "the
        Japanese foreign minister" is not the Russian foreign minister named before. When nobody's
        titles fit, the latest prominent person if the article gives them no other role."""
        role_words = (words & ROLE_NOUNS) | {head}
        wanted = set().union(*(ROLE_NOUNS if w == "official" and organization is not None  # "its top official"
                               else ROLE_SYNONYMS.get(w, frozenset({w})) for w in role_words))
        if words & MILITARY_MODIFIERS and role_words & {"leader", "chief", "head"}:
            wanted |= MILITARY_RANKS  # "the junta leader", "the army chief": a general
        scored: list[tuple[bool, bool, int, bool, int, str]] = []
        earlier_speakers = {key for offset, key in self.speakers if offset < position}
        for key, titles in self.titles.items():
            if strict and self.employers.get(key) and organization not in self.employers[key]:
                continue
            if modifiers and self.title_nouns.get(key) and not modifiers & self.title_nouns[key]:
                continue
            overlap = len(titles & wanted) + len(titles & (words - ROLE_NOUNS - {"the", "'s", "’s"}))
            if titles & wanted:
                holds = organization is not None and organization in self.employers.get(key, ())
                in_text = bool(self.roles.get(key, set()) & wanted)  # the article's own word, not the knowledge base's
                scored.append((holds, in_text, overlap, key in earlier_speakers, self._last_seen(key, position), key))
        if scored:
            scored.sort(reverse=True)
            return scored[0][-1]
        if organization is not None or head not in ROLE_NOUNS:
            return None  # "the alliance's secretary general" when nobody named holds such a role: someone unnamed
        recent = self._recent_person(position, ahead=False)
        return recent if recent is not None and not self.roles.get(recent) else None

    def _introduced_since(self, noun: str, key: str | None, position: int) -> bool:
        """Whether someone unnamed came in as "a/an <noun>" after ``key`` was last named or quoted:
        "An official told Reuters … The official added" is that official, not anyone named before."""
        unnamed = [p.offset for p in self.people if p.key is None and p.noun == noun and p.offset < position]
        if not unnamed or key is None:
            return False
        seen = [p.offset for p in self.people if p.key == key and p.offset < position]
        heard = [offset for offset, speaker in self.speakers if speaker == key and offset < position]
        return unnamed[-1] > max(seen + heard, default=-1)

    def _source_of(self, subject: Token) -> Resolution:
        """Who gave the statement, website or post that ``subject`` ("the statement") is: its owner
        when the phrase names one ("its statement"), else that of the last one the text spoke of
        ("X said in a statement …", "a statement from X"; both of "X and Y said in a joint statement");
        none when that is not known."""
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if owner is not None:
            return Resolution.of(self.referents.possessor(owner) if owner.lower_ == "its" else None)
        lemma = subject.lemma_.casefold()
        source = next((t for t in reversed(subject.doc[:subject.i]) if t.lemma_.casefold() == lemma and t.pos_ == "NOUN"), None)
        if source is None:
            return Resolution()
        named = [m for m in self.mentions if _owns(source, m.span)]
        if named:
            return Resolution.of(named[-1].entity_key)
        if source.dep_ in ("nsubj", "nsubjpass"):
            return Resolution(self.resolve(source, self.quote_spans).keys)  # "The statement said …. The statement added"
        preposition = source.head
        if source.dep_ == "pobj" and preposition.lower_ in ("in", "on", "through") and preposition.head.pos_ in ("VERB", "AUX"):
            verb = preposition.head  # "X said in a statement"
            while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                verb = verb.head
            speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return Resolution(self.resolve(speaker, self.quote_spans).keys) if speaker is not None else Resolution()
        return Resolution()

    def _modifier_nouns(self, tokens: list[Token]) -> set[str]:
        """The words of a role's title that name a body: common nouns ("opposition", "junta") and the
        names of organizations ("State Department"), not countries, adjectives or role words."""
        nouns = set()
        for token in tokens:
            lower = token.lower_
            if lower in ROLE_NOUNS or lower in ANY_ORGANIZATION or lower in ANY_COUNTRY or not token.is_alpha:
                continue
            if token.pos_ == "NOUN" and not token.ent_type_ or any(
                    m.span.begin <= token.idx < m.span.end and self.type_of(m.entity_key) == EntityType.ORGANIZATION
                    for m in self.mentions):
                nouns.add(lower)
        return nouns

    def _last_seen(self, key: str, position: int) -> int:
        offsets = [m.span.begin for m in self.mentions if m.entity_key == key]
        before = [o for o in offsets if o < position]
        return max(before) if before else -min(offsets, default=0)


def _who_speaks(subject: Token) -> Token | None:
    """The token naming who speaks, given the subject the parse found for a speech verb: the agent of a
    passive hearsay verb ("25 million people are said by the UN to be …": the UN; none without one),
    and for the object of a participle ("…, describing the moves as reckless and cautioning that …")
    the subject of the clause the participle hangs off."""
    verb = subject.head
    if subject.dep_ == "nsubjpass" and verb.lemma_.casefold() in HEARSAY_PASSIVES:
        return passive_agent(verb)
    if subject.dep_ == "dobj" and verb.tag_ == "VBG" and not _quotes_as_saying(verb):
        return _clause_subject(verb)
    return subject


def _clause_subject(verb: Token) -> Token | None:
    """The subject of the clause a participle belongs to: "Padrino warned …, describing …",
    "Beijing responded by urging …"."""
    while verb.head is not verb:
        if verb.dep_ in ("advcl", "conj", "xcomp"):
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb = verb.head.head
        else:
            break
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _quotes_as_saying(verb: Token) -> bool:
    """ "quoting X as saying": the object is who says."""
    return any(c.lower_ == "as" and any(g.pos_ in ("VERB", "AUX") for g in c.children) for c in verb.children)


def _people(doc: Doc, persons: list[Mention], quote_spans: list[Span]) -> list[Person]:
    """The people named (``persons``, in reading order) and the unnamed ones brought in ("a woman"),
    each with how prominent it is where it comes in; words inside quotations count least."""
    found = []
    for mention in persons:
        name = doc.char_span(mention.span.begin, mention.span.end, alignment_mode="expand")
        if name is None:
            continue
        quoted = any(q.contains(mention.span) for q in quote_spans)
        found.append(Person(mention.span.begin, mention.entity_key, OTHER if quoted else _prominence(name.root),
                            name.root.sent.start))
    for token in tokens_where(doc, LEMMA, lambda lemma: lemma.casefold() in PERSON_NOUNS):
        if not is_unnamed_person(token) or any(q.begin <= token.idx < q.end for q in quote_spans):
            continue
        phrase = _phrase(token)
        if any(phrase.contains(m.span) for m in persons):
            continue  # "a spokesman, John Kirby,": named
        noun = token.lemma_.casefold()
        found.append(Person(token.idx, None, _prominence(token), token.sent.start, NOUN_GENDER.get(noun), noun))
    return sorted(found, key=lambda p: p.offset)


def _prominence(token: Token) -> int:
    """SUBJECT or OBJECT when the phrase headed by ``token`` is one of the sentence's main verb, else OTHER."""
    while token.dep_ in ("compound", "flat", "appos", "conj") and token.head is not token:
        token = token.head
    verb = token.head
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    if verb.dep_ != "ROOT":
        return OTHER
    if token.dep_ in ("nsubj", "nsubjpass"):
        return SUBJECT
    return OBJECT if token.dep_ in ("dobj", "dative") else OTHER


def _is_source_noun(head: Token) -> bool:
    """Whether ``head`` is a thing said in ("statement", "website") rather than someone saying it."""
    lemma = head.lemma_.casefold()
    if head.tag_ != "NN":
        return False
    return lemma in SOURCE_NOUNS or lemma in PRESS_UNITS and any(c.lower_ == "press" for c in head.children)


def _owns(head: Token, span: Span) -> bool:
    """Whether the name at ``span`` says whose ``head`` is: "the Kremlin's website", "a Hezbollah
    statement", "a statement from the ministry"."""
    for child in head.children:
        if child.dep_ in ("poss", "compound", "nmod") and span.begin <= child.idx < span.end:
            return True
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            if any(span.begin <= t.idx < span.end and t.dep_ == "pobj" for t in child.children):
                return True
    return False


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


def _counted(subject: Token) -> int:
    """How many people a definite plural of people counts: "the two leaders" 2, "both ministers" 2, "the three
    presidents" 3; 0 for anything else ("two officials" brings in new people)."""
    if subject.tag_ != "NNS" or subject.lemma_.casefold() not in PERSON_NOUNS:
        return 0
    if any(c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj") for c in subject.children):
        return 2
    if not any(c.lower_ == "the" and c.dep_ == "det" for c in subject.children):
        return 0
    return next((COUNTS[c.lower_] for c in subject.children if c.dep_ == "nummod" and c.lower_ in COUNTS), 0)


def _phrase_tokens(subject: Token) -> list[Token]:
    """The subject's noun phrase, without clauses hanging off it ("X, who said …")."""
    clauses = {t.i for child in subject.children if child.dep_ in ("relcl", "acl", "ccomp") for t in child.subtree}
    return [t for t in subject.subtree if t.i not in clauses]


def _phrase(subject: Token) -> Span:
    return span_of(_phrase_tokens(subject))


def span_of(tokens: list[Token]) -> Span:
    """The characters from the first of ``tokens`` to the end of the last."""
    return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def passive_agent(verb: Token) -> Token | None:
    """The object of the "by" phrase of a passive verb: "the UN" of "are said by the UN to be …"."""
    return next((t for agent in verb.children if agent.dep_ == "agent" for t in agent.children if t.dep_ == "pobj"), None)


def _joins_speakers(token: Token, inside: set[int], subject: Token) -> bool:
    """Whether ``token`` is an "and" that joins two speakers among the words ``inside``: one that joins
    two nouns, neither a possessor ("Trump and Putin's envoys"), outside any clause or prepositional
    phrase of the words ("Lavrov, who met Blinken and Austin", "the leaders of France and Germany"); or
    the "and" right before the subject that the parse left outside it ("…, X and Y said", see
    statements._coordinated_before)."""
    if token.lower_ != "and" or token.dep_ != "cc":
        return False
    head = token.head
    if head.i not in inside or head.dep_ == "poss" or not _outside_clauses(head, inside):
        return False
    if token.i + 1 == subject.left_edge.i and head not in subject.subtree:
        return True
    return head.pos_ in NOMINAL and any(
        c.dep_ == "conj" and c.i > token.i and c.i in inside and c.pos_ in NOMINAL and c.dep_ != "poss"
        and not any(g.dep_ == "case" for g in c.children) for c in head.children)


def _outside_clauses(token: Token, inside: set[int]) -> bool:
    """Whether ``token`` and its heads among the words ``inside`` are no verb, clause or object of a
    preposition of the words (the root of the words may be: "according to X and Y")."""
    while token.head.i in inside and token.head != token:
        if token.pos_ in ("VERB", "AUX") or token.dep_ in ("pobj", "relcl", "acl", "ccomp", "advcl"):
            return False
        token = token.head
    return token.pos_ not in ("VERB", "AUX")


def _opens_conjunct(comma: Token, inside: set[int]) -> bool:
    """Whether ``comma`` comes right before a noun conjunct: the commas of "X, Y and Z"."""
    follower = comma.doc[comma.i + 1] if comma.i + 1 < len(comma.doc) else None
    if follower is None:
        return False
    return any(t.dep_ == "conj" and t.pos_ in NOMINAL and t.left_edge == follower and _outside_clauses(t, inside)
               for t in [follower, *follower.ancestors] if t.i in inside)


def _conjunct_head(tokens: list[Token], subject: Token) -> Token:
    """The word that heads a conjunct's words: the subject when it is among them, else the last word whose
    head lies outside them (the parse may have hung a conjunct anywhere)."""
    if subject in tokens:
        return subject
    indices = {t.i for t in tokens}
    outside = [t for t in tokens if (t.head.i not in indices or t.head == t) and not t.is_punct]
    return outside[-1] if outside else tokens[-1]


def _without_edge_punct(tokens: list[Token]) -> list[Token]:
    start, end = 0, len(tokens)
    while start < end and (tokens[start].is_punct or tokens[start].pos_ == "CCONJ"):
        start += 1
    while end > start and (tokens[end - 1].is_punct or tokens[end - 1].pos_ == "CCONJ"):
        end -= 1
    return tokens[start:end]


def _title_tokens(doc: Doc, span: Span) -> list[Token]:
    """Role words written next to a person's name: "Russian Foreign Minister Sergey Lavrov", "X, NATO's chief"."""
    name = doc.char_span(span.begin, span.end, alignment_mode="expand")
    if name is None:
        return []
    tokens: dict[int, Token] = {}
    head = name.root
    for token in head.children:
        if token.dep_ in ("compound", "amod", "appos", "nmod", "poss") and token.i < name.start:
            tokens.update((t.i, t) for t in token.subtree if t.i < name.start)
        elif token.dep_ == "appos":
            tokens.update((t.i, t) for t in token.subtree)
    if head.dep_ == "appos":
        tokens.update((t.i, t) for t in head.head.subtree if t.i < name.start or t.i >= name.end)
    i = name.start - 1
    while i >= 0 and doc[i].is_alpha and (doc[i].is_title or doc[i].lower_ in ROLE_NOUNS) and doc[i].ent_type_ != "PERSON":
        tokens[i] = doc[i]
        i -= 1
    return [tokens[i] for i in sorted(tokens)]


def _words(tokens: list[Token]) -> set[str]:
    return {w for w in (t.lower_ for t in tokens) if w.isalpha() or "-" in w}
