"""Triple stores: one interface, an embedded Oxigraph store and any SPARQL 1.1 endpoint.

Articles live in named graphs (the article IRI is the graph name): loading an article
again replaces exactly its graph. Entity descriptions live in one shared graph that loading
adds to (each triple once); when articles are replaced, the descriptions of entities that no
article mentions any more are removed on close. Queries see the union of the named graphs as
their default graph, so the same query text works on our stores and on plain triples.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.errors import EndpointError, KgError
from kg.rdf.mapping import ENTITIES_GRAPH, is_article_graph
from kg.rdf.ntriples import graph_ntriples, quads_by_graph

# Below this many quads of new graphs, one transaction costs a few tenths of a second and leaves
# no small files behind; above it, the bulk loader is three to four times faster.
BULK_LOAD_MIN_QUADS = 20_000

SHARED_GRAPH = ox.NamedNode(ENTITIES_GRAPH)
# The descriptions of entities that no article mentions any more (their articles were replaced).
PRUNE_UNMENTIONED = f"""PREFIX schema: <http://schema.org/>
DELETE {{ GRAPH {SHARED_GRAPH} {{ ?entity ?p ?o }} }}
WHERE {{
  GRAPH {SHARED_GRAPH} {{ ?entity ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?article {{ ?article schema:mentions ?entity }} }}
}}"""


QueryResult = dict  # SPARQL 1.1 Query Results JSON ({"head": ..., "results"/"boolean": ...}) or {"triples": bytes}


class StoreError(KgError):
    """The store cannot be opened or written; the message says why."""


class TripleStore(Protocol):
    def replace_graphs(self, quads: Iterable[ox.Quad]) -> int:
        """Load quads, replacing each graph they belong to but adding to the shared one; returns the number replaced."""

    def query(self, sparql: str) -> QueryResult:
        """Run a query; SELECT/ASK give SPARQL JSON results, CONSTRUCT/DESCRIBE give Turtle bytes."""

    def close(self) -> None: ...


def replace_graph_update(graph: ox.NamedNode | ox.DefaultGraph, quads: list[ox.Quad]) -> str:
    """One SPARQL update, so one transaction: readers see the old graph or the new one, never a mix."""
    payload = graph_ntriples(graph, quads).decode("utf-8")
    if isinstance(graph, ox.DefaultGraph):
        return f"DROP SILENT DEFAULT ; INSERT DATA {{ {payload} }}"
    return f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ GRAPH {graph} {{ {payload} }} }}"


class EmbeddedStore:
    """Oxigraph on disk. One writer at a time; readers open it read-only."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._replaced_articles = False  # then an entity description may have lost the last article naming it
        try:
            if read_only:
                if not path.exists():
                    raise StoreError(f"{path}: no store here (build one with `kg build ... --store {path}`)")
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            hint = " (another kg process is writing to it; wait for it to finish)" if "lock" in str(error).lower() else ""
            raise StoreError(f"{path}: cannot open the store{hint}: {error}") from None

    def replace_graphs(self, quads: Iterable[ox.Quad]) -> int:
        graphs = quads_by_graph(quads)
        replaced = {g for g in graphs if g != SHARED_GRAPH and (isinstance(g, ox.DefaultGraph)
                    or isinstance(g, ox.NamedNode) and self._store.contains_named_graph(g))}
        self._replaced_articles = self._replaced_articles or any(
            isinstance(g, ox.NamedNode) and is_article_graph(g.value) for g in replaced)
        # Graphs the store does not hold yet have nothing to replace: they are added in one load,
        # all or nothing. Blank-node graph names are local to the file they came from: added too.
        added = [q for g, members in graphs.items() if g not in replaced for q in members]
        if len(added) >= BULK_LOAD_MIN_QUADS:
            self._store.bulk_extend(added)  # all or nothing too: its files are ingested in one step at the end
        elif added:
            self._store.extend(added)
        for graph in replaced:
            self._store.update(replace_graph_update(graph, graphs[graph]))
        return len(graphs.keys() - {SHARED_GRAPH})

    def query(self, sparql: str) -> QueryResult:
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True)
            return results_to_json(result)  # SERVICE calls run while the results are read
        except SyntaxError as error:
            raise KgError(f"query does not parse: {error}") from None
        except OSError as error:
            raise EndpointError(f"a SERVICE call failed: {error}") from None

    def close(self) -> None:
        # Flushed once, not after every load (that cost 40 ms an article): what a load committed is
        # in the write-ahead log already, and survives a killed process.
        if self._replaced_articles:
            self._store.update(PRUNE_UNMENTIONED)
        if not self.read_only:
            self._store.flush()
        del self._store


def results_to_json(result: object) -> QueryResult:
    if isinstance(result, ox.QuerySolutions):
        return json.loads(result.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")
    if isinstance(result, ox.QueryBoolean):
        return {"head": {}, "boolean": bool(result)}
    return {"triples": ox.serialize(result, format=ox.RdfFormat.TURTLE)}  # type: ignore[arg-type]
