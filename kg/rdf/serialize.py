"""Writing graphs to files as they are built: into a temporary file beside the target, renamed on commit.

Each ``add`` is serialized by pyoxigraph and written at once, so the output never waits in
memory, and the same quads added in the same order give the same bytes (a build adds its
article graphs in input order, whatever the number of workers). Quads are written as they
come: ``article_quads`` makes each of a graph's quads once, and a build adds each article's
graph once. N-Quads and TriG keep one named graph per article, and each article brings the
descriptions of the entities it names in the shared graph: an entity named by many articles is
described again with each (the same quads, once in a store). Turtle and N-Triples hold the
union of the graphs: Turtle writes each distinct description (the whole block of an entity's
triples) once, found as text; N-Triples repeats it (the same graph once parsed), since finding
repeated triples needs a Python object per triple, about three times the cost of writing them.
(The CLI's N-Quads output is written shard by shard in kg.build, not here.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.ntriples import graph_ntriples, quads_by_graph
from kg.rdf.vocab import PREFIXES, RESOURCE_BASE

# Resource IRIs hold slashes that Turtle would escape in prefixed names: written in full they read better.
OUTPUT_PREFIXES = {k: v for k, v in PREFIXES.items() if v != RESOURCE_BASE}
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
# How pyoxigraph's TriG starts the block of an entity's triples (resource IRIs are written in full).
ENTITY_BLOCK = b"\t<" + (RESOURCE_BASE + "entity/").encode()
# Written once at the top; pyoxigraph repeats its own in front of every add's text.
PREFIX_LINES = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in OUTPUT_PREFIXES.items()).encode()


class GraphWriter:
    """Writes quads as they are added; ``commit`` puts the file in place (or flushes stdout when ``path`` is None).

    Use it as a context manager: leaving the block without ``commit`` (an exception, Ctrl-C)
    removes the temporary file and leaves any old file as it was.
    """

    def __init__(self, path: Path | None) -> None:
        suffix = path.suffix.lower() if path else ".ttl"
        if suffix not in FORMATS:
            raise InputError(f"{path}: unknown output format {suffix!r} (use .ttl, .nt, .nq or .trig)")
        self.path = path
        self.format = FORMATS[suffix]
        self._temporary: Path | None = None
        self._described: set[bytes] = set()  # entity blocks written to Turtle: the distinct descriptions
        if path is None:
            self._out: BinaryIO = sys.stdout.buffer
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
            self._temporary = Path(name)
            self._out = os.fdopen(fd, "wb")
        if self.format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
            self._out.write(PREFIX_LINES)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        if self.format == ox.RdfFormat.N_QUADS:
            ox.serialize(quads, self._out, ox.RdfFormat.N_QUADS)
        elif self.format == ox.RdfFormat.N_TRIPLES:
            for graph, members in quads_by_graph(quads).items():
                self._out.write(graph_ntriples(graph, members))
        else:
            # Turtle from the TriG serializer: it takes the quads as they are, where the Turtle
            # one would want a Triple made for each, which costs more than the writing.
            text = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=OUTPUT_PREFIXES) or b""
            start = after_prefixes(text)
            if self.format == ox.RdfFormat.TURTLE:
                self._out.writelines(without_repeats(b"".join(unwrapped(text, start)), self._described))
            else:
                self._out.write(memoryview(text)[start:])

    def commit(self) -> None:
        self._out.flush()
        if self._temporary is None or self.path is None:  # stdout
            return
        os.fsync(self._out.fileno())
        self._out.close()
        readable(self._temporary)
        os.replace(self._temporary, self.path)
        self._temporary = None

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._temporary is not None:  # not committed
            self._out.close()
            self._temporary.unlink(missing_ok=True)


def after_prefixes(text: bytes) -> int:
    """Where ``text`` goes on after the ``@prefix`` lines pyoxigraph puts at its top."""
    start = 0
    while text.startswith(b"@prefix ", start):
        start = text.index(b"\n", start) + 1
    return start


def unwrapped(trig: bytes, start: int) -> list[memoryview]:
    """pyoxigraph's TriG from ``start`` without its graph blocks' first and last lines: Turtle.

    A block opens with a line ``name {`` and closes with a line ``}``. Newlines in literals are
    escaped and IRIs hold no braces, so a brace at the end of a line is one of these, found with
    a one-byte search (memchr, many times faster than one for a longer pattern). The statements
    keep TriG's indentation, which means nothing in Turtle: removing it would take as long as
    all the rest. Views into ``trig``, so that nothing is copied.
    """
    view = memoryview(trig)
    parts: list[memoryview] = []
    done = start
    while (opening := _line_end(trig, b"{", done)) >= 0:
        closing = _line_end(trig, b"}", opening)
        parts += [view[done : trig.rfind(b"\n", 0, opening) + 1], view[opening + 2 : closing]]
        done = closing + 2
    parts.append(view[done:])
    return parts


def without_repeats(turtle: bytes, described: set[bytes]) -> list[memoryview]:
    """``turtle`` without the entity blocks in ``described``; adds the others to it.

    A block starts a line with ``ENTITY_BLOCK`` and ends at the first `` .`` closing a line
    (newlines in literals are escaped). The same description in another article is the same
    bytes, since pyoxigraph writes a graph's triples in a fixed order.
    """
    view = memoryview(turtle)
    parts: list[memoryview] = []
    done = at = 0
    while (begin := turtle.find(ENTITY_BLOCK, at)) >= 0:
        if begin and turtle[begin - 1] != 10:  # not at the start of a line (10 is "\n")
            at = begin + 1
            continue
        end = at = turtle.index(b" .\n", begin) + 3
        block = turtle[begin:end]
        if block in described:
            parts.append(view[done:begin])
            done = end
        else:
            described.add(block)
    parts.append(view[done:])
    return parts


def _line_end(text: bytes, brace: bytes, start: int) -> int:
    """The first ``brace`` from ``start`` that ends a line, or -1."""
    while (found := text.find(brace, start)) >= 0 and text[found + 1 : found + 2] != b"\n":
        start = found + 1
    return found


def readable(path: Path) -> None:
    """Temporary files are private; the output gets the permissions of a normally created file."""
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)
