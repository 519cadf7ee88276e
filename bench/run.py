"""kg's benchmark: kg against the libraries it is built on, measured side by side in one run.

    .venv/bin/python bench/run.py            # full: >= 1,000,000 words, 100 vs 10,000-article memory runs
    .venv/bin/python bench/run.py --quick    # 100,000 words, 100 vs 1,000-article memory runs
    .venv/bin/python bench/run.py --profile  # cProfile of kg's build on a quick corpus, top kg functions

Everything is written under bench/out/ (git-ignored): the corpus, the outputs, the stores,
results.md (the table), results.json (every figure) and profile.txt. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SOURCE_DIRS = (ROOT / "seeds", ROOT / "tests" / "data" / "dev")
METADATA_FILE = "SOURCES.tsv"
RESOURCE_BASE = "https://w3id.org/newskg/resource/"

FULL_WORDS = 1_000_000
QUICK_WORDS = 100_000
FULL_WORKERS_WORDS = 300_000  # the workers runs: big enough that start-up is small beside the work, small enough to repeat
MIN_QUERY_TRIPLES = 1_000_000
FULL_MEMORY_SIZES = (100, 10_000)
QUICK_MEMORY_SIZES = (100, 1_000)
SHORT_ARTICLE_WORDS = 40  # the articles of the memory runs: headline and first paragraphs

TARGET_BUILD = 0.80
TARGET_WRITE = 0.5
TARGET_LOAD = 0.5
TARGET_QUERY_P50_MS = 50.0
TARGET_MEMORY = 1.2
TARGET_WORKERS = 1.7


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# The machine


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, object] = {"cpu": cpu, "logical_cores": os.cpu_count()}
    try:
        info["usable_cores"] = len(os.sched_getaffinity(0))
    except AttributeError:
        info["usable_cores"] = os.cpu_count()
    try:
        import psutil

        info["physical_cores"] = psutil.cpu_count(logical=False)
        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    import pyoxigraph
    import spacy

    import kg

    info["python"] = platform.python_version()
    info["os"] = f"{platform.system()} {platform.release()}"
    info["spacy"] = spacy.__version__
    info["pyoxigraph"] = pyoxigraph.__version__
    info["kg"] = kg.__version__
    info["kg_tree"] = _git_state()
    info["loadavg_start"] = _loadavg()
    return info


def _git_state() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "kg"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        return f"{commit}{' + uncommitted changes in kg/' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# ---------------------------------------------------------------------------------------------
# Corpora


@dataclass
class Corpus:
    folder: Path
    files: list[str]
    words: int
    distinct: int  # distinct source texts


def words_of(text: str) -> int:
    return len(text.split())


def _sources() -> list[tuple[Path, dict[str, str]]]:
    """The seeds and dev articles, each with its SOURCES.tsv row (if any)."""
    import csv

    found: list[tuple[Path, dict[str, str]]] = []
    for folder in SOURCE_DIRS:
        rows: dict[str, dict[str, str]] = {}
        table = folder / METADATA_FILE
        if table.exists():
            with open(table, encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                    rows[row["file"]] = row
        found.extend((p, rows.get(p.name, {})) for p in sorted(folder.glob("*.txt")))
    if not found:
        raise SystemExit("no source articles in " + ", ".join(map(str, SOURCE_DIRS)))
    return found


def _write_corpus(folder: Path, items: Iterator[tuple[str, str, dict[str, str]]], stop: Callable[[int, int], bool]) -> Corpus:
    """Copies under unique file names (so every copy is its own article IRI and named graph)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files, words, names, rows = [], 0, set(), []
    for index, (stem, text, meta) in enumerate(items):
        if stop(index, words):
            break
        name = f"{index:06d}_{stem}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        files.append(str(folder / name))
        words += words_of(text)
        names.add(stem)
        if meta:
            rows.append("\t".join((name, meta.get("url", ""), meta.get("outlet", ""), meta.get("published", ""))))
    if rows:
        (folder / METADATA_FILE).write_text("file\turl\toutlet\tpublished\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return Corpus(folder, files, words, len(names))


def _cycle(texts: list[tuple[str, str, dict[str, str]]]) -> Iterator[tuple[str, str, dict[str, str]]]:
    while True:
        yield from texts


def build_corpus(words: int) -> Corpus:
    """The seeds and dev articles repeated until the corpus holds at least ``words`` words."""
    texts = [(p.stem, p.read_text(encoding="utf-8"), meta) for p, meta in _sources()]
    return _write_corpus(OUT / f"corpus-{words}", _cycle(texts), lambda _i, w: w >= words)


def short_article(name: str, text: str, words: int = SHORT_ARTICLE_WORDS) -> str:
    """The first lines of an article, about ``words`` words of body text after its headline and furniture.

    Lines are added until kg itself finds at least ``words`` words of article body in them
    (kg.ingest.prepare drops bylines, captions and other page furniture).
    """
    from kg.errors import InputError
    from kg.ingest import prepare
    from kg.records import Article

    lines = text.splitlines(keepends=True)
    for end in range(1, len(lines) + 1):
        candidate = "".join(lines[:end]).rstrip() + "\n"
        try:
            article = prepare(Article(source=name, text=candidate))
        except InputError:
            continue
        body = sum(words_of(candidate[span.begin : span.end]) for span in article.content) if article.content else words_of(candidate)
        if body >= words:
            return candidate
    return text


def memory_corpus(articles: int) -> Corpus:
    texts = [(p.stem, short_article(p.name, p.read_text(encoding="utf-8")), meta) for p, meta in _sources()]
    return _write_corpus(OUT / f"mem-{articles}", _cycle(texts), lambda i, _w: i >= articles)


# ---------------------------------------------------------------------------------------------
# Timing helpers


def clock() -> float:
    return time.perf_counter()


def timed(fn: Callable[[], object], repeat: int, setup: Callable[[], None] | None = None) -> tuple[float, list[float]]:
    """Median seconds of ``repeat`` runs of ``fn`` (``setup`` runs untimed before each)."""
    runs = []
    for _ in range(repeat):
        if setup:
            setup()
        gc.collect()
        start = clock()
        fn()
        runs.append(clock() - start)
    return statistics.median(runs), runs


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# ---------------------------------------------------------------------------------------------
# 1. Build: bare spaCy against kg's pipeline + mapping + GraphWriter


@dataclass
class PhaseTimer:
    """Seconds spent in the stages of kg's build around spaCy, measured without a profiler."""

    read: float = 0.0
    extract: float = 0.0
    quads: float = 0.0
    commit: float = 0.0
    patches: list[tuple[object, str, object]] = field(default_factory=list)

    def install(self) -> None:
        import kg.pipeline

        original_extract = kg.pipeline.extract
        original_read = kg.pipeline.read_articles

        def extract(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = clock()
            try:
                return original_extract(*args, **kwargs)
            finally:
                self.extract += clock() - start

        def read_articles(*args, **kwargs):  # type: ignore[no-untyped-def]
            items = original_read(*args, **kwargs)
            while True:
                start = clock()
                try:
                    item = next(items)
                except StopIteration:
                    self.read += clock() - start
                    return
                self.read += clock() - start
                yield item

        self.patches = [(kg.pipeline, "extract", original_extract), (kg.pipeline, "read_articles", original_read)]
        kg.pipeline.extract = extract  # type: ignore[assignment]
        kg.pipeline.read_articles = read_articles  # type: ignore[assignment]

    def uninstall(self) -> None:
        for module, name, value in self.patches:
            setattr(module, name, value)
        self.patches = []


def load_kg_pipeline():  # type: ignore[no-untyped-def]
    from kg.pipeline import BuildConfig, Pipeline

    start = clock()
    pipeline = Pipeline(BuildConfig())
    return pipeline, clock() - start


def load_bare_spacy(kg_nlp):  # type: ignore[no-untyped-def]
    """The model as spacy.load gives it, with the same model components enabled as in kg's pipeline."""
    import spacy

    from kg.nlp import MODEL

    start = clock()
    nlp = spacy.load(MODEL)
    seconds = clock() - start
    shared = [name for name in nlp.pipe_names if name in kg_nlp.pipe_names]
    unused = [name for name in nlp.pipe_names if name not in shared]
    if unused:
        nlp.select_pipes(disable=unused)
    return nlp, seconds


def kg_articles(pipeline, files: list[str], writer, report, phases: PhaseTimer | None = None) -> int:  # type: ignore[no-untyped-def]
    """kg's build of ``files`` in this process, up to the writer: Pipeline.run, article_quads, GraphWriter.add."""
    from kg.rdf.mapping import article_quads

    quads = 0
    for extraction in pipeline.run(files, report):
        start = clock()
        graph = list(article_quads(extraction, pipeline.config.version))
        writer.add(graph)
        quads += len(graph)
        if phases:
            phases.quads += clock() - start
    return quads


def kg_build(pipeline, files: list[str], output: Path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """kg's whole build in this process, to ``output``. Returns (articles, quads)."""
    from kg.pipeline import BuildReport
    from kg.rdf.serialize import GraphWriter

    report = BuildReport()
    with GraphWriter(output) as writer:
        quads = kg_articles(pipeline, files, writer, report)
        writer.commit()
    return report.articles, quads


def bare_spacy(nlp, files: list[str], batch_size: int) -> int:  # type: ignore[no-untyped-def]
    texts = (Path(f).read_text(encoding="utf-8") for f in files)
    return sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))


def bench_build(corpus: Corpus, rounds: int, results: dict) -> Path:  # type: ignore[type-arg]
    """Bare spaCy and kg in alternating rounds over slices of the corpus, so that other load on
    the machine falls on both alike; each round's ratio is kept to show how steady it was."""
    from kg.build import chunk
    from kg.pipeline import BATCH_SIZE, BuildReport
    from kg.rdf.serialize import GraphWriter

    pipeline, kg_load = load_kg_pipeline()
    bare, bare_load = load_bare_spacy(pipeline.nlp)
    results["pipelines"] = {
        "bare": {"components": list(bare.pipe_names), "load_s": bare_load},
        "kg": {"components": list(pipeline.nlp.pipe_names), "load_s": kg_load},
        "batch_size": BATCH_SIZE,
    }
    log(f"bare spaCy components: {bare.pipe_names}")
    log(f"kg components:         {pipeline.nlp.pipe_names}")

    # Warm both up on a few articles so that lazy initialisation is not timed.
    warm = corpus.files[: min(len(corpus.files), 17)]
    bare_spacy(bare, warm, BATCH_SIZE)
    kg_build(pipeline, warm, OUT / "warmup.nq")
    (OUT / "warmup.nq").unlink(missing_ok=True)

    output = OUT / "build.nq"
    parts = chunk(corpus.files, rounds)
    log(f"bare spaCy and kg build (Pipeline.run + article_quads + GraphWriter -> N-Quads) on {corpus.words:,} words"
        f" ({len(corpus.files):,} articles), alternating over {len(parts)} slices...")
    phases = PhaseTimer()
    report = BuildReport()
    bare_s = kg_s = 0.0
    docs = quads = 0
    per_round: list[dict[str, float]] = []
    phases.install()
    try:
        with GraphWriter(output) as writer:
            for index, files in enumerate(parts):
                words = sum(words_of(Path(f).read_text(encoding="utf-8")) for f in files)
                timings = {}
                for side in ("bare", "kg") if index % 2 == 0 else ("kg", "bare"):
                    gc.collect()
                    start = clock()
                    if side == "bare":
                        docs += bare_spacy(bare, files, BATCH_SIZE)
                    else:
                        quads += kg_articles(pipeline, files, writer, report, phases)
                    timings[side] = clock() - start
                bare_s += timings["bare"]
                kg_s += timings["kg"]
                per_round.append({"words": words, "bare_s": timings["bare"], "kg_s": timings["kg"], "ratio": timings["bare"] / timings["kg"]})
                log(f"  slice {index + 1}/{len(parts)}: bare {words / timings['bare']:,.0f} words/s, kg {words / timings['kg']:,.0f} words/s,"
                    f" ratio {timings['bare'] / timings['kg']:.2f} (load {_loadavg()})")
            start = clock()
            writer.commit()
            phases.commit = clock() - start
            kg_s += phases.commit
    finally:
        phases.uninstall()
    log(f"  bare {bare_s:.1f} s, {corpus.words / bare_s:,.0f} words/s; kg {kg_s:.1f} s, {corpus.words / kg_s:,.0f} words/s, {quads:,} quads")
    spacy_s = kg_s - phases.read - phases.extract - phases.quads - phases.commit
    ratios = [r["ratio"] for r in per_round]
    results["build"] = {
        "words": corpus.words,
        "articles": report.articles,
        "bare_docs": docs,
        "quads": quads,
        "bare_s": bare_s,
        "kg_s": kg_s,
        "bare_wps": corpus.words / bare_s,
        "kg_wps": corpus.words / kg_s,
        "ratio": bare_s / kg_s,
        "rounds": per_round,
        "round_ratio_min": min(ratios),
        "round_ratio_median": statistics.median(ratios),
        "round_ratio_max": max(ratios),
        "kg_phases_s": {
            "read + prepare (kg.ingest)": phases.read,
            "nlp.pipe (model + kg components)": spacy_s,
            "extract (kg.extract)": phases.extract,
            "article_quads + GraphWriter.add": phases.quads,
            "GraphWriter.commit (fsync + rename)": phases.commit,
        },
    }
    del pipeline, bare
    gc.collect()
    return output


# ---------------------------------------------------------------------------------------------
# 2. Writing: kg's GraphWriter against pyoxigraph.serialize


def bench_write(nquads: Path, repeat: int, results: dict) -> list:  # type: ignore[type-arg]
    import pyoxigraph as ox

    from kg.rdf.serialize import OUTPUT_PREFIXES, GraphWriter

    quads = list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    results["write"] = {"quads": len(quads)}
    target = OUT / "write"
    target.mkdir(exist_ok=True)
    for label, suffix, fmt, data, prefixes in (
        ("Turtle", ".ttl", ox.RdfFormat.TURTLE, triples, OUTPUT_PREFIXES),
        ("N-Quads", ".nq", ox.RdfFormat.N_QUADS, quads, None),
    ):
        log(f"writing {label}: {len(quads):,} quads, {repeat} run(s) each...")

        def with_kg(suffix: str = suffix) -> None:
            with GraphWriter(target / f"kg{suffix}") as writer:
                writer.add(quads)
                writer.commit()

        def with_ox(fmt=fmt, data=data, prefixes=prefixes, suffix: str = suffix) -> None:  # type: ignore[no-untyped-def]
            ox.serialize(data, str(target / f"ox{suffix}"), fmt, prefixes=prefixes)

        kg_s, kg_runs = timed(with_kg, repeat)
        ox_s, ox_runs = timed(with_ox, repeat)
        results["write"][label] = {
            "kg_s": kg_s, "ox_s": ox_s, "kg_runs": kg_runs, "ox_runs": ox_runs,
            "kg_tps": len(quads) / kg_s, "ox_tps": len(quads) / ox_s, "ratio": ox_s / kg_s,
            "kg_bytes": (target / f"kg{suffix}").stat().st_size, "ox_bytes": (target / f"ox{suffix}").stat().st_size,
        }
        log(f"  kg {len(quads) / kg_s:,.0f} triples/s, pyoxigraph {len(quads) / ox_s:,.0f} triples/s")
    shutil.rmtree(target)
    return quads


# ---------------------------------------------------------------------------------------------
# 3. Loading: EmbeddedStore.replace_graphs against Store.bulk_load


def bench_load(nquads: Path, quads: list, repeat: int, results: dict) -> None:  # type: ignore[type-arg]
    import pyoxigraph as ox

    from kg.store import EmbeddedStore

    stores = OUT / "stores"
    kg_dir, ox_dir = stores / "kg", stores / "ox"
    sizes: dict[str, int] = {}

    def fresh() -> None:
        shutil.rmtree(stores, ignore_errors=True)
        stores.mkdir(parents=True)

    def with_kg() -> None:
        store = EmbeddedStore(kg_dir)
        store.replace_graphs(quads)
        sizes["kg"] = len(store._store)
        store.close()

    def with_ox() -> None:
        store = ox.Store(str(ox_dir))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        sizes["ox"] = len(store)
        del store

    log(f"loading {len(quads):,} quads into fresh stores, {repeat} run(s) each...")
    start = clock()
    sum(1 for _ in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    parse_s = clock() - start
    kg_s, kg_runs = timed(with_kg, repeat, fresh)
    ox_s, ox_runs = timed(with_ox, repeat, fresh)
    shutil.rmtree(stores, ignore_errors=True)
    results["load"] = {
        "quads": len(quads), "kg_s": kg_s, "ox_s": ox_s, "kg_runs": kg_runs, "ox_runs": ox_runs,
        "kg_tps": len(quads) / kg_s, "ox_tps": len(quads) / ox_s, "ratio": ox_s / kg_s,
        "parse_s": parse_s, "store_sizes": sizes,
    }
    log(f"  kg {len(quads) / kg_s:,.0f} triples/s, bulk_load {len(quads) / ox_s:,.0f} triples/s, sizes {sizes}")


# ---------------------------------------------------------------------------------------------
# 4. Canned queries on a store of >= 1M triples


def _replica(data: bytes, copy: int) -> bytes:
    """The N-Quads with every article IRI (and so every graph, mention and statement IRI) renamed."""
    prefix = f"<{RESOURCE_BASE}article/".encode()
    return data.replace(prefix, prefix + f"r{copy}-".encode())


def build_query_store(nquads: Path, min_triples: int, folder: Path) -> tuple[int, int]:
    import pyoxigraph as ox

    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    copies = 1
    data = None
    while len(store) < min_triples:
        data = data or nquads.read_bytes()
        store.bulk_load(_replica(data, copies), format=ox.RdfFormat.N_QUADS)
        copies += 1
    store.flush()
    size = len(store)
    del store
    return size, copies


def bench_queries(nquads: Path, min_triples: int, runs: int, budget: float, timeout: float, results: dict) -> None:  # type: ignore[type-arg]
    """Each query in its own child process, so that one that runs away can be stopped at ``timeout``."""
    from kg.query import list_queries

    folder = OUT / "query-store"
    log(f"building a query store of >= {min_triples:,} triples...")
    start = clock()
    size, copies = build_query_store(nquads, min_triples, folder)
    log(f"  {size:,} triples ({copies} cop{'y' if copies == 1 else 'ies'} of the build's N-Quads) in {clock() - start:.1f} s")
    rows = []
    for query in list_queries():
        sparql = query.render({})
        if re.search(r"\bSERVICE\b", re.sub(r"#[^\n]*", "", sparql), re.IGNORECASE):
            rows.append({"name": query.name, "skipped": "federated (SERVICE): needs the network"})
            log(f"  {query.name}: skipped (SERVICE)")
            continue
        # its defaults, then the parameters of its example (what a user runs to look something up)
        for values in ({}, query.example_values()) if query.example_values() else ({},):
            rows.append(measure_query(folder, query.name, values, runs, budget, timeout))
            row = rows[-1]
            label = query_label(row)
            if "error" in row:
                log(f"  {label}: {row['error']}")
            else:
                log(f"  {label}: p50 {row['p50_ms']:,.1f} ms, p95 {row['p95_ms']:,.1f} ms ({row['n']} runs{', stopped' if row['timed_out'] else ''}, {row['rows']} rows)")
    floors = engine_floors(folder)
    shutil.rmtree(folder, ignore_errors=True)
    results["queries"] = {"triples": size, "copies": copies, "rows": rows, "timeout_s": timeout, "floors": floors}


# What the engine needs just to hand over the rows a whole-corpus listing returns, with no join, no
# sort and no JSON: no query that lists them can be faster.
FLOOR_QUERIES = {
    "the statement IRIs": "SELECT ?s WHERE { ?s a <https://w3id.org/newskg/ontology#Statement> }",
    "the statement IRIs and their texts": "SELECT ?s ?text WHERE { ?s a <https://w3id.org/newskg/ontology#Statement> ;"
                                          " <http://schema.org/text> ?text }",
    "the mention IRIs and their entities": "SELECT ?m ?e WHERE { ?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?e }",
}


def engine_floors(folder: Path, runs: int = 5) -> list[dict]:  # type: ignore[type-arg]
    import pyoxigraph as ox

    store = ox.Store.read_only(str(folder))
    floors = []
    for label, sparql in FLOOR_QUERIES.items():
        samples = []
        for _ in range(runs):
            start = clock()
            count = len(list(store.query(sparql, use_default_graph_as_union=True)))  # type: ignore[arg-type]
            samples.append(clock() - start)
        floors.append({"what": label, "rows": count, "p50_ms": percentile(samples, 0.50) * 1000})
        log(f"  engine floor, listing {label}: {count:,} rows in {floors[-1]['p50_ms']:,.1f} ms (p50 of {runs})")
    del store
    return floors


QUERY_MEMORY_LIMIT = 12 * 2**30  # address space of a query child: a runaway query fails instead of swapping the machine


def query_label(row: dict) -> str:  # type: ignore[type-arg]
    return " ".join([row["name"], *(f"{k}={v}" for k, v in row.get("params", {}).items())])


def measure_query(folder: Path, name: str, values: dict[str, str], runs: int, budget: float, timeout: float) -> dict:  # type: ignore[type-arg]
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (QUERY_MEMORY_LIMIT, QUERY_MEMORY_LIMIT))

    command = [sys.executable, str(Path(__file__).resolve()), "--query-worker", str(folder), name, json.dumps(values), str(runs), str(budget)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=limit)
    timed_out = False
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        timed_out = True
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    first = [e for e in events if e["kind"] == "first"]
    kg_times = [e["s"] for e in events if e["kind"] == "kg"]
    engine = [e["s"] for e in events if e["kind"] == "engine"]
    row: dict = {"name": name, "params": values}  # type: ignore[type-arg]
    if not first:
        reason = f"did not finish once in {timeout:.0f} s" if timed_out else f"failed: {err.strip().splitlines()[-1:] or child.returncode}"
        row["error"] = reason
        return row
    row.update({"rows": first[0]["rows"], "first_ms": first[0]["s"] * 1000, "n": len(kg_times), "timed_out": timed_out})
    samples = kg_times or [first[0]["s"]]  # a query slower than the time allowed: its one (cold) run
    row["p50_ms"] = percentile(samples, 0.50) * 1000
    row["p95_ms"] = percentile(samples, 0.95) * 1000
    row["engine_p50_ms"] = percentile(engine, 0.50) * 1000 if engine else None
    return row


def query_worker(folder: str, name: str, values: dict[str, str], runs: int, budget: float) -> int:
    """Child side of measure_query: one JSON line per run on stdout."""
    from kg.query import find_query
    from kg.store import EmbeddedStore

    store = EmbeddedStore(Path(folder), read_only=True)
    sparql = find_query(name).render(values)

    def emit(kind: str, seconds: float, **extra: object) -> None:
        print(json.dumps({"kind": kind, "s": seconds, **extra}), flush=True)

    start = clock()
    answer = store.query(sparql)
    emit("first", clock() - start, rows=len(answer["results"]["bindings"]) if "results" in answer else None)
    spent = clock()
    done = 0
    while done < runs and (done < 3 or clock() - spent < budget):
        start = clock()
        store.query(sparql)
        emit("kg", clock() - start)
        start = clock()
        list(store._store.query(sparql, use_default_graph_as_union=True))  # type: ignore[arg-type]  # rows or triples
        emit("engine", clock() - start)
        done += 1
    store.close()
    return 0


# ---------------------------------------------------------------------------------------------
# 5. Peak memory of `kg build -o X.nq` in child processes


def kg_command() -> list[str]:
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


# Spawns the command and reports its rusage. It runs in a small process of its own because on
# Linux a child's ru_maxrss starts from the RSS of the process that forked it (exec records the
# old address space's high-water mark): spawned straight from this process, which holds the
# build's quads, every child would "peak" at this process's size.
_SPAWNER = """
import json, os, sys
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"status": os.waitstatus_to_exitcode(status), "maxrss": usage.ru_maxrss}))
"""


def peak_memory(corpus: Corpus, output: Path) -> dict[str, float]:
    command = [*kg_command(), "-q", "build", str(corpus.folder), "-o", str(output)]
    start = clock()
    done = subprocess.run([sys.executable, "-c", _SPAWNER, *command], capture_output=True, text=True)
    seconds = clock() - start
    lines = done.stdout.strip().splitlines()
    child = json.loads(lines[-1]) if lines else {"status": done.returncode, "maxrss": 0}
    if done.returncode != 0 or child["status"] != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child['status']}): {done.stderr}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    quads = sum(1 for _ in open(output, "rb"))
    output.unlink()
    return {"articles": len(corpus.files), "words": corpus.words, "seconds": seconds,
            "peak_mb": child["maxrss"] * scale / 2**20, "quads": quads, "wps": corpus.words / seconds}


