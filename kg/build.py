"""Running builds: in this process, in N local processes, or on a Dask cluster.

Every worker writes its own shard of N-Quads (one named graph per article). Shards merge
without coordination because IRIs are deterministic; the final outputs (a file, a store)
are written only once every shard has succeeded, so a failed or interrupted build leaves
earlier outputs untouched.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.ingest import expand_paths
from kg.pipeline import BuildConfig, BuildReport, Pipeline
from kg.rdf.mapping import article_quads
from kg.rdf.serialize import GraphWriter, readable
from kg.store import TripleStore


def build_shard(paths: list[str], shard: str, config: BuildConfig) -> BuildReport:
    """Build the articles of ``paths`` into the N-Quads file ``shard`` (a worker's whole job)."""
    report = BuildReport()
    pipeline = Pipeline(config)
    with open(shard, "wb") as out:
        for extraction in pipeline.run(paths, report):
            ox.serialize(article_quads(extraction, config.version), out, ox.RdfFormat.N_QUADS)
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
                 scheduler: str | None = None) -> tuple[list[Path], BuildReport]:
    """Build every shard, locally or on the Dask scheduler at ``scheduler``; returns shards in order."""
    files = expand_paths(paths)
    if not files:
        raise InputError("no article files found in " + ", ".join(paths))
    parts = chunk(files, workers if scheduler is None else max(workers, 1) * 4)
    shards = [workdir / f"shard-{index:05d}.nq" for index in range(len(parts))]
    if scheduler:
        reports = _on_dask(scheduler, parts, shards, config)
    elif len(parts) == 1:
        reports = [build_shard(parts[0], str(shards[0]), config)]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            reports = list(pool.map(build_shard, parts, [str(s) for s in shards], [config] * len(parts)))
    total = BuildReport()
    for report in reports:
        total.articles += report.articles
        total.statements += report.statements
        total.entities += report.entities
        total.failures.extend(report.failures)
    if total.articles == 0:
        raise InputError("no article could be built from " + ", ".join(paths))
    return shards, total


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
