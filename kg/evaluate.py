"""Scoring the pipeline against gold annotations (format: tests/gold/README.md).

Entities are scored per mention (detection, typing, linking); statements per gold
statement (recall, speaker attribution) and per predicted statement (precision).
Optional gold statements count neither for nor against. A statement may have several
speakers (a joint statement, "X and Y said"): its attribution is right when every gold
speaker is one of them, and, for a gold statement without a speaker, when it has none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.names import translit_key
from kg.records import Article, EntityType, Extraction, Span

GOLD_TYPES = {
    "Person": EntityType.PERSON,
    "Organization": EntityType.ORGANIZATION,
    "Place": EntityType.PLACE,
    "MilitaryExercise": EntityType.EXERCISE,
    "Event": EntityType.EVENT,
}


@dataclass(frozen=True)
class GoldEntity:
    id: str
    name: str
    type: EntityType
    wikidata: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class GoldStatement:
    span: Span
    kind: str
    speakers: tuple[str, ...]  # entity ids: one, several for a joint statement, none when unnamed
    optional: bool


@dataclass(frozen=True)
class GoldArticle:
    path: Path
    text_path: Path
    published: str | None
    entities: tuple[GoldEntity, ...]
    statements: tuple[GoldStatement, ...]


@dataclass
class Counts:
    """Raw counts; figures derive from them so that articles add up."""

    gold_mentions: int = 0
    predicted_mentions: int = 0
    matched_mentions: int = 0
    typed_right: int = 0
    gold_links: int = 0
    predicted_links: int = 0
    links_right: int = 0
    gold_statements: int = 0
    gold_quotes: int = 0
    found_statements: int = 0
    found_quotes: int = 0
    speakers_right: int = 0
    predicted_statements: int = 0
    predicted_counted: int = 0
    predicted_right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name, value in vars(other).items():
            if name == "errors":
                self.errors.extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 1.0

        precision = ratio(self.matched_mentions, self.predicted_mentions)
        recall = ratio(self.matched_mentions, self.gold_mentions)
        return {
            "entity detection precision": precision,
            "entity detection recall": recall,
            "entity detection F1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "entity typing accuracy": ratio(self.typed_right, self.matched_mentions),
            "linking precision": ratio(self.links_right, self.predicted_links),
            "linking recall": ratio(self.links_right, self.gold_links),
            "quote recall": ratio(self.found_quotes, self.gold_quotes),
            "statement recall": ratio(self.found_statements, self.gold_statements),
            "attribution accuracy": ratio(self.speakers_right, self.gold_statements),
            "statement precision": ratio(self.predicted_right, self.predicted_counted),
        }


def load_gold(path: Path) -> GoldArticle:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        text_path = _resolve(record["text_file"], path)
        entities = tuple(
            GoldEntity(e["id"], e["name"], GOLD_TYPES[e["type"]], e.get("wikidata"),
                       tuple(Span(m[0], m[1]) for m in e["mentions"]))
            for e in record["entities"]
        )
        statements = tuple(
            GoldStatement(Span(s["begin"], s["end"]), s["kind"], _gold_speakers(s.get("speaker")), bool(s.get("optional")))
            for s in record["statements"]
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"{path}: not a gold file ({error})") from None
    return GoldArticle(path, text_path, record.get("published"), entities, statements)


def _gold_speakers(value: object) -> tuple[str, ...]:
    """A gold statement's ``speaker``: an entity id, a list of them (a joint statement) or null."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"speaker {value!r} is not an entity id, a list of them or null")


def _resolve(text_file: str, gold_path: Path) -> Path:
    for base in (Path.cwd(), *gold_path.resolve().parents):
        candidate = base / text_file
        if candidate.exists():
            return candidate
    raise InputError(f"{gold_path}: text file {text_file} not found")


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.begin, b.begin))


def score(gold: GoldArticle, extraction: Extraction) -> Counts:
    counts = Counts()
    name = gold.text_path.name
    entity_of = {e.key: e for e in extraction.entities}
    gold_mentions = [(span, entity) for entity in gold.entities for span in entity.mentions]
    predicted = list(extraction.mentions)
    counts.gold_mentions, counts.predicted_mentions = len(gold_mentions), len(predicted)
    used: set[int] = set()
    for span, entity in gold_mentions:
        match = next((i for i, m in enumerate(predicted) if i not in used and m.span == span), None)
        if match is None:
            match = next((i for i, m in enumerate(predicted) if i not in used and _overlap(m.span, span)), None)
        if entity.wikidata:
            counts.gold_links += 1
        if match is None:
            counts.errors.append(f"{name}: missed {entity.type.value} {gold_text(gold, span)!r}")
            continue
        used.add(match)
        counts.matched_mentions += 1
        predicted_entity = entity_of[predicted[match].entity_key]
        if predicted_entity.type == entity.type:
            counts.typed_right += 1
        else:
            counts.errors.append(f"{name}: typed {gold_text(gold, span)!r} {predicted_entity.type.value}, gold {entity.type.value}")
        if predicted_entity.wikidata:
            counts.predicted_links += 1
            if predicted_entity.wikidata == entity.wikidata:
                counts.links_right += 1
            else:
                counts.errors.append(f"{name}: linked {gold_text(gold, span)!r} to {predicted_entity.wikidata}, gold {entity.wikidata}")
        elif entity.wikidata:
            counts.errors.append(f"{name}: no link for {gold_text(gold, span)!r}, gold {entity.wikidata}")
    for i, m in enumerate(predicted):
        if i not in used:
            counts.errors.append(f"{name}: spurious {entity_of[m.entity_key].type.value} {m.text!r}")
    _score_statements(gold, extraction, counts)
    return counts


