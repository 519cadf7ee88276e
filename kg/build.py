"""Running builds: in this process, in N local processes, or on a Dask cluster.

A parallel build is a work queue: the files are cut into many small tasks, more than there are
workers, and a worker that finishes one takes the next, so that uneven articles do not leave a
core idle at the end. Every task writes its own shard of N-Quads (one named graph per article).
Shards merge without coordination because IRIs are deterministic, and in input order, so the
output is the same whatever the number of workers (an entity that articles spelled differently
gets the label counted over all of them, kg.rdf.labels); the final outputs (a file, a store) are
written only once every shard has succeeded, so a failed or interrupted build leaves earlier
outputs untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from kg.errors import InputError
from kg.ingest import ArticleInput, article_sources, count_articles, expand_paths, jsonl_slices
from kg.pipeline import BuildConfig, BuildReport, Pipeline
from kg.progress import Progress, word_count
from kg.rdf.labels import LabelChoice
from kg.rdf.mapping import article_quads
from kg.rdf.serialize import GraphWriter, readable
from kg.store import SHARED_GRAPH, TripleStore

TASKS_PER_WORKER = 16  # so that the workers end at most about one task (1/16 of a share) apart
MIN_TASK_FILES = 4  # below this a task's fixed costs (its shard file, SOURCES.tsv read again) start to show

T = TypeVar("T")
_worker = threading.local()  # the (config, Pipeline) of the worker process, or of each Dask worker thread


def build_shard(pipeline: Pipeline, paths: Sequence[ArticleInput], shard: str, progress: Progress | None = None,
                claimed: dict[str, str] | None = None) -> tuple[BuildReport, int]:
    """Build the articles of ``paths`` into the N-Quads file ``shard``; returns the report and the words built.

    ``claimed``: source names that earlier tasks hold (see :func:`claimed_by_earlier_tasks`).
    """
    report = BuildReport()
    done = words = 0
    with open(shard, "wb") as out:
        for extraction in pipeline.run(paths, report, claimed):
            ox.serialize(article_quads(extraction, pipeline.config.version), out, ox.RdfFormat.N_QUADS)
            count = word_count(extraction.article.text)
            words += count
            if progress is not None:
                now = report.articles + len(report.failures)
                progress.advance(now - done, count)
                done = now
    return report, words


def build_task(paths: Sequence[ArticleInput], shard: str, config: BuildConfig, claimed: dict[str, str]) -> tuple[BuildReport, int]:
    """One task of a parallel build, run in a worker process or on a Dask worker."""
    return build_shard(_worker_pipeline(config), paths, shard, claimed=claimed)


def claimed_by_earlier_tasks(parts: Sequence[Sequence[ArticleInput]], max_bytes: int) -> list[dict[str, str]]:
    """For each task, the source names of its articles that an earlier task already has, and where.

    A task only sees its own articles, so a name used in two tasks (``a/x.txt`` and ``b/x.txt``)
    would give two articles one IRI; with these, the later one fails as a duplicate exactly as
    in a one-process build. Only names are read here (JSON Lines are parsed, nothing else).
    """
    first: dict[str, str] = {}
    claimed: list[dict[str, str]] = []
    for part in parts:
        taken: dict[str, str] = {}
        own: dict[str, str] = {}
        for source, where in article_sources(part, max_bytes):
            if source in first:
                taken[source] = first[source]
            else:
                own.setdefault(source, where)
        first.update(own)
        claimed.append(taken)
    return claimed


def _worker_pipeline(config: BuildConfig) -> Pipeline:
    """The pipeline loaded by a worker's first task and kept for its next ones, since a worker runs many.

    One per thread: a Dask worker may run tasks on several threads, and a spaCy pipeline is not
    meant to be shared between threads.
    """
    loaded = getattr(_worker, "loaded", None)
    if loaded is None or loaded[0] != config:
        loaded = _worker.loaded = (config, Pipeline(config))
    return loaded[1]


def plan_tasks(files: list[ArticleInput], counts: list[int], workers: int) -> list[list[ArticleInput]]:
    """The inputs cut into tasks of about equal numbers of articles, in input order.

    A JSON Lines file bigger than a task's share is cut into slices of lines first, so that a
    single big archive keeps every worker busy too.
    """
    total = sum(counts)
    tasks = task_count(total, workers) if workers > 1 else 1
    if tasks == 1:
        return [files]
    share = -(-total // tasks)
    items: list[ArticleInput] = []
    weights: list[int] = []
    for name, count in zip(files, counts):
        pieces = jsonl_slices(name, share) if count > share and isinstance(name, str) else [name]
        items += pieces
        weights += [count] if len(pieces) == 1 else [share] * (len(pieces) - 1) + [count - share * (len(pieces) - 1)]
    return chunk(items, tasks, weights)


def chunk(items: Sequence[T], parts: int, weights: list[int] | None = None) -> list[list[T]]:
    """Contiguous slices of nearly equal weight (default: one per item), so shard order follows input order.

    A slice ends once the running total reaches its share (``parts`` equal shares of the
    total, the first ones one more when it does not divide); with unit weights the slices
    differ in length by at most one.
    """
    weights = weights or [1] * len(items)
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(sum(weights), parts)
    slices: list[list[T]] = []
    current: list[T] = []
    reached = target = 0
    for item, weight in zip(items, weights):
        if not current:
            target += size + (1 if len(slices) < extra else 0)
        current.append(item)
        reached += weight
        if reached >= target and len(slices) < parts - 1:
            slices.append(current)
            current = []
    if current:
        slices.append(current)
    return slices


def task_count(files: int, workers: int) -> int:
    """How many tasks ``files`` make for ``workers``: many per worker, but not so small that overheads show."""
    return max(1, min(workers * TASKS_PER_WORKER, -(-files // MIN_TASK_FILES)))


def build_shards(paths: list[str], workdir: Path, config: BuildConfig, workers: int = 1,
                 scheduler: str | None = None, progress: Progress | None = None) -> tuple[list[Path], BuildReport]:
    """Build every shard, locally or on the Dask scheduler at ``scheduler``; returns shards in order."""
    files = expand_paths(paths, keep_going=config.keep_going)
    if not files:
        raise InputError("no article files found in " + ", ".join(paths))
    counts = [count_articles(name) for name in files]
    if progress is not None:
        progress.start(sum(counts))
    if scheduler:
        shards, reports = _on_dask(scheduler, files, counts, workdir, config)
    else:
        parts = plan_tasks(files, counts, workers)
        shards = _shard_paths(workdir, len(parts))
        if len(parts) == 1:
            reports = [build_shard(Pipeline(config), files, str(shards[0]), progress)[0]]
        else:
            reports = _on_local_processes(parts, shards, config, workers, progress)
    total = BuildReport()
    for report in reports:
        total.articles += report.articles
        total.statements += report.statements
        total.entities += report.entities
        total.failures.extend(report.failures)
        total.labels.update(report.labels)
    if total.articles == 0:
        raise InputError("no article could be built from " + ", ".join(paths))
    return shards, total


def _shard_paths(workdir: Path, count: int) -> list[Path]:
    return [workdir / f"shard-{index:05d}.nq" for index in range(count)]


def _on_local_processes(parts: list[list[ArticleInput]], shards: list[Path], config: BuildConfig, workers: int,
                        progress: Progress | None) -> list[BuildReport]:
    reports: dict[int, BuildReport] = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(parts))) as pool:
        claimed = claimed_by_earlier_tasks(parts, config.max_bytes)
        futures = {pool.submit(build_task, part, str(shard), config, taken): index
                   for index, (part, shard, taken) in enumerate(zip(parts, shards, claimed))}
        try:
            for future in as_completed(futures):  # as they end, so that a failed task stops the build at once
                report, words = future.result()
                reports[futures[future]] = report
                if progress is not None:
                    progress.advance(report.articles + len(report.failures), words)
        except BaseException:  # a failed task, Ctrl-C or SIGTERM: stop the workers now, not after their tasks
            # Killed with no future cancelled (as pool.map would): Python 3.11's pool fails on cancelled ones.
            for process in list((getattr(pool, "_processes", None) or {}).values()):  # no public API before 3.14
                process.kill()
            raise
    return [reports[index] for index in range(len(parts))]


@contextmanager
def work_folder(root: Path) -> Iterator[Path]:
    """A private folder under ``root`` (``.kg-build``) for this run's shards, removed when the run ends.

    A run killed outright (SIGKILL, power loss) cannot remove its folder: each folder holds a lock
    file locked while its run lives, and the next run removes the folders whose lock is free.
    """
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_work_folders(root)
    folder = Path(tempfile.mkdtemp(dir=root, prefix="run-"))
    lock = _lock(folder / ".lock")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if lock is not None:
            os.close(lock)
        try:
            root.rmdir()  # only when no other run is using it
        except OSError:
            pass


def _lock(path: Path) -> int | None:
    try:
        import fcntl
    except ImportError:  # Windows: no cleanup of killed runs
        return None
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # a file system without locks: the folder is still removed when the run ends
        os.close(fd)
        return None
    return fd


def _remove_stale_work_folders(root: Path, unlocked_age: float = 3600.0) -> None:
    try:
        import fcntl
    except ImportError:
        return
    for folder in root.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        lock = folder / ".lock"
        try:
            if not lock.exists():  # a run that has not locked yet, or an older kg: only when long abandoned
                if time.time() - folder.stat().st_mtime > unlocked_age:
                    shutil.rmtree(folder, ignore_errors=True)
                continue
            fd = os.open(lock, os.O_RDWR)
        except OSError:  # removed meanwhile by another run
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live run holds it
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)


def _on_dask(scheduler: str, files: list[ArticleInput], counts: list[int], workdir: Path, config: BuildConfig) -> tuple[list[Path], list[BuildReport]]:
    """Tasks for every thread the cluster has when the build starts; the shards must be on a shared file system."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--dask needs the 'distributed' package: pip install 'kg[dask]'") from None
    with Client(scheduler) as client:
        threads = sum(client.nthreads().values())
        parts = plan_tasks(files, counts, max(threads, 1))
        shards = _shard_paths(workdir, len(parts))
        claimed = claimed_by_earlier_tasks(parts, config.max_bytes)
        futures = client.map(build_task, parts, [str(s) for s in shards], [config] * len(parts), claimed, pure=False)
        return shards, [report for report, _ in client.gather(futures)]


