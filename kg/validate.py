"""SHACL validation of a graph against the published shapes."""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError


def ontology_dir() -> Path:
    packaged = Path(__file__).parent / "ontology"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "ontology"


def validate(data_path: Path, shapes_path: Path | None = None) -> tuple[bool, str]:
    """(conforms, readable report) for an RDF file."""
    import pyshacl
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(data_path)
    except FileNotFoundError:
        raise InputError(f"{data_path}: no such file") from None
    except Exception as error:  # rdflib raises many parser-specific types
        raise InputError(f"{data_path}: not valid RDF ({error})") from None
    shapes = Graph().parse(shapes_path or ontology_dir() / "shapes.ttl")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    return bool(conforms), str(text)