def _score_statements(gold: GoldArticle, extraction: Extraction, counts: Counts) -> None:
    name = gold.text_path.name
    clusters = {e.id: e for e in gold.entities}
    mentions_of: dict[str, list[Span]] = {}
    for m in extraction.mentions:
        mentions_of.setdefault(m.entity_key, []).append(m.span)
    names_of = {e.key: {translit_key(n) for n in (e.name, *e.aliases)} for e in extraction.entities}
    wikidata_of = {e.key: e.wikidata for e in extraction.entities}

    def is_speaker(key: str, cluster: GoldEntity | None) -> bool:
        return _speaker_right(key, cluster, mentions_of, names_of, wikidata_of)

    def same(a: Span, b: Span) -> bool:
        return _overlap(a, b) >= 0.5 * min(a.end - a.begin, b.end - b.begin)

    for statement in gold.statements:
        if statement.optional:
            continue
        counts.gold_statements += 1
        is_quote = statement.kind in ("direct", "mixed")
        counts.gold_quotes += is_quote
        match = next((s for s in extraction.statements if same(s.span, statement.span)), None)
        excerpt = gold_text(gold, statement.span)[:60]
        if match is None:
            counts.errors.append(f"{name}: missed {statement.kind} statement {excerpt!r}")
            continue
        counts.found_statements += 1
        counts.found_quotes += is_quote
        wanted = [clusters.get(speaker) for speaker in statement.speakers]
        said = " and ".join(match.speaker_keys) or "unresolved"
        if _attribution_right(match.speaker_keys, wanted, is_speaker):
            counts.speakers_right += 1
            extra = [key for key in match.speaker_keys if not any(is_speaker(key, cluster) for cluster in wanted)]
            if extra:  # right, as every gold speaker is among them; listed all the same
                counts.errors.append(f"{name}: speakers of {excerpt!r} are {said} ({match.speaker_text!r}), "
                                     f"gold only {_names(wanted)}")
        else:
            counts.errors.append(f"{name}: speaker of {excerpt!r} is {said} ({match.speaker_text!r}), "
                                 f"gold {_names(wanted) or 'nobody'}")
    for predicted in extraction.statements:
        counts.predicted_statements += 1
        hits = [g for g in gold.statements if same(predicted.span, g.span)]
        if hits and all(g.optional for g in hits):
            continue
        counts.predicted_counted += 1
        if hits:
            counts.predicted_right += 1
        else:
            counts.errors.append(f"{name}: spurious statement {predicted.text[:60]!r} ({predicted.speaker_text!r})")


def _attribution_right(keys: tuple[str, ...], wanted: list[GoldEntity | None],
                       is_speaker: Callable[[str, GoldEntity | None], bool]) -> bool:
    """Every gold speaker is one of the statement's speakers; a gold statement without one has none."""
    if not wanted:
        return not keys
    return all(any(is_speaker(key, cluster) for key in keys) for cluster in wanted)


def _names(clusters: list[GoldEntity | None]) -> str:
    return " and ".join(cluster.name if cluster else "an unknown id" for cluster in clusters)


def _speaker_right(key: str, cluster: GoldEntity | None, mentions_of: dict[str, list[Span]],
                   names_of: dict[str, set[str]], wikidata_of: dict[str, str | None]) -> bool:
    """Whether the predicted speaker ``key`` is the gold entity ``cluster``."""
    if cluster is None:
        return False
    if cluster.wikidata and wikidata_of.get(key) == cluster.wikidata:
        return True
    if any(_overlap(a, b) for a in mentions_of.get(key, []) for b in cluster.mentions):
        return True
    return translit_key(cluster.name) in names_of.get(key, set())


def gold_text(gold: GoldArticle, span: Span) -> str:
    return gold.text_path.read_text(encoding="utf-8")[span.begin : span.end]


def gold_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError(f"{folder}: no gold files (*.json)")
    return files


def evaluate(folder: Path, extract_article: object) -> tuple[Counts, dict[str, Counts]]:
    """Score every gold file; ``extract_article(Article) -> Extraction`` runs the pipeline."""
    from kg.ingest import prepare

    total, per_article = Counts(), {}
    for path in gold_files(folder):
        gold = load_gold(path)
        text = gold.text_path.read_text(encoding="utf-8")
        article = prepare(Article(source=gold.text_path.name, text=text, published=gold.published))
        counts = score(gold, extract_article(article))  # type: ignore[operator]
        per_article[gold.text_path.name] = counts
        total.add(counts)
    return total, per_article


def format_report(total: Counts, per_article: dict[str, Counts], errors: bool) -> Iterable[str]:
    for label, value in total.figures().items():
        yield f"{label:28} {value:.3f}"
    yield f"{'articles':28} {len(per_article)}"
    yield f"{'gold mentions / statements':28} {total.gold_mentions} / {total.gold_statements}"
    if errors:
        yield ""
        yield from total.errors
