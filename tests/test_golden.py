"""Golden graphs: a small hand-made article per folder, its expected Turtle, compared as graphs.

Regenerate after a deliberate change with ``KG_REGENERATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff of ``expected.ttl`` like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "golden").iterdir() if p.is_dir())


def _readable_diff(expected: Graph, actual: Graph) -> str:
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(missing)]
    lines += [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(extra)]
    return "\n".join(lines[:80])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_graph_is_isomorphic(case: Path, tmp_path: Path) -> None:
    output = tmp_path / "actual.ttl"
    assert main(["-q", "build", str(case / "input.txt"), "-o", str(output)]) == 0
    expected_path = case / "expected.ttl"
    if os.environ.get("KG_REGENERATE_GOLDEN") or not expected_path.exists():
        expected_path.write_bytes(output.read_bytes())
    actual = Graph().parse(output)
    expected = Graph().parse(expected_path)
    assert isomorphic(expected, actual), "graph differs from expected.ttl:\n" + _readable_diff(expected, actual)
