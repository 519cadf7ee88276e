"""Entity mentions of one article, grouped into entities and linked to the knowledge base.

Within an article: a surname joins the full name ("Lavrov" -> "Sergey Lavrov"), an
acronym joins its long form, transliteration variants join, and names that link to the
same Wikidata item join. Coordinated names ("the Black and Baltic seas") yield one
mention per member.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.link import Linker
from kg.names import (
    NAME_PARTICLES,
    PERSONAL_TITLES,
    acronym,
    clean_surface,
    demonyms,
    name_key,
    preferred_spelling,
    slug,
    spelling_key,
    translit_key,
)
from kg.nlp import ROLE_NOUNS
from kg.records import Entity, EntityType, Mention, Span

LABEL_TO_TYPE = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "EVENT": EntityType.EVENT,
    "EXERCISE": EntityType.EXERCISE,
}
_COORDINATED = re.compile(
    r"\b(?P<first>[A-Z][a-z]+)\s+and\s+(?:the\s+)?(?P<second>[A-Z][a-z]+)\s+"
    r"(?P<noun>seas|oceans|rivers|mountains|islands|regions|oblasts|fleets)\b"
)
_YEAR_SUFFIX = re.compile(r"[\s-](?:19|20)?\d{2}$")
_TRIM_LEFT = re.compile(r"^(?:(?:the|a|an)\s+|[^\w(]+)", re.IGNORECASE)
_TRIM_RIGHT = re.compile(r"(?:\s*['’]s?|[\s,.;:'’\"”“-]+)$")


@dataclass
class _Cluster:
    type_votes: Counter[EntityType] = field(default_factory=Counter)
    mentions: list[tuple[Span, str]] = field(default_factory=list)
    qid: str | None = None
    confidence: float | None = None

    def names(self) -> list[str]:
        return [text for _, text in self.mentions]

    @property
    def type(self) -> EntityType:
        return self.type_votes.most_common(1)[0][0]


def raw_mentions(doc: Doc, text: str, content: tuple[Span, ...]) -> list[tuple[Span, str, EntityType]]:
    """Named mentions inside the article body (``text`` is the doc's), trimmed of articles and possessives."""
    found: list[tuple[Span, str, EntityType]] = []
    linked_starts: set[int] = set()
    by_position: set[int] = set()  # starts of words that may be capitalised only by their place in the sentence
    common_acronyms = _common_noun_acronyms(text)
    for ent in doc.ents:
        linked = bool(ent.ent_id_)  # read once: it finds the span's root token on every read
        if linked:
            linked_starts.add(ent.start_char)
        entity_type = LABEL_TO_TYPE.get(ent.label_)
        if entity_type is None:
            continue
        begin, end = _trim(text, ent.start_char, ent.end_char)
        span = Span(begin, end)
        surface = text[begin:end]
        if end - begin < 2 or not (surface[0].isupper() or surface[0].isdigit() or _led_by_particle(surface)):
            continue  # "ex-Soviet", "trans-Atlantic": adjectives, not names ("al-Sharaa" is one)
        if not linked and _not_a_name(surface, common_acronyms) or entity_type == EntityType.PLACE and _names_a_document(ent):
            continue
        if content and not any(part.contains(span) for part in content):
            continue
        if entity_type != EntityType.PERSON and not linked and _after_role_noun(ent) and _looks_personal(surface):
            entity_type = EntityType.PERSON  # "deputy foreign minister Alexander Grushko"
        if not linked and _capitalised_by_position(ent):
            by_position.add(begin)
        found.append((span, surface, entity_type))
    found = _confirmed_in_title_case(text, found, content, linked_starts)
    found = _confirmed_elsewhere(found, by_position)
    for match in _COORDINATED.finditer(text):
        span = Span(match.start(), match.end())
        if content and not any(part.contains(span) for part in content):
            continue
        noun = match.group("noun")[:-1].capitalize()
        found = [m for m in found if not m[0].overlaps(span)]
        for word in ("first", "second"):
            found.append((span, f"{match.group(word)} {noun}", EntityType.PLACE))
    return sorted(found, key=lambda m: (m[0].begin, m[0].end, m[1]))


GENERIC_NOUNS = frozenset(
    """army navy air force forces defence defense alliance ministry government parliament council
    committee command eastern western northern southern central press agency news state states
    embassy office department staff military bloc junta militia""".split()
)
# The words that turn a role noun into a title ("Supreme Leader", "Health Minister", "Deputy Prime
# Minister"): the model often tags them as a name of their own.
TITLE_WORDS = frozenset(
    """supreme prime deputy vice senior chief acting interim foreign interior home health finance
    justice education energy trade economy agriculture transport environment culture labour labor
    information intelligence security""".split()
)
# Names of religious and ethnic communities: adjectives like demonyms ("Druze militias", "Sunni
# Bedouin tribes"), never the name of one entity.
COMMUNITY_WORDS = frozenset(
    """sunni shia shiite alawite druze druse bedouin kurdish kurd arab christian muslim jewish catholic
    orthodox coptic protestant evangelical hindu sikh buddhist yazidi""".split()
)
# The heads of the names of agreements and documents ("the 2011 Vienna Document", "the Minsk
# Agreements", "the Normandy Format"), which are not entities; a place named in them is no mention.
DOCUMENT_WORDS = frozenset(
    """document agreement agreements accord accords treaty protocol memorandum charter declaration
    format conventions""".split()
)
_NESTING_DOCUMENT_WORDS = DOCUMENT_WORDS | {"convention"}  # "Vienna Convention"; a lone "… Convention" may be an event
_PARENTHESISED_ACRONYM = re.compile(r"\((?P<acronym>[A-Z]{2,})(?P<plural>s?)\)")
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_FUNCTION_WORDS = frozenset("of and the for in on to at by with".split())


def _not_a_name(surface: str, common_acronyms: set[str]) -> bool:
    """A capitalised common word, a title word, an adjective of nationality or faith, an abbreviated
    common noun or an agreement: the model's entity, not a name (unless the knowledge base knows it)."""
    words = [w for w in re.split(r"[\s-]+", surface.casefold()) if w]
    if len(words) == 1 and (words[0] in GENERIC_NOUNS or words[0] in TITLE_WORDS):
        return True  # "Army", "Defence"; "Health" of "Health Minister X", "Supreme" of "Supreme Leader X"
    if all(_is_community_adjective(w) for w in words):
        return True  # "Azerbaijani", "Druze", "Sunni Bedouin"
    if surface in common_acronyms or _PLURAL_ACRONYM.match(surface):
        return True  # "(ASBM)" after "anti-ship ballistic missile"; "UAVs"
    return len(words) >= 2 and words[-1] in DOCUMENT_WORDS  # "Minsk Agreements"


def _is_community_adjective(word: str) -> bool:
    """ "Azerbaijani", "Azerbaijanis", "Druze", "Kurds"; not "Laos" or "Philippines", whose singulars are demonyms."""
    singular = word[:-1] if word.endswith("s") else word
    return word in demonyms() or word in COMMUNITY_WORDS or singular in COMMUNITY_WORDS \
        or singular in demonyms() and singular.endswith(("i", "n"))


def _names_a_document(ent: SpacySpan) -> bool:
    """ "Vienna" in "the 2011 Vienna Document": a place in the name of an agreement."""
    doc = ent.doc
    return ent.end < len(doc) and doc[ent.end].is_title and doc[ent.end].lower_ in _NESTING_DOCUMENT_WORDS


def _common_noun_acronyms(text: str) -> set[str]:
    """Acronyms the article defines after lower-case words ("anti-ship ballistic missile (ASBM)"): the
    abbreviation of a common noun, in both numbers ("UAV", "UAVs")."""
    found: set[str] = set()
    for match in _PARENTHESISED_ACRONYM.finditer(text):
        acronym, plural = match.group("acronym"), match.group("plural")
        before = re.findall(r"[A-Za-z]+", text[max(0, match.start() - 120) : match.start()])
        words = [w for w in before if w.casefold() not in _FUNCTION_WORDS][-len(acronym):]
        if plural or (len(words) == len(acronym) and all(w.islower() for w in words)
                      and "".join(w[0] for w in words) == acronym.casefold()):
            found |= {acronym, acronym + "s"}
    found |= {m.group(0)[:-1] for m in re.finditer(r"\b[A-Z]{2,}s\b", text)}  # "UAV" where "UAVs" is written
    return found


def _led_by_particle(surface: str) -> bool:
    """ "al-Sharaa", "bin Salman", "von der Leyen": a name's lower-case particles, then a capitalised word."""
    words = re.split(r"([\s-])", surface, maxsplit=1)
    rest = words[2] if len(words) == 3 else ""
    while rest and rest.split(" ", 1)[0] in NAME_PARTICLES:
        rest = rest.split(" ", 1)[1] if " " in rest else ""
    return words[0] in NAME_PARTICLES and rest[:1].isupper()


def _capitalised_by_position(ent: SpacySpan) -> bool:
    """A one-word entity whose capital letter may only be its place's: the first word of a sentence or a
    line that the tagger reads as a common word ("Strikes earlier this month hit …"), or that modifies a
    lower-case noun in a line without a verb (a section heading: "‘Blatant act’")."""
    if len(ent) != 1 or not _starts_sentence(ent):
        return False
    token = ent[0]
    if token.pos_ in ("NOUN", "ADJ", "VERB", "ADV"):
        return True
    head = token.head
    return head is not token and head.pos_ == "NOUN" and head.is_lower and head.i > token.i \
        and not any(t.pos_ in ("VERB", "AUX") for t in ent.sent)


def _starts_sentence(ent: SpacySpan) -> bool:
    doc = ent.doc
    i = ent.sent.start
    while i < ent.start and (doc[i].is_punct or doc[i].is_space or doc[i].is_quote):
        i += 1
    return i == ent.start


def _confirmed_elsewhere(found: list[tuple[Span, str, EntityType]], by_position: set[int]) -> list[tuple[Span, str, EntityType]]:
    """A word capitalised only by its place stays a name where the article also capitalises it elsewhere."""
    if not by_position:
        return found
    confirmed = {translit_key(word) for span, name, _ in found if span.begin not in by_position
                 for word in (name, *name.split())}  # "Rudskoi" at a sentence start, "Sergei Rudskoi" before
    return [m for m in found if m[0].begin not in by_position or translit_key(m[1]) in confirmed]


def _after_role_noun(ent: SpacySpan) -> bool:
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in ROLE_NOUNS


def _looks_personal(surface: str) -> bool:
    words = surface.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)


