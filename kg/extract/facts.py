"""Facts the articles state: positions people hold, and what exercises involve."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.extract.speakers import ROLE_NOUNS
from kg.records import Entity, EntityType, ExerciseFact, Mention, PositionFact, Span

_DEMONYMS = {
    "russian": "russia", "ukrainian": "ukraine", "american": "united states", "british": "united kingdom",
    "german": "germany", "french": "france", "polish": "poland", "finnish": "finland", "swedish": "sweden",
    "norwegian": "norway", "turkish": "turkey", "belarusian": "belarus", "lithuanian": "lithuania",
    "latvian": "latvia", "estonian": "estonia", "romanian": "romania", "bulgarian": "bulgaria",
    "georgian": "georgia", "moldovan": "moldova", "italian": "italy", "greek": "greece", "canadian": "canada",
    "chinese": "china", "soviet": "soviet union",
}
_PERSONNEL = re.compile(
    r"\b(?:about|some|around|nearly|almost|over|more than|up to)?\s*(\d{1,3}(?:,\d{3})+|\d+)\s+"
    r"(?:troops|personnel|service\s?members|servicemen|soldiers|sailors|people|military personnel)\b"
)
_TITLE_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Za-z]+)?$")


def position_facts(doc: Doc, entities: tuple[Entity, ...], mentions: tuple[Mention, ...]) -> tuple[PositionFact, ...]:
    """Roles written before a person's name: "Russian Foreign Minister Sergey Lavrov", "NATO Secretary General X"."""
    by_key = {e.key: e for e in entities}
    by_name = {e.name.casefold(): e.key for e in entities if e.type == EntityType.PLACE}
    facts: dict[tuple[str, str, str | None], PositionFact] = {}
    for mention in mentions:
        if by_key[mention.entity_key].type != EntityType.PERSON:
            continue
        name = doc.char_span(mention.span.begin, mention.span.end, alignment_mode="expand")
        if name is None:
            continue
        i = name.start - 1
        role_tokens: list[Token] = []
        while i >= 0 and (doc[i].lower_ in ROLE_NOUNS or _TITLE_WORD.match(doc[i].text)) and doc[i].ent_type_ not in ("PERSON",):
            if doc[i].ent_type_ in ("GPE", "ORG", "NORP") or doc[i].lower_ in _DEMONYMS:
                break
            role_tokens.insert(0, doc[i])
            i -= 1
        if not role_tokens or not any(t.lower_ in ROLE_NOUNS for t in role_tokens):
            continue
        organization = None
        begin = role_tokens[0].idx
        while i >= 0 and doc[i].text in ("’s", "'s"):
            i -= 1
        if i >= 0 and (doc[i].ent_type_ in ("GPE", "ORG", "NORP") or doc[i].lower_ in _DEMONYMS):
            org_mention = next((m for m in mentions if m.span.begin <= doc[i].idx < m.span.end), None)
            if org_mention is not None:
                organization, begin = org_mention.entity_key, org_mention.span.begin
            elif doc[i].lower_ in _DEMONYMS:
                country = _DEMONYMS[doc[i].lower_]
                organization = next((k for n, k in by_name.items() if n == country), None)
                begin = doc[i].idx
        role = " ".join(t.text for t in role_tokens)
        key = (mention.entity_key, role.casefold(), organization)
        if key not in facts:
            facts[key] = PositionFact(mention.entity_key, role, organization, Span(begin, mention.span.end))
    return tuple(facts.values())


def exercise_facts(doc: Doc, entities: tuple[Entity, ...], mentions: tuple[Mention, ...]) -> tuple[ExerciseFact, ...]:
    """Locations, participants, personnel and dates stated in the sentences naming an exercise."""
    by_key = {e.key: e for e in entities}
    facts = []
    for exercise in (e for e in entities if e.type == EntityType.EXERCISE):
        sentences = {doc.char_span(m.span.begin, m.span.end, alignment_mode="expand").sent  # type: ignore[union-attr]
                     for m in mentions if m.entity_key == exercise.key}
        locations: set[str] = set()
        personnel = None
        for sentence in sentences:
            for mention in mentions:
                if not sentence.start_char <= mention.span.begin < sentence.end_char:
                    continue
                entity = by_key[mention.entity_key]
                token = doc.char_span(mention.span.begin, mention.span.end, alignment_mode="expand")
                if entity.type == EntityType.PLACE and token is not None:
                    prep = token.root.head
                    if prep.lower_ in ("in", "near", "across", "over", "at"):
                        locations.add(entity.key)
            match = _PERSONNEL.search(sentence.text)
            if match and personnel is None:
                personnel = int(match.group(1).replace(",", ""))
        facts.append(ExerciseFact(exercise.key, locations=tuple(sorted(locations)), personnel=personnel))
    return tuple(facts)
