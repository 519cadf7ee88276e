"""Writing graphs to files atomically: a temporary file beside the target, then a rename.

Turtle and N-Triples hold the union of the article graphs, sorted, with declared
prefixes, so the same graph gives the same bytes; TriG keeps one named graph per
article. (N-Quads, the streaming format, is written shard by shard in kg.build.)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.vocab import PREFIXES, RESOURCE_BASE

# Resource IRIs hold slashes that Turtle would escape in prefixed names: written in full they read better.
OUTPUT_PREFIXES = {k: v for k, v in PREFIXES.items() if v != RESOURCE_BASE}
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}


def _sort_key(term: ox.Triple | ox.Quad) -> tuple[str, ...]:
    graph = (str(term.graph_name),) if isinstance(term, ox.Quad) else ()
    return (*graph, str(term.subject), str(term.predicate), str(term.object))


class GraphWriter:
    """Collects quads and writes them on ``commit``; an exception or interruption leaves the old file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        suffix = path.suffix.lower() if path else ".ttl"
        if suffix not in FORMATS:
            raise InputError(f"{path}: unknown output format {suffix!r} (use .ttl, .nt, .nq or .trig)")
        self.format = FORMATS[suffix]
        self._statements: set[ox.Triple | ox.Quad] = set()

    def add(self, quads: Iterable[ox.Quad]) -> None:
        if self.format.supports_datasets:
            self._statements.update(quads)
        else:
            self._statements.update(ox.Triple(q.subject, q.predicate, q.object) for q in quads)

    def commit(self) -> None:
        ordered: list = sorted(self._statements, key=_sort_key)  # type: ignore[type-arg]
        data = ox.serialize(ordered, format=self.format, prefixes=OUTPUT_PREFIXES) or b""
        if self.path is None:
            os.write(1, data)
        else:
            write_atomically(self.path, data)

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._statements.clear()


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        readable(Path(name))
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def readable(path: Path) -> None:
    """Temporary files are private; the output gets the permissions of a normally created file."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)