def _is_title_case(line: str) -> bool:
    """Headline style ("Russia Confirms It Will REACT To NATO’s Military Activities"): every word capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _confirmed_in_title_case(
    text: str, found: list[tuple[Span, str, EntityType]], content: tuple[Span, ...], known_starts: set[int]
) -> list[tuple[Span, str, EntityType]]:
    """In a title-case headline any word looks like a name: keep only names the KB knows or the body repeats."""
    headline_spans = [c for c in content if _is_title_case(text[c.begin : c.end])]
    if not headline_spans:
        return found
    in_headline = [any(h.contains(span) for h in headline_spans) for span, _, _ in found]
    body_keys = {translit_key(name) for (span, name, _), flag in zip(found, in_headline) if not flag}
    return [m for m, flag in zip(found, in_headline)
            if not flag or m[0].begin in known_starts or translit_key(m[1]) in body_keys]


def _trim(text: str, begin: int, end: int) -> tuple[int, int]:
    surface = text[begin:end]
    left = _TRIM_LEFT.match(surface)
    if left:
        begin += left.end()
    right = _TRIM_RIGHT.search(text[begin:end])
    if right and right.start() > 0:
        end = begin + right.start()
    return begin, end


def resolve_entities(
    mentions: list[tuple[Span, str, EntityType]], linker: Linker, cues: Mapping[Span, EntityType] | None = None
) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    """Group mentions into entities, link each entity, and key its mentions to it.

    ``cues`` are the types the grammar gives some mentions (kg.extract.type_cues): for a name the KB does
    not link, they outvote the model's labels where they agree (see _apply_cues); a linked name takes the
    KB's type.
    """
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    context = list(dict.fromkeys(text for _, text, _ in mentions))  # each name once: the linker reads its words
    for span, text, entity_type in mentions:
        key = (_family(entity_type), _exercise_key(text) if entity_type == EntityType.EXERCISE else translit_key(text))
        cluster = by_key.get(key)
        if cluster is None:
            cluster = _Cluster()
            clusters.append(cluster)
            by_key[key] = cluster
        cluster.type_votes[entity_type] += 1 + len(text.split())  # full names say more than surnames
        cluster.mentions.append((span, text))
    def known(name: str) -> bool:
        return bool(linker.candidates(name))

    clusters = _join_short_forms(_join_person_names_across_types(clusters, known), known)
    for cluster in clusters:
        link = linker.link(_names_by_length(cluster), cluster.type.value, context)
        if not link and _apply_cues(cluster, cues or {}):  # the model's type may have kept the KB from linking
            link = linker.link(_names_by_length(cluster), cluster.type.value, context)
        if link:
            cluster.qid, cluster.confidence = link.qid, link.confidence
            item = linker.kb.get(link.qid)
            if item is not None and item.kind in EntityType._value2member_map_:
                cluster.type_votes[EntityType(item.kind)] += 1000  # the KB's type wins
    clusters = _join_same_item(clusters)
    return _records(clusters, linker)


def _apply_cues(cluster: _Cluster, cues: Mapping[Span, EntityType]) -> bool:
    """The grammar's type wins where all its cues for the entity agree, except that one "in X" alone does
    not turn the model's organisation into a place ("a split in X"), and an exercise the exercise patterns
    found ("taking part in Trident Juncture 2018") stays one."""
    if cluster.type == EntityType.EXERCISE:
        return False
    found = [cues[span] for span, _ in cluster.mentions if span in cues]
    kinds = set(found)
    if len(kinds) != 1:
        return False
    kind = kinds.pop()
    model = cluster.type
    if kind == model or model == EntityType.ORGANIZATION and kind == EntityType.PLACE and len(found) < 2:
        return False
    cluster.type_votes[kind] += sum(cluster.type_votes.values()) + 1  # more than every model vote; less than the KB's
    return True


def _exercise_key(name: str) -> str:
    """ "Steadfast Defender 24" and "Steadfast Defender 2024" are one edition."""
    match = _YEAR_SUFFIX.search(name)
    if not match:
        return translit_key(name)
    year = match.group(0).strip(" -")
    return f"{translit_key(name[: match.start()])} {year if len(year) == 4 else '20' + year}"


def _family(entity_type: EntityType) -> str:
    """Types whose names may denote one another before linking (metonymy)."""
    return "actor" if entity_type in (EntityType.ORGANIZATION, EntityType.PLACE) else entity_type.value


def _names_by_length(cluster: _Cluster) -> list[str]:
    return sorted(set(cluster.names()), key=lambda n: (-len(n.split()), -len(n), n))


def _join_short_forms(clusters: list[_Cluster], known: Callable[[str], bool]) -> list[_Cluster]:
    """A surname joins the one full name ending in it, a family or given name the one full name it starts
    (``known``: the name is the knowledge base's); an acronym joins its one long form."""
    persons = [c for c in clusters if c.type == EntityType.PERSON]
    last_names: dict[str, list[_Cluster]] = defaultdict(list)
    first_names: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in persons:
        for name in cluster.names():
            for surname in _surnames(name):
                last_names[translit_key(surname)].append(cluster)
            words = name.split()
            if len(words) >= 2 and words[0][:1].isupper() and words[0].casefold() not in PERSONAL_TITLES:
                first_names[translit_key(words[0])].append(cluster)
    long_forms: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        if cluster.type in (EntityType.ORGANIZATION, EntityType.PLACE, EntityType.EVENT):
            for name in cluster.names():
                initials = acronym(name)
                if initials:
                    long_forms[initials.casefold()].append(cluster)
    with_year: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        if cluster.type == EntityType.EXERCISE:
            for name in cluster.names():
                base = _YEAR_SUFFIX.sub("", name)
                if base != name:
                    with_year[translit_key(base)].append(cluster)
    merged: dict[int, _Cluster] = {}
    for cluster in clusters:
        names = cluster.names()
        target = None
        if cluster.type == EntityType.EXERCISE and all(_YEAR_SUFFIX.sub("", n) == n for n in names):
            owners = {id(c): c for c in with_year.get(translit_key(names[0]), []) if c is not cluster}
            if len(owners) == 1:  # "Sea Breeze" is the "Sea Breeze 2016" the article is about
                merged[id(cluster)] = next(iter(owners.values()))
            continue
        if cluster.type != EntityType.EXERCISE and all(_is_surname_form(n) for n in names) \
                and translit_key(names[0]) in last_names:  # "Lavrov", even when the model calls it an ORG
            owners = {id(c): c for c in last_names.get(translit_key(names[0]), []) if c is not cluster}
            owners |= {id(c): c for c in first_names.get(translit_key(names[0]), []) if c is not cluster}
            if len(owners) == 1:
                target = next(iter(owners.values()))
        elif len(names[0].split()) == 1 and all(n == names[0] for n in names) and translit_key(names[0]) in first_names \
                and (cluster.type == EntityType.PERSON or cluster.type != EntityType.EXERCISE and not known(names[0])):
            # "Lin Jian … Lin added", "Kim Jong Un … Kim said" (family name first), "Abiy Ahmed … Abiy said"
            owners = {id(c): c for c in first_names[translit_key(names[0])] if c is not cluster}
            if len(owners) == 1:
                target = next(iter(owners.values()))
        elif all(n.replace(".", "").isupper() and " " not in n for n in names):
            owners = {id(c): c for c in long_forms.get(name_key(names[0]), []) if c is not cluster}
            if len(owners) == 1:
                target = next(iter(owners.values()))
        if target is not None:
            merged[id(cluster)] = target
    return _apply_merges(clusters, merged)


def _join_person_names_across_types(clusters: list[_Cluster], known: Callable[[str], bool]) -> list[_Cluster]:
    """The model may type one person's name as a person in some sentences and as an organization or a place
    in others ("Lamamra said" / "Lamamra told reporters"; "Nouri Tamamra" a place, "Tamamra said" a
    person). Where the person reading has as many mentions, and the knowledge base knows no such
    organization or place, the name is the person's: the same word joins the person; a full name ending
    in it becomes a person's, which the surname then joins as any surname does."""
    persons = {translit_key(word): c for c in clusters if c.type == EntityType.PERSON and (word := _one_word(c))}
    if not persons:
        return clusters
    merged: dict[int, _Cluster] = {}
    for cluster in clusters:
        if cluster.type not in (EntityType.ORGANIZATION, EntityType.PLACE) or any(known(n) for n in cluster.names()):
            continue
        person = _person_named_by(cluster, persons)
        if person is None or len(person.mentions) < len(cluster.mentions):
            continue
        cluster.type_votes = Counter({EntityType.PERSON: sum(cluster.type_votes.values())})
        if _one_word(cluster):
            merged[id(cluster)] = person
    return _apply_merges(clusters, merged)


def _one_word(cluster: _Cluster) -> str | None:
    """The cluster's name, when it is one word written one way."""
    names = set(cluster.names())
    name = names.pop()
    return name if not names and " " not in name else None


def _person_named_by(cluster: _Cluster, persons: dict[str, _Cluster]) -> _Cluster | None:
    """The one-word person ``cluster`` names: the same word, or the last word of its full name."""
    word = _one_word(cluster)
    if word:
        return persons.get(translit_key(word))
    names = set(cluster.names())
    ends = {translit_key(n.split()[-1]) for n in names}
    return persons.get(ends.pop()) if len(ends) == 1 and all(_is_plain_full_name(n) for n in names) else None


def _is_plain_full_name(name: str) -> bool:
    """Two or three capitalised words and nothing else ("Nouri Tamamra", not "Chad, Yacine Mamra")."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w.replace("-", "").isalpha() and w[0].isupper() and not w.isupper() for w in words)


def _surnames(name: str) -> list[str]:
    """How a full name is shortened: its last word ("Kosiniak-Kamysz": on spaces only), its surname
    with particles ("von der Leyen"), and, with two surnames, the first ("Borrell" of "Josep Borrell
    Fontelles")."""
    words = name.split()
    if len(words) < 2:
        return []
    forms = [words[-1]]
    particle = next((i for i, w in enumerate(words[1:], 1) if w in NAME_PARTICLES), None)
    if particle is not None:
        forms.append(" ".join(words[particle:]))
    elif len(words) == 3 and all(w[:1].isupper() for w in words):
        forms += [words[1], " ".join(words[1:])]
    return forms


def _is_surname_form(name: str) -> bool:
    """One word ("Lavrov"), or a surname with particles ("Von der Leyen")."""
    words = name.split()
    return len(words) == 1 or words[0].casefold() in NAME_PARTICLES


def _join_same_item(clusters: list[_Cluster]) -> list[_Cluster]:
    """Clusters linked to one item join, and so do unlinked ones that now have one key: "fled to Rafah",
    typed a person by the model, is a place by its grammar like "in Rafah"."""
    first: dict[str, _Cluster] = {}
    merged: dict[int, _Cluster] = {}
    for cluster in clusters:
        key = cluster.qid or entity_key(_label(cluster), cluster.type, None)
        if key in first:
            merged[id(cluster)] = first[key]
        else:
            first[key] = cluster
    return _apply_merges(clusters, merged)


def _apply_merges(clusters: list[_Cluster], merged: dict[int, _Cluster]) -> list[_Cluster]:
    def root(cluster: _Cluster) -> _Cluster:
        while id(cluster) in merged:
            cluster = merged[id(cluster)]
        return cluster

    kept: list[_Cluster] = []
    for cluster in clusters:
        target = root(cluster)
        if target is cluster:
            kept.append(cluster)
            continue
        target.mentions.extend(cluster.mentions)
        target.type_votes.update(cluster.type_votes)
        if target.qid is None and cluster.qid is not None:
            target.qid, target.confidence = cluster.qid, cluster.confidence
    return kept


def entity_key(name: str, entity_type: EntityType, qid: str | None) -> str:
    """The key that becomes the entity's IRI: the QID once linked, else type and name, its romanised
    endings merged ("Sergei Shoigu" and "Sergey Shoigu" are person/sergey-shoigu)."""
    return qid if qid else f"{entity_type.value}/{slug(spelling_key(name))}"


def _label(cluster: _Cluster) -> str:
    """The article's own spelling of its longest name: the one it uses most where it writes the name
    two ways ("Sergei Rudskoi" twice, "Sergey Rudskoy" once), ties broken as ``preferred_spelling``
    does (mixed case first, then code-point order). Every candidate gives the same ``entity_key``."""
    key = spelling_key(_names_by_length(cluster)[0])
    return preferred_spelling(Counter(clean_surface(n) for n in cluster.names() if spelling_key(n) == key))


def _records(clusters: Iterable[_Cluster], linker: Linker) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    entities: list[Entity] = []
    mentions: list[Mention] = []
    for cluster in clusters:
        item = linker.kb.get(cluster.qid) if cluster.qid else None
        name = item.label if item else _label(cluster)
        key = entity_key(name, cluster.type, cluster.qid)
        aliases = tuple(sorted({clean_surface(n) for n in cluster.names()} - {name}))
        entities.append(Entity(key, name, cluster.type, aliases, cluster.qid, cluster.confidence))
        mentions.extend(Mention(span, text, key) for span, text in cluster.mentions)
    entities.sort(key=lambda e: e.key)
    mentions.sort(key=lambda m: (m.span.begin, m.span.end, m.entity_key))
    return tuple(entities), tuple(mentions)
