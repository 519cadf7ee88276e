"""The build: articles in, extraction records and quads out, streamed article by article."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.errors import InputError
from kg.extract.article import extract
from kg.ingest import DEFAULT_MAX_BYTES, ArticleFailure, ArticleInput, read_articles
from kg.kb import KnowledgeBase
from kg.link import Linker
from kg.nlp import load_pipeline
from kg.records import Article, Extraction

log = logging.getLogger("kg")
BATCH_SIZE = 32


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs, decided once at the CLI edge."""

    kb_path: Path | None = None
    keep_going: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    version: str = __version__
    online: bool = False  # look up online the names the KB does not know (kg build --online)
    wikidata_endpoint: str = "https://query.wikidata.org/sparql"
    wikidata_cache: str | None = ""  # folder of cached answers: "" the default one, None no cache


@dataclass
class BuildReport:
    articles: int = 0
    statements: int = 0
    entities: int = 0
    failures: list[ArticleFailure] = field(default_factory=list)
    # (entity key, label) -> how many articles gave the entity that label: one label is chosen per
    # entity over the whole build (kg.rdf.labels).
    labels: Counter[tuple[str, str]] = field(default_factory=Counter)


def _online_linker(kb: KnowledgeBase, config: BuildConfig) -> Linker:
    from kg.wikidata import DEFAULT, OnlineLinker, WikidataClient

    cache = DEFAULT if config.wikidata_cache == "" else config.wikidata_cache
    return OnlineLinker(kb, WikidataClient(config.wikidata_endpoint, cache_dir=cache))


class Pipeline:
    """The loaded model and knowledge base, reused for every article of a run."""

    def __init__(self, config: BuildConfig) -> None:
        self.config = config
        kb = KnowledgeBase.load(config.kb_path)
        self.linker = Linker(kb) if not config.online else _online_linker(kb, config)
        self.nlp = load_pipeline(kb)

    def run(self, paths: Sequence[ArticleInput], report: BuildReport, claimed: dict[str, str] | None = None) -> Iterator[Extraction]:
        """Extractions of every readable article; a bad one stops the run unless ``keep_going``.

        ``claimed``: source names taken by other tasks of the same build (see kg.build).
        """
        articles = self._articles(paths, report, claimed)
        texts = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(texts, as_tuples=True, batch_size=BATCH_SIZE):
            extraction = extract(article, doc, self.linker)
            report.articles += 1
            report.statements += len(extraction.statements)
            report.entities += len(extraction.entities)
            report.labels.update((entity.key, entity.name) for entity in extraction.entities)
            yield extraction

    def _articles(self, paths: Sequence[ArticleInput], report: BuildReport, claimed: dict[str, str] | None) -> Iterator[Article]:
        for item in read_articles(paths, self.config.max_bytes, claimed):
            if isinstance(item, ArticleFailure):
                if not self.config.keep_going:
                    raise InputError(item.message)
                log.warning("skipped: %s", item.message)
                report.failures.append(item)
                continue
            yield item