def article_graphs(shard: Path) -> Iterator[list[ox.Quad]]:
    """The quads of a shard, one article at a time: its named graph and then its entities' descriptions
    in the shared graph (written contiguously)."""
    current: list[ox.Quad] = []
    for quad in ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS):
        if current and quad.graph_name not in (current[0].graph_name, SHARED_GRAPH):
            yield current
            current = []
        current.append(quad)
    if current:
        yield current


def publish(shards: list[Path], output: Path | None, store: TripleStore | None,
            labels: Mapping[tuple[str, str], int] | None = None) -> None:
    """Write the output file from the shards, then load the store article by article.

    ``labels``: the build's (entity key, label) -> articles (``BuildReport.labels``), so that an
    entity its articles spelled differently gets one label (kg.rdf.labels).
    """
    choice = LabelChoice(labels or {})
    if output is not None and output.suffix.lower() == ".nq":
        _concatenate(shards, output, choice)
    else:
        with GraphWriter(output) as writer:
            for shard in shards:
                for graph in article_graphs(shard):
                    writer.add(choice.quads(graph))
            writer.commit()
    if store is not None:
        for shard in shards:
            for graph in article_graphs(shard):
                store.replace_graphs(choice.quads(graph))


def _concatenate(shards: list[Path], output: Path, choice: LabelChoice) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with open(fd, "wb") as out:
            for shard in shards:
                with open(shard, "rb") as part:
                    if choice:
                        choice.copy(part, out)
                    else:
                        shutil.copyfileobj(part, out)
        readable(Path(name))
        Path(name).replace(output)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
