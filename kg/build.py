"""Running builds: in this process, in N local processes, or on a Dask cluster.

Every worker writes its own shard of N-Quads (one named graph per article). Shards merge
without coordination because IRIs are deterministic; the final outputs (a file, a store)
are written only once every shard has succeeded, so a failed or interrupted build leaves
earlier outputs untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.ingest import count_articles, expand_paths
from kg.pipeline import BuildConfig, BuildReport, Pipeline
from kg.progress import Progress, word_count
from kg.rdf.mapping import article_quads
from kg.rdf.serialize import GraphWriter, readable
from kg.store import TripleStore


def build_shard(paths: list[str], shard: str, config: BuildConfig, progress: Progress | None = None) -> BuildReport:
    """Build the articles of ``paths`` into the N-Quads file ``shard`` (a worker's whole job)."""
    report = BuildReport()
    pipeline = Pipeline(config)
    done = 0
    with open(shard, "wb") as out:
        for extraction in pipeline.run(paths, report):
            ox.serialize(article_quads(extraction, config.version), out, ox.RdfFormat.N_QUADS)
            if progress is not None:
                now = report.articles + len(report.failures)
                progress.advance(now - done, word_count(extraction.article.text))
                done = now
    return report


def chunk(files: list[str], parts: int) -> list[list[str]]:
    """Contiguous, nearly equal slices, so shard order follows input order."""
    parts = max(1, min(parts, len(files)))
    size, extra = divmod(len(files), parts)
    slices, start = [], 0
    for index in range(parts):
        end = start + size + (1 if index < extra else 0)
        slices.append(files[start:end])
        start = end
    return slices


def build_shards(paths: list[str], workdir: Path, config: BuildConfig, workers: int = 1,
                 scheduler: str | None = None, progress: Progress | None = None) -> tuple[list[Path], BuildReport]:
    """Build every shard, locally or on the Dask scheduler at ``scheduler``; returns shards in order."""
    files = expand_paths(paths, keep_going=config.keep_going)
    if not files:
        raise InputError("no article files found in " + ", ".join(paths))
    if progress is not None:
        progress.start(count_articles(files))
    parts = chunk(files, workers if scheduler is None else max(workers, 1) * 4)
    shards = [workdir / f"shard-{index:05d}.nq" for index in range(len(parts))]
    if scheduler:
        reports = _on_dask(scheduler, parts, shards, config)
    elif len(parts) == 1:
        reports = [build_shard(parts[0], str(shards[0]), config, progress)]
    else:
        reports = []
        with ProcessPoolExecutor(max_workers=workers) as pool:
            try:
                for report in pool.map(build_shard, parts, [str(s) for s in shards], [config] * len(parts)):
                    reports.append(report)
                    if progress is not None:
                        progress.advance(report.articles + len(report.failures))
            except BaseException:  # a failed shard, Ctrl-C or SIGTERM: stop the others now, not after their shards
                for process in list((getattr(pool, "_processes", None) or {}).values()):  # no public API before 3.14
                    process.kill()
                raise
    total = BuildReport()
    for report in reports:
        total.articles += report.articles
        total.statements += report.statements
        total.entities += report.entities
        total.failures.extend(report.failures)
    if total.articles == 0:
        raise InputError("no article could be built from " + ", ".join(paths))
    return shards, total


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


def _on_dask(scheduler: str, parts: list[list[str]], shards: list[Path], config: BuildConfig) -> list[BuildReport]:
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--dask needs the 'distributed' package: pip install 'kg[dask]'") from None
    with Client(scheduler) as client:
        futures = client.map(build_shard, parts, [str(s) for s in shards], [config] * len(parts), pure=False)
        return list(client.gather(futures))


def article_graphs(shard: Path) -> Iterator[list[ox.Quad]]:
    """The quads of a shard, one article's named graph at a time (they are written contiguously)."""
    current: list[ox.Quad] = []
    for quad in ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS):
        if current and quad.graph_name != current[0].graph_name:
            yield current
            current = []
        current.append(quad)
    if current:
        yield current


def publish(shards: list[Path], output: Path | None, store: TripleStore | None) -> None:
    """Write the output file from the shards, then load the store article by article."""
    if output is not None and output.suffix.lower() == ".nq":
        _concatenate(shards, output)
    else:
        with GraphWriter(output) as writer:
            for shard in shards:
                for graph in article_graphs(shard):
                    writer.add(graph)
            writer.commit()
    if store is not None:
        for shard in shards:
            for graph in article_graphs(shard):
                store.replace_graphs(graph)


def _concatenate(shards: list[Path], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with open(fd, "wb") as out:
            for shard in shards:
                with open(shard, "rb") as part:
                    shutil.copyfileobj(part, out)
        readable(Path(name))
        Path(name).replace(output)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
