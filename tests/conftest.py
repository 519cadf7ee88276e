"""Shared fixtures (the real pipeline, built once per test session) and helpers to run it on a short article."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import pytest

from kg.cli import main
from kg.kb import KnowledgeBase
from kg.link import Linker
from kg.records import Article, Extraction

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "dev"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def pipeline():
    """The loaded spaCy model and knowledge base (a few seconds; shared by all tests)."""
    from kg.pipeline import BuildConfig, Pipeline

    return Pipeline(BuildConfig())


def extract_text(pipeline, source: str, text: str, published: str | None = None) -> Extraction:  # type: ignore[no-untyped-def]
    """The records the real pipeline extracts from ``text``, read as the article ``source``."""
    from kg.extract.article import extract
    from kg.ingest import prepare

    article = prepare(Article(source=source, text=text, published=published))
    return extract(article, pipeline.nlp(article.text), pipeline.linker)


@pytest.fixture(scope="session")
def linker() -> Linker:
    """A linker over the shipped knowledge base, without the spaCy model."""
    return Linker(KnowledgeBase.load())


def linked_mentions(extraction: Extraction) -> dict[str, str | None]:
    """Each mention as written -> the Wikidata ID of its entity (None when unlinked)."""
    qid_of_entity = {e.key: e.wikidata for e in extraction.entities}
    return {m.text: qid_of_entity[m.entity_key] for m in extraction.mentions}


def links_of(extraction: Extraction, names: Iterable[str]) -> dict[str, str | None]:
    """Each of ``names`` -> the Wikidata ID its mention links to (None when unlinked or not found)."""
    linked = linked_mentions(extraction)
    return {name: linked.get(name) for name in names}


def table_rows(path: Path) -> list[list[str]]:
    """The rows (header first) of a tab-separated knowledge-base table, read as ``kg.kb.read_tsv`` reads them."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def speakers_of(extraction: Extraction) -> dict[str, str | None]:
    """What each statement says -> its speaker's name (None when unresolved); the names of a joint
    statement's speakers are joined by " and ", in the order the text names them."""
    names = {e.key: e.name for e in extraction.entities}
    return {s.text: " and ".join(names.get(key, key) for key in s.speaker_keys) or None for s in extraction.statements}


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the development articles (all the articles the repository has) in an embedded store."""
    out = tmp_path_factory.mktemp("corpus")
    assert main(["-q", "build", str(SEEDS), str(DEV), "-o", str(out / "kg.nq"), "--store", str(out / "store")]) == 0
    return out / "store"


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg build seeds/` into Turtle and an embedded store; returns the folder holding both."""
    out = tmp_path_factory.mktemp("seeds")
    assert main(["-q", "build", str(SEEDS), "-o", str(out / "kg.ttl"), "--store", str(out / "store")]) == 0
    return out
