"""Accuracy against the gold annotations in tests/gold (format: tests/gold/README.md).

The floors are the figures measured when they were last raised, minus a small margin;
a change that loses accuracy fails here. The figures are printed (pytest -s shows them).
"""

from __future__ import annotations

import pytest

from kg.evaluate import Counts, evaluate, format_report
from kg.extract.article import extract
from tests.conftest import GOLD

FLOORS = {
    "entity detection F1": 0.95,
    "entity typing accuracy": 0.97,
    "linking precision": 0.98,
    "linking recall": 0.95,
    "quote recall": 0.97,
    "statement recall": 0.95,
    "attribution accuracy": 0.95,
    "statement precision": 0.98,
}


@pytest.fixture(scope="module")
def scores(pipeline) -> Counts:  # type: ignore[no-untyped-def]
    total, per_article = evaluate(GOLD, lambda a: extract(a, pipeline.nlp(a.text), pipeline.linker))
    print("\n" + "\n".join(format_report(total, per_article, errors=False)))
    return total


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_accuracy_on_gold(scores: Counts, figure: str) -> None:
    value = scores.figures()[figure]
    assert value >= FLOORS[figure], f"{figure} fell to {value:.3f} (floor {FLOORS[figure]})"


def test_accuracy_gold_covers_seeds_and_dev_articles() -> None:
    assert len(list(GOLD.glob("*.json"))) == 17