def bench_memory(sizes: tuple[int, int], results: dict) -> None:  # type: ignore[type-arg]
    runs = []
    for articles in sizes:
        corpus = memory_corpus(articles)
        log(f"peak memory: kg build of {articles:,} short articles ({corpus.words:,} words) in a child process...")
        run = peak_memory(corpus, OUT / f"mem-{articles}.nq")
        runs.append(run)
        log(f"  {run['peak_mb']:.0f} MB peak RSS, {run['seconds']:.1f} s")
        shutil.rmtree(corpus.folder)
    results["memory"] = {"runs": runs, "ratio": runs[-1]["peak_mb"] / runs[0]["peak_mb"]}


# ---------------------------------------------------------------------------------------------
# 6. Workers: `kg build --workers 2` against `--workers 1`, both the real CLI in child processes


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _busy_seconds() -> float | None:
    """CPU seconds the whole machine has been busy since boot (all cores, every process), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # kg and, once kg has waited for them, its workers
    return usage.ru_utime + usage.ru_stime


def workers_run(corpus: Corpus, workers: int, output: Path) -> dict[str, Any]:
    """One `kg -q build DIR -o X.nq --workers N` with its wall and CPU time and the CPU others used meanwhile."""
    command = [*kg_command(), "-q", "build", str(corpus.folder), "-o", str(output), "--workers", str(workers)]
    load, busy, cpu = _loadavg(), _busy_seconds(), _children_cpu()
    start = clock()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = clock() - start
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}")
    after = _busy_seconds()
    others = None if busy is None or after is None else max(0.0, after - busy - cpu) / seconds
    return {"workers": workers, "seconds": seconds, "wps": corpus.words / seconds, "cpu_s": cpu,
            "others_cores": others, "load_before": load, "load_after": _loadavg()}


def _sorted_lines(path: Path) -> list[bytes]:
    with open(path, "rb") as handle:
        return sorted(handle)


def bench_workers(corpus: Corpus, repeat: int, results: dict) -> None:  # type: ignore[type-arg]
    """Pairs of runs, one and two workers back to back in alternating order, so outside load falls on both alike."""
    cores = usable_cores()
    if cores < 2:
        results["workers"] = {"cores": cores, "skipped": f"n/a ({cores} core)"}
        log(f"workers: skipped, {cores} usable core")
        return
    outputs = {w: OUT / f"workers-{w}.nq" for w in (1, 2)}
    log(f"workers: kg build --workers 1 vs 2 on {corpus.words:,} words ({len(corpus.files):,} articles), {cores} usable cores,"
        f" {repeat} pair(s)...")
    subprocess.run([*kg_command(), "-q", "build", corpus.files[0], "-o", str(outputs[1])], check=True)  # warm the file cache
    pairs = []
    for index in range(repeat):
        pair = {w: workers_run(corpus, w, outputs[w]) for w in ((1, 2) if index % 2 == 0 else (2, 1))}
        pairs.append({"one": pair[1], "two": pair[2], "ratio": pair[1]["seconds"] / pair[2]["seconds"]})
        log(f"  pair {index + 1}/{repeat}: 1 worker {pair[1]['wps']:,.0f} words/s, 2 workers {pair[2]['wps']:,.0f} words/s,"
            f" ratio {pairs[-1]['ratio']:.2f} (load {pair[1]['load_before']} / {pair[2]['load_before']},"
            f" others' CPU {_cores(pair[1]['others_cores'])} / {_cores(pair[2]['others_cores'])} cores)")
    same = _sorted_lines(outputs[1]) == _sorted_lines(outputs[2])
    for output in outputs.values():
        output.unlink()
    ratios = [p["ratio"] for p in pairs]
    results["workers"] = {
        "cores": cores, "words": corpus.words, "articles": len(corpus.files), "pairs": pairs, "same_output": same,
        "one_wps": statistics.median(p["one"]["wps"] for p in pairs), "two_wps": statistics.median(p["two"]["wps"] for p in pairs),
        "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
    }
    log(f"  median ratio {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}); same output: {same}")


def _cores(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


# ---------------------------------------------------------------------------------------------
# Profile


def _kg_stats(profiler: cProfile.Profile, title: str, top: int, stream: io.StringIO, everything: bool = True) -> None:
    import kg

    kg_dir = re.escape(str(Path(kg.__file__).resolve().parent))
    stats = pstats.Stats(profiler, stream=stream)
    stream.write(f"\n==== {title} ====\n")
    stats.sort_stats("cumulative")
    stream.write(f"\n== kg's own functions, top {top} by cumulative time ==\n")
    stats.print_stats(kg_dir, top)
    stats.sort_stats("tottime")
    stream.write(f"\n== kg's own functions, top {top} by own (internal) time ==\n")
    stats.print_stats(kg_dir, top)
    if everything:
        stream.write(f"\n== all functions (spaCy, thinc, pyoxigraph, builtins too), top {top} by own time ==\n")
        stats.print_stats(top)


def profile_build(corpus: Corpus, top: int = 15) -> str:
    """cProfile of kg's in-process build, then of GraphWriter and replace_graphs on its quads."""
    import pyoxigraph as ox

    import kg
    from kg.rdf.serialize import GraphWriter
    from kg.store import EmbeddedStore

    pipeline, _ = load_kg_pipeline()
    kg_build(pipeline, corpus.files[:17], OUT / "warmup.nq")
    (OUT / "warmup.nq").unlink(missing_ok=True)
    output = OUT / "profile.nq"
    text = io.StringIO()

    profiler = cProfile.Profile()
    start = clock()
    profiler.enable()
    articles, quads = kg_build(pipeline, corpus.files, output)
    profiler.disable()
    seconds = clock() - start
    profiler.dump_stats(str(OUT / "profile-build.prof"))
    text.write(f"kg build under cProfile: {corpus.words:,} words, {articles:,} articles, {quads:,} quads, "
               f"{seconds:.1f} s ({corpus.words / seconds:,.0f} words/s with the profiler's overhead)\n")
    _kg_stats(profiler, "kg build: Pipeline.run + article_quads + GraphWriter (.nq)", top, text)
    del pipeline
    gc.collect()

    graph = list(ox.parse(path=str(output), format=ox.RdfFormat.N_QUADS))
    profiler = cProfile.Profile()
    profiler.enable()
    with GraphWriter(OUT / "profile.ttl") as writer:
        writer.add(graph)
        writer.commit()
    profiler.disable()
    (OUT / "profile.ttl").unlink(missing_ok=True)
    _kg_stats(profiler, f"GraphWriter to Turtle, {len(graph):,} quads", 8, text)

    shutil.rmtree(OUT / "profile-store", ignore_errors=True)
    store = EmbeddedStore(OUT / "profile-store")
    profiler = cProfile.Profile()
    profiler.enable()
    store.replace_graphs(graph)
    profiler.disable()
    store.close()
    shutil.rmtree(OUT / "profile-store", ignore_errors=True)
    _kg_stats(profiler, f"EmbeddedStore.replace_graphs, {len(graph):,} quads", 8, text)
    output.unlink(missing_ok=True)

    report = text.getvalue().replace(str(Path(kg.__file__).resolve().parent.parent) + os.sep, "")
    (OUT / "profile.txt").write_text(report, encoding="utf-8")
    return report


