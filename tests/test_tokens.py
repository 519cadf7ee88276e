import spacy
from spacy.attrs import LOWER, ORTH

from kg.tokens import tokens_where


def test_tokens_where_finds_every_occurrence_in_order() -> None:
    doc = spacy.blank("en")("According to him, and according to her, it rained.")
    assert [t.i for t in tokens_where(doc, LOWER, "according".__eq__)] == [0, 5]


def test_tokens_where_tests_the_strings_of_the_column() -> None:
    doc = spacy.blank("en")("Headline\n\nFirst line.")
    assert [t.text for t in tokens_where(doc, ORTH, lambda text: "\n" in text)] == ["\n\n"]
    assert tokens_where(doc, ORTH, lambda text: False) == []
