"""The short summary `kg run` prints, from canned queries on the store just built."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from kg.formats import table
from kg.query import find_query
from kg.store import EmbeddedStore


def _rows(store: EmbeddedStore, name: str) -> list[dict[str, str]]:
    result = store.query(find_query(name).render({}))
    return [{k: v["value"] for k, v in row.items()} for row in result["results"]["bindings"]]


def print_summary(store_path: Path, graph_path: Path, top: int = 10) -> None:
    store = EmbeddedStore(store_path, read_only=True)
    entities = _rows(store, "entities")
    by_type = Counter(row["type"].rsplit("/", 1)[-1].rsplit("#", 1)[-1] for row in {r["entity"]: r for r in entities}.values())
    out = sys.stdout
    out.write(f"Graph: {graph_path}   Store: {store_path}\n\n")
    out.write("Entities by type\n" + table(["type", "entities"], [[t, str(n)] for t, n in by_type.most_common()]) + "\n")
    speakers = _rows(store, "speakers")[:top]
    cols = [c for c in ("speakerName", "statements", "wikidata") if speakers and c in speakers[0]] or ["speakerName", "statements"]
    out.write("Statements by speaker\n" + table(cols, [[r.get(c, "") for c in cols] for r in speakers]) + "\n")
    pairs = _rows(store, "co-mentions")[:top]
    pcols = list(pairs[0].keys()) if pairs else ["entity1", "entity2", "articles"]
    pcols = [c for c in pcols if not c.endswith(("1", "2")) or "Name" in c or "name" in c or "label" in c.lower()] or pcols
    out.write("Top co-mentions\n" + table(pcols, [[r.get(c, "") for c in pcols] for r in pairs]) + "\n")
    store.close()
