"""Writing graphs to files atomically: a temporary file beside the target, then a rename.

Turtle is written with sorted triples and declared prefixes, so the same graph gives the
same bytes; N-Quads and TriG keep one named graph per article and stream article by
article.
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

STREAMING_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}
TRIPLE_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}


def _sort_key(triple: ox.Triple) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


class GraphWriter:
    """Collects quads and writes them on ``commit``; an exception or interruption leaves the old file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        suffix = path.suffix.lower() if path else ".ttl"
        if suffix not in STREAMING_FORMATS and suffix not in TRIPLE_FORMATS:
            raise InputError(f"{path}: unknown output format {suffix!r} (use .ttl, .nt, .nq or .trig)")
        self.suffix = suffix
        self._triples: set[ox.Triple] = set()
        self._tmp: Path | None = None
        self._handle = None
        if path is not None and suffix in STREAMING_FORMATS:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
            self._tmp = Path(name)
            self._handle = os.fdopen(fd, "wb")

    def add(self, quads: Iterable[ox.Quad]) -> None:
        if self._handle is not None:
            ox.serialize(quads, self._handle, STREAMING_FORMATS[self.suffix], prefixes=OUTPUT_PREFIXES)
        else:
            self._triples.update(ox.Triple(q.subject, q.predicate, q.object) for q in quads)

    def commit(self) -> None:
        if self._handle is not None and self._tmp is not None and self.path is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            _readable(self._tmp)
            os.replace(self._tmp, self.path)
            return
        data = ox.serialize(sorted(self._triples, key=_sort_key), format=TRIPLE_FORMATS[self.suffix], prefixes=OUTPUT_PREFIXES)
        if self.path is None:
            os.write(1, data)
            return
        write_atomically(self.path, data)

    def abort(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:
            self.abort()


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _readable(Path(name))
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _readable(path: Path) -> None:
    """Temporary files are private; the output gets the permissions of a normally created file."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)
