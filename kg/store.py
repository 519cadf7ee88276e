"""Triple stores: one interface, an embedded Oxigraph store and any SPARQL 1.1 endpoint.

Articles live in named graphs (the article IRI is the graph name): loading an article
again replaces exactly its graph. Queries see the union of the named graphs as their
default graph, so the same query text works on our stores and on plain triples.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from kg.errors import EndpointError, KgError

QueryResult = dict  # SPARQL 1.1 Query Results JSON ({"head": ..., "results"/"boolean": ...}) or {"triples": bytes}


class StoreError(KgError):
    """The store cannot be opened or written; the message says why."""


class TripleStore(Protocol):
    def replace_graphs(self, quads: Iterable[ox.Quad]) -> int:
        """Load quads, replacing each named graph they belong to; returns the number of graphs."""

    def query(self, sparql: str) -> QueryResult:
        """Run a query; SELECT/ASK give SPARQL JSON results, CONSTRUCT/DESCRIBE give Turtle bytes."""

    def close(self) -> None: ...


def group_by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        graphs[name].append(quad)
    return graphs


class EmbeddedStore:
    """Oxigraph on disk. One writer at a time; readers open it read-only."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
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
        graphs = group_by_graph(quads)
        for name, members in graphs.items():
            payload = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in members), format=ox.RdfFormat.N_TRIPLES) or b""
            # One update is one transaction: readers see the old graph or the new one, never a mix.
            target = f"GRAPH <{name}> {{ " if name else ""
            closing = " }" if name else ""
            drop = f"DROP SILENT GRAPH <{name}> ;" if name else "DROP SILENT DEFAULT ;"
            self._store.update(f"{drop} INSERT DATA {{ {target}{payload.decode('utf-8')}{closing} }}")
        self._store.flush()
        return len(graphs)

    def query(self, sparql: str) -> QueryResult:
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True)
            return results_to_json(result)  # SERVICE calls run while the results are read
        except SyntaxError as error:
            raise KgError(f"query does not parse: {error}") from None
        except OSError as error:
            raise EndpointError(f"a SERVICE call failed: {error}") from None

    def close(self) -> None:
        del self._store


def results_to_json(result: object) -> QueryResult:
    if isinstance(result, ox.QuerySolutions):
        return json.loads(result.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")
    if isinstance(result, ox.QueryBoolean):
        return {"head": {}, "boolean": bool(result)}
    return {"triples": ox.serialize(result, format=ox.RdfFormat.TURTLE)}  # type: ignore[arg-type]