# ---------------------------------------------------------------------------------------------
# Report


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def report(info: dict, results: dict, args: argparse.Namespace) -> str:  # type: ignore[type-arg]
    lines = [
        "# kg benchmark",
        "",
        f"Machine: {info['cpu']}, {info.get('physical_cores', '?')} physical / {info['logical_cores']} logical cores"
        f" ({info['usable_cores']} usable), {info.get('memory_gb', '?')} GB RAM; {info['os']}",
        f"Software: Python {info['python']}, spaCy {info['spacy']}, pyoxigraph {info['pyoxigraph']}, kg {info['kg']} ({info['kg_tree']})",
        f"Run: {time.strftime('%Y-%m-%d %H:%M')}, {'--quick' if args.quick else 'full'}, load average at start {info['loadavg_start']},"
        f" at end {_loadavg()}",
        "",
    ]
    rows: list[list[str]] = []
    build = results.get("build")
    if build:
        rows.append(["Build words/s (kg build vs bare spaCy)", f"{build['kg_wps']:,.0f}", f"{build['bare_wps']:,.0f}",
                     f"{build['ratio']:.2f}×", f"≥ {TARGET_BUILD:.2f}×", verdict(build["ratio"] >= TARGET_BUILD)])
    for label in ("Turtle", "N-Quads"):
        item = results.get("write", {}).get(label)
        if item:
            rows.append([f"{label} writing triples/s (GraphWriter vs ox.serialize)", f"{item['kg_tps']:,.0f}",
                         f"{item['ox_tps']:,.0f}", f"{item['ratio']:.2f}×", f"≥ {TARGET_WRITE:.1f}×", verdict(item["ratio"] >= TARGET_WRITE)])
    load = results.get("load")
    if load:
        rows.append(["Loading triples/s (replace_graphs vs bulk_load)", f"{load['kg_tps']:,.0f}", f"{load['ox_tps']:,.0f}",
                     f"{load['ratio']:.2f}×", f"≥ {TARGET_LOAD:.1f}×", verdict(load["ratio"] >= TARGET_LOAD)])
    queries = results.get("queries")
    if queries:
        for row in queries["rows"]:
            target = f"p50 < {TARGET_QUERY_P50_MS:.0f} ms"
            if "skipped" in row:
                rows.append([f"Query `{query_label(row)}` p50 / p95", "skipped", "", "", target, row["skipped"]])
            elif "error" in row:
                rows.append([f"Query `{query_label(row)}` p50 / p95", row["error"], "", "", target, "**no**"])
            else:
                rows.append([f"Query `{query_label(row)}` p50 / p95", f"{_ms(row['p50_ms'])} / {_ms(row['p95_ms'])} ms{_partial(row)}",
                             f"engine p50 {_ms(row['engine_p50_ms'])} ms", "", target, verdict(row["p50_ms"] < TARGET_QUERY_P50_MS)])
    memory = results.get("memory")
    if memory:
        small, large = memory["runs"][0], memory["runs"][-1]
        rows.append([f"Peak RSS, kg build of {large['articles']:,} vs {small['articles']:,} articles",
                     f"{large['peak_mb']:,.0f} MB", f"{small['peak_mb']:,.0f} MB", f"{memory['ratio']:.2f}×",
                     f"≤ {TARGET_MEMORY:.1f}×", verdict(memory["ratio"] <= TARGET_MEMORY)])
    workers = results.get("workers")
    if workers:
        label = f"Build words/s, `kg build --workers 2` vs `--workers 1` ({workers['cores']} usable cores)"
        if "skipped" in workers:
            rows.append([label, workers["skipped"], "", "", f"≥ {TARGET_WORKERS:.1f}×", "n/a"])
        else:
            rows.append([label, f"{workers['two_wps']:,.0f}", f"{workers['one_wps']:,.0f}", f"{workers['ratio']:.2f}×",
                         f"≥ {TARGET_WORKERS:.1f}×", verdict(workers["ratio"] >= TARGET_WORKERS and workers["same_output"])])
    if rows:
        lines += ["| Measure | kg | Baseline | kg / baseline | Target | Met |", "|---|---:|---:|---:|---|---|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines.append("")
    lines += _details(results)
    return "\n".join(lines) + "\n"


def _details(results: dict) -> list[str]:  # type: ignore[type-arg]
    lines = ["## Details", ""]
    build = results.get("build")
    if build:
        pipes = results["pipelines"]
        lines += [
            f"- Build corpus: {build['words']:,} words, {build['articles']:,} articles (seeds + dev articles repeated"
            f" under distinct file names), batch size {pipes['batch_size']}; {build['quads']:,} quads.",
            f"- Bare spaCy: {build['bare_s']:.1f} s; components {', '.join(pipes['bare']['components'])}; model load {pipes['bare']['load_s']:.1f} s (not timed).",
            f"- Ratio per slice ({len(build['rounds'])} slices, bare and kg alternating): min {build['round_ratio_min']:.2f},"
            f" median {build['round_ratio_median']:.2f}, max {build['round_ratio_max']:.2f}.",
            f"- kg build: {build['kg_s']:.1f} s; components {', '.join(pipes['kg']['components'])}; Pipeline load {pipes['kg']['load_s']:.1f} s (not timed).",
            "- Where kg build's time goes:",
        ]
        for phase, seconds in build["kg_phases_s"].items():
            lines.append(f"  - {phase}: {seconds:.1f} s ({seconds / build['kg_s']:.0%})")
        extra = build["kg_s"] - build["bare_s"]
        lines.append(f"  - kg's time over bare spaCy: {extra:+.1f} s")
    write = results.get("write")
    if write:
        for label in ("Turtle", "N-Quads"):
            item = write[label]
            lines.append(f"- {label}: {write['quads']:,} quads; GraphWriter {item['kg_s']:.2f} s (runs {_runs(item['kg_runs'])}),"
                         f" ox.serialize {item['ox_s']:.2f} s (runs {_runs(item['ox_runs'])}); {item['kg_bytes']:,} vs {item['ox_bytes']:,} bytes.")
    load = results.get("load")
    if load:
        lines.append(f"- Loading: {load['quads']:,} quads; replace_graphs {load['kg_s']:.2f} s (runs {_runs(load['kg_runs'])}),"
                     f" bulk_load {load['ox_s']:.2f} s (runs {_runs(load['ox_runs'])}); parsing the N-Quads into Python quads"
                     f" (not in kg's figure) {load['parse_s']:.2f} s; store sizes {load['store_sizes']}.")
    queries = results.get("queries")
    if queries:
        lines += ["", f"Canned queries on an embedded store of {queries['triples']:,} triples ({queries['copies']} cop"
                  f"{'y' if queries['copies'] == 1 else 'ies'} of the build's graphs), through EmbeddedStore.query"
                  " (engine = pyoxigraph's query alone, without kg's JSON results):", "",
                  "| Query | rows | runs | first (ms) | p50 (ms) | p95 (ms) | engine p50 (ms) |", "|---|---:|---:|---:|---:|---:|---:|"]
        for row in queries["rows"]:
            if "skipped" in row:
                lines.append(f"| {query_label(row)} | | | | | | skipped: {row['skipped']} |")
            elif "error" in row:
                lines.append(f"| {query_label(row)} | | 0 | | | | {row['error']} |")
            else:
                lines.append(f"| {query_label(row)} | {'graph' if row['rows'] is None else row['rows']} | {row['n']}{_partial(row)} | {_ms(row['first_ms'])} | {_ms(row['p50_ms'])} |"
                             f" {_ms(row['p95_ms'])} | {_ms(row['engine_p50_ms'])} |")
        lines.append(f"\nEach query runs in its own child process, stopped after {queries['timeout_s']:.0f} s (\\* = stopped;"
                     " p50/p95 are then of the runs done, or the one cold run).")
        floors = "; ".join(f"{f['what']} ({f['rows']:,} rows) {_ms(f['p50_ms'])} ms" for f in queries.get("floors", []))
        lines.append(f"\nEngine floor: pyoxigraph alone only handing over the rows, with no join, sort or JSON (p50 of 5): {floors}."
                     " A query that lists the whole corpus cannot be faster than its floor.")
    memory = results.get("memory")
    if memory:
        lines += ["", "Peak memory of `kg build DIR -o X.nq` (separate child processes, ru_maxrss), short articles"
                  f" (about {SHORT_ARTICLE_WORDS} words: headline and first paragraphs of the seeds and dev articles):", "",
                  "| Articles | Words | Quads | Seconds | words/s (incl. start-up) | Peak RSS (MB) |", "|---:|---:|---:|---:|---:|---:|"]
        for run in memory["runs"]:
            lines.append(f"| {run['articles']:,} | {run['words']:,} | {run['quads']:,} | {run['seconds']:.1f} | {run['wps']:,.0f} | {run['peak_mb']:,.0f} |")
    workers = results.get("workers")
    if workers and "skipped" not in workers:
        lines += ["", f"`kg -q build DIR -o X.nq --workers 1` and `--workers 2` (child processes, wall time including start-up)"
                  f" on {workers['words']:,} words ({workers['articles']:,} articles), pairs back to back; median ratio"
                  f" {workers['ratio']:.2f} (min {workers['ratio_min']:.2f}, max {workers['ratio_max']:.2f}); same N-Quads lines:"
                  f" {'yes' if workers['same_output'] else '**no**'}. CPU = kg's and its workers' CPU time; others = cores"
                  " busy with other processes during the run (/proc/stat):", "",
                  "| Pair | Workers | Seconds | words/s | CPU (s) | Load avg before | Others (cores) |", "|---:|---:|---:|---:|---:|---|---:|"]
        for index, pair in enumerate(workers["pairs"], 1):
            for run in (pair["one"], pair["two"]):
                lines.append(f"| {index} | {run['workers']} | {run['seconds']:.1f} | {run['wps']:,.0f} | {run['cpu_s']:.1f} |"
                             f" {run['load_before']} | {_cores(run['others_cores'])} |")
    return lines


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}"


