"""Finding quotation spans in raw text, in every common quotation style.

Works on characters, not tokens, so that odd quotation marks never derail it: an
unclosed mark ends at its paragraph, a quotation that runs over several paragraphs is
followed by the news convention (each continued paragraph re-opens the quote, only the
last one closes it), and mixed pairs (‘…") are accepted when nothing better closes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.records import Span

OPENERS = {"“": "”", "«": "»", "„": "“", "‘": "’", '"': '"', "'": "'", "‹": "›"}
CLOSERS = frozenset("”»’\"'›“")
_SINGLE = frozenset("‘’'")
_OPENING_MARK = re.compile("[“«„‹‘\"']")  # the only characters _can_open may accept


@dataclass(frozen=True)
class Quote:
    """The text inside a pair of quotation marks (marks excluded); ``closed`` is False when none closed it."""

    span: Span
    closed: bool


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True  # NATO’s, d’état, don't
    return before in "sS" and not after.isalnum() and text[i] in "’'" and _possessive_plural(text, i)


def _possessive_plural(text: str, i: int) -> bool:
    """countries’ borders: an apostrophe after s followed by a lower-case word."""
    rest = text[i + 1 : i + 3]
    return len(rest) == 2 and rest[0] == " " and rest[1].islower()


def _can_open(text: str, i: int) -> bool:
    ch = text[i]
    if ch in "“«„‹":
        return True
    if ch == "‘":
        return not _is_apostrophe(text, i)
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if ch in "\"'":
        return (before.isspace() or before in "([{—–-:/") and not after.isspace()
    return False


def _can_close(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in CLOSERS:
        return False
    if ch in "’'" and _is_apostrophe(text, i):
        return False
    before = text[i - 1] if i > 0 else " "
    return not before.isspace() or ch in "”»›"


def find_quotes(text: str, regions: tuple[Span, ...] = ()) -> list[Quote]:
    """Quotation spans inside ``regions`` (paragraphs; the text's lines when none are given)."""
    regions = regions or _lines(text)
    quotes: list[Quote] = []
    index = 0
    while index < len(regions):
        region = regions[index]
        i = region.begin
        continued_from: int | None = None
        while i < region.end:
            if not _can_open(text, i):
                mark = _OPENING_MARK.search(text, i + 1, region.end)
                i = mark.start() if mark else region.end
                continue
            opener = text[i]
            close = _find_close(text, i + 1, region.end, opener)
            if close is None:
                # Unclosed: does the next paragraph re-open the quotation (a multi-paragraph quote)?
                nxt = regions[index + 1] if index + 1 < len(regions) else None
                if nxt is not None and text[nxt.begin] in OPENERS and opener not in _SINGLE:
                    continued_from = i + 1 if continued_from is None else continued_from
                    break
                begin = continued_from if continued_from is not None else i + 1
                quotes.append(Quote(_strip(text, begin, region.end), closed=False))
                continued_from = None
                i = region.end
                continue
            begin = continued_from if continued_from is not None else i + 1
            continued_from = None
            span = _strip(text, begin, close)
            if span.end > span.begin:
                quotes.append(Quote(span, closed=True))
            i = close + 1
        index += 1
        if continued_from is not None and index < len(regions):
            # skip the re-opening mark of the continued paragraph and go on looking for the close
            nxt = regions[index]
            close = _find_close(text, nxt.begin + 1, nxt.end, text[nxt.begin])
            if close is None and index + 1 < len(regions) and text[regions[index + 1].begin] in OPENERS:
                continue_from = continued_from
                regions = regions[:index] + (Span(nxt.begin, nxt.begin),) + regions[index + 1 :]
                continued_from = continue_from
                continue
            end = close if close is not None else nxt.end
            quotes.append(Quote(_strip(text, continued_from, end), closed=close is not None))
            rest = Span(end + 1, nxt.end) if close is not None else Span(nxt.end, nxt.end)
            regions = regions[:index] + (rest,) + regions[index + 1 :]
            continued_from = None
    return quotes


def _lines(text: str) -> tuple[Span, ...]:
    spans, begin = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(Span(begin, begin + len(line)))
        begin += len(line) + 1
    return tuple(spans)


def _find_close(text: str, start: int, end: int, opener: str) -> int | None:
    """The matching closing mark; a closer of another style only when the proper one never comes."""
    proper = OPENERS[opener]
    fallback = None
    for j in range(start, end):
        ch = text[j]
        if ch == proper and _can_close(text, j):
            if opener in "\"'" and j + 1 < end and text[j + 1].isalnum() and _can_open(text, j):
                continue  # a straight mark that opens a nested quotation
            return j
        if fallback is None and ch in CLOSERS and ch != proper and _can_close(text, j) and not _can_open(text, j):
            fallback = j
    return fallback


def _strip(text: str, begin: int, end: int) -> Span:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return Span(begin, end)
