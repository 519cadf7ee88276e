"""Query results for people and programs: aligned table, CSV, TSV, SPARQL JSON; graphs as Turtle or JSON-LD."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from kg.store import QueryResult

FORMATS = ("table", "csv", "tsv", "json")


def _cell(binding: dict[str, str] | None, for_table: bool) -> str:
    if binding is None:
        return ""
    value = binding["value"]
    if for_table and binding["type"] == "uri" and value.startswith("http://www.wikidata.org/entity/"):
        return "wd:" + value.rsplit("/", 1)[-1]
    return value


def render(result: QueryResult, fmt: str) -> str:
    if "triples" in result:  # CONSTRUCT, DESCRIBE: Turtle (N-Triples from some servers, a subset)
        if fmt == "json":  # a program asked for JSON: the graph as JSON-LD
            graph = ox.parse(result["triples"], format=ox.RdfFormat.TURTLE)
            return (ox.serialize(graph, format=ox.RdfFormat.JSON_LD) or b"[]").decode("utf-8") + "\n"
        return result["triples"].decode("utf-8")
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    if "boolean" in result:
        return ("true" if result["boolean"] else "false") + "\n"
    variables: list[str] = result["head"]["vars"]
    rows = [[_cell(row.get(v), fmt == "table") for v in variables] for row in result["results"]["bindings"]]
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        writer.writerows(rows)
        return buffer.getvalue()
    return table(variables, rows)


def table(header: list[str], rows: list[list[str]], max_width: int = 60) -> str:
    clipped = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in clipped]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.replace("\n", " ").ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in clipped]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
