"""Writing graphs to files atomically: a temporary file beside the target, then a rename.

The same graph gives the same bytes, whatever the order its quads came in: statements are
deduplicated and sorted as N-Triples/N-Quads lines (bytes). N-Quads are written in that
line order; Turtle and N-Triples hold the union of the article graphs with declared
prefixes; TriG keeps one named graph per article, graphs in order of their names.
(The CLI's N-Quads output is written shard by shard in kg.build, not here.)
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from itertools import compress, islice
from operator import ne
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.ntriples import graph_ntriples, quads_by_graph
from kg.rdf.vocab import PREFIXES, RESOURCE_BASE

# Resource IRIs hold slashes that Turtle would escape in prefixed names: written in full they read better.
OUTPUT_PREFIXES = {k: v for k, v in PREFIXES.items() if v != RESOURCE_BASE}
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}


def sorted_unique_lines(chunks: list[bytes]) -> list[bytes]:
    """The distinct lines of N-Triples/N-Quads ``chunks``, sorted as bytes; empties ``chunks`` as it goes.

    Sorting the list first lets timsort use the runs already there; duplicates are then
    neighbours, dropped by comparing each line with the one before it (no set, no Python loop).
    """
    lines: list[bytes] = []
    while chunks:
        lines += chunks.pop().split(b"\n")[:-1]  # each chunk freed once split
    lines.sort()
    return lines[:1] + list(compress(islice(lines, 1, None), map(ne, islice(lines, 1, None), lines)))


class GraphWriter:
    """Collects quads and writes them on ``commit``; an exception or interruption leaves the old file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        suffix = path.suffix.lower() if path else ".ttl"
        if suffix not in FORMATS:
            raise InputError(f"{path}: unknown output format {suffix!r} (use .ttl, .nt, .nq or .trig)")
        self.format = FORMATS[suffix]
        # Statements as serialized text, keyed by the part of the output they sort within:
        # TriG sorts within each graph, the other formats within the whole file.
        self._chunks: dict[str, list[bytes]] = defaultdict(list)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        if self.format == ox.RdfFormat.N_QUADS:
            self._chunks[""].append(ox.serialize(quads, format=self.format) or b"")
            return
        for graph, members in quads_by_graph(quads).items():
            if self.format == ox.RdfFormat.TRIG:
                self._chunks[str(graph)].append(ox.serialize(members, format=ox.RdfFormat.N_QUADS) or b"")
            else:
                self._chunks[""].append(graph_ntriples(graph, members))

    def commit(self) -> None:
        lines: list[bytes] = []
        for part in sorted(self._chunks):
            lines += sorted_unique_lines(self._chunks[part])
        data = b"\n".join([*lines, b""]) if lines else b""  # the empty line: a newline at the end, without a copy
        del lines  # as big as data: freed before Turtle or TriG is made from it
        if self.format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            # Our own output: parsing it back needs no validation.
            statements = ox.parse(data, format=ox.RdfFormat.N_QUADS, lenient=True)
            data = ox.serialize(statements, format=self.format, prefixes=OUTPUT_PREFIXES) or b""
        if self.path is None:
            os.write(1, data)
        else:
            write_atomically(self.path, data)

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._chunks.clear()


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