def _partial(row: dict) -> str:  # type: ignore[type-arg]
    return " \\*" if row.get("timed_out") else ""


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


# ---------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_WORDS:,} words and memory runs of {QUICK_MEMORY_SIZES[0]:,} vs {QUICK_MEMORY_SIZES[1]:,} articles")
    parser.add_argument("--words", type=int, help=f"corpus size in words (default {FULL_WORDS:,}; --quick {QUICK_WORDS:,})")
    parser.add_argument("--memory-sizes", help="article counts of the two memory runs, e.g. 100,10000")
    parser.add_argument("--min-triples", type=int, default=MIN_QUERY_TRIPLES, help="least size of the query store (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=10, help="slices of the corpus over which bare spaCy and kg alternate (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each writing and loading measure; the median is reported (default %(default)s)")
    parser.add_argument("--query-runs", type=int, default=50, help="most timed runs per query (default %(default)s)")
    parser.add_argument("--query-budget", type=float, default=15.0, help="seconds per query after which no new run starts, once 3 are done (default %(default)s)")
    parser.add_argument("--query-timeout", type=float, default=30.0, help="seconds after which a query's child process is stopped (default %(default)s)")
    parser.add_argument("--query-worker", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--only", help="comma-separated sections: build,write,load,query,memory,workers (write, load and query need build)")
    parser.add_argument("--profile", action="store_true", help="only profile kg build (cProfile) on the corpus; --words defaults to the quick size")
    args = parser.parse_args()

    if args.query_worker:
        folder, name, values, runs, budget = args.query_worker
        return query_worker(folder, name, json.loads(values), int(runs), float(budget))
    OUT.mkdir(parents=True, exist_ok=True)
    words = args.words or (QUICK_WORDS if args.quick or args.profile else FULL_WORDS)
    if args.memory_sizes:
        small, large = (int(x) for x in args.memory_sizes.split(","))
        memory_sizes = (small, large)
    else:
        memory_sizes = QUICK_MEMORY_SIZES if args.quick else FULL_MEMORY_SIZES
    sections = set((args.only or "build,write,load,query,memory,workers").split(","))
    unknown = sections - {"build", "write", "load", "query", "memory", "workers"}
    if unknown:
        parser.error(f"--only: unknown section(s) {', '.join(sorted(unknown))}")

    info = machine()
    header = (f"Machine: {info['cpu']}, {info.get('physical_cores', '?')} physical / {info['logical_cores']} logical cores "
              f"({info['usable_cores']} usable), {info.get('memory_gb', '?')} GB RAM")
    print(header, flush=True)
    print(f"Software: Python {info['python']}, spaCy {info['spacy']}, pyoxigraph {info['pyoxigraph']}, kg {info['kg']} ({info['kg_tree']})", flush=True)

    corpus = build_corpus(words)
    log(f"corpus: {corpus.words:,} words in {len(corpus.files):,} articles ({corpus.distinct} distinct texts) in {corpus.folder}")

    if args.profile:
        text = profile_build(corpus)
        print(text)
        log(f"profile written to {OUT / 'profile.txt'} (raw build stats: {OUT / 'profile-build.prof'})")
        return 0

    results: dict = {"machine": info, "args": vars(args), "words": words, "memory_sizes": memory_sizes}  # type: ignore[type-arg]
    nquads = OUT / "build.nq"
    if sections & {"build", "write", "load", "query"}:
        if "build" in sections or not nquads.exists():
            nquads = bench_build(corpus, args.rounds, results)
        quads = None
        if "write" in sections:
            quads = bench_write(nquads, args.repeat, results)
        if "load" in sections:
            import pyoxigraph as ox

            quads = quads or list(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
            bench_load(nquads, quads, args.repeat, results)
        del quads
        gc.collect()
        if "query" in sections:
            bench_queries(nquads, args.min_triples, args.query_runs, args.query_budget, args.query_timeout, results)
    if "memory" in sections:
        bench_memory(memory_sizes, results)
    if "workers" in sections:
        workers_words = words if args.quick else min(words, FULL_WORKERS_WORDS)
        bench_workers(corpus if workers_words == words else build_corpus(workers_words), args.repeat, results)

    text = report(info, results, args)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print()
    print(text)
    log(f"written {OUT / 'results.md'} and {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
