"""Quads as N-Triples text, made by pyoxigraph in one call: what writing files and loading stores share.

Building a Triple object per quad costs more than serializing the quads themselves, so the
graph name is cut from N-Quads text instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def quads_by_graph(quads: Iterable[ox.Quad]) -> dict[GraphName, list[ox.Quad]]:
    graphs: dict[GraphName, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        graphs[quad.graph_name].append(quad)
    return graphs


def graph_ntriples(graph: GraphName, quads: list[ox.Quad]) -> bytes:
    """The quads of ``graph`` as N-Triples.

    Every N-Quads line of one graph ends with `` <graph> .\\n``, which can stand nowhere else
    (newlines inside literals are escaped), so cutting the graph name is one bytes replace.
    """
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    if isinstance(graph, ox.DefaultGraph):
        return text
    return text.replace(f" {graph} .\n".encode(), b" .\n")
