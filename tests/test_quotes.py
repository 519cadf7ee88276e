from kg.extract.quotes import find_quotes
from kg.records import Span


def _texts(text: str) -> list[str]:
    return [text[q.span.begin : q.span.end] for q in find_quotes(text)]


def test_quotes_every_style() -> None:
    text = "A “curly one,” he said. B \"straight one\" and ‘single one’ and «guillemets» here."
    assert _texts(text) == ["curly one,", "straight one", "single one", "guillemets"]


def test_quotes_apostrophes_are_not_quotation_marks() -> None:
    text = "NATO’s plan and the countries’ borders, he said ‘we don’t agree’."
    assert _texts(text) == ["we don’t agree"]


def test_quotes_unclosed_mark_ends_at_its_paragraph() -> None:
    text = "He said “this never closes\nNext paragraph is “fine” here."
    assert _texts(text) == ["this never closes", "fine"]


def test_quotes_mismatched_pair_is_accepted() -> None:
    text = "‘We have confirmed our position,\" he said."
    assert _texts(text) == ["We have confirmed our position,"]


def test_quotes_interrupted_by_attribution_gives_two_spans() -> None:
    text = "“First part,” he said, “second part.”"
    assert _texts(text) == ["First part,", "second part."]


def test_quotes_multi_paragraph_quotation_is_one_span() -> None:
    text = "“First paragraph of the quote.\n“Second paragraph,” she said."
    paragraphs = (Span(0, 30), Span(31, len(text)))
    quotes = find_quotes(text, paragraphs)
    assert [text[q.span.begin : q.span.end] for q in quotes] == ["First paragraph of the quote.\n“Second paragraph,"]
