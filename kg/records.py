"""Frozen records passed between the NLP stages and the RDF stage.

They are the contract of the pipeline: NLP code produces them without knowing RDF,
and RDF code consumes them without knowing spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class EntityType(str, Enum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    EXERCISE = "exercise"
    EVENT = "event"


class StatementKind(str, Enum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


@dataclass(frozen=True)
class Span:
    """A half-open character range [begin, end) in an article's original text."""

    begin: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.begin <= self.end:
            raise ValueError(f"bad span [{self.begin}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.begin < other.end and other.begin < self.end

    def contains(self, other: Span) -> bool:
        return self.begin <= other.begin and other.end <= self.end


@dataclass(frozen=True)
class Article:
    """One input article: its original text and the metadata known or guessed about it."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date
    publisher: str | None = None  # e.g. an agency named in the dateline
    dateline_place: str | None = None
    content: tuple[Span, ...] = ()  # the article body; empty means the whole text
    dateline: Span | None = None  # "MOSCOW, June 6. /TASS/." : names a place and an agency, says nothing


@dataclass(frozen=True)
class Mention:
    """A name as written in the article, with its offsets and the entity key it refers to."""

    span: Span
    text: str
    entity_key: str


@dataclass(frozen=True)
class Entity:
    """An entity of one article: its name (the KB label once linked, else the article's own spelling), type,
    surface forms and (once linked) Wikidata ID."""

    key: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Statement:
    """A quotation or attributed claim.

    A joint statement ("X and Y said") has every speaker its speaker phrase names: ``speaker_keys`` are the
    entities resolved, in the order the text names them (empty when none is), ``speaker_mentions`` the
    names as written that were resolved, in text order; ``speaker_text`` is the whole phrase."""

    span: Span
    text: str
    kind: StatementKind
    speaker_text: str
    speech_verb: str | None = None
    speaker_keys: tuple[str, ...] = ()
    speaker_mentions: tuple[Span, ...] = ()
    date: str | None = None  # ISO date, year-month or year
    mentioned_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class PositionFact:
    """A role stated in the text: a person holds a position, possibly in an organization or country."""

    holder_key: str
    role: str
    organization_key: str | None
    evidence: Span


@dataclass(frozen=True)
class ExerciseFact:
    """What the text states about a military exercise."""

    exercise_key: str
    locations: tuple[str, ...] = ()
    organizers: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    personnel: int | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    positions: tuple[PositionFact, ...] = ()
    exercises: tuple[ExerciseFact, ...] = field(default_factory=tuple)
