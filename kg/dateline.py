"""Datelines and titles: where and by whom an article was filed, and what it is called.

Handles the usual wire forms: "MOSCOW, June 6. /TASS/.", "BRUSSELS (AP) —",
"MOSCOW. June 1 (Interfax) –", "KAPUSTIN YAR /Astrakhan Region/, September 25.",
"MOSCOW, Russia –", "Warsaw, 3 March 2025 /PAP/ -", "Kyiv, Ukraine CNN —", "TOKYO and SEOUL --"
(two places, the first one the article's; "--" typed for a dash); and the page's
timestamp lines ("Updated 14:32 GMT, 3 March 2025"), which date an article without a dated dateline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from kg.records import Span

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        1,
    )
    for name in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_KICKER_WORDS = 3  # a section name above the headline: "Russia-Ukraine war"
_DAY_MONTH = rf"(?:(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH}))"
_AGENCY = r"(?:/(?P<agency1>[A-Za-z-]{2,20})/\.?|\((?P<agency2>[A-Za-z-]{2,20})\))"
_DATELINE = re.compile(
    rf"""^(?P<place>[A-Z][A-Z'’-]+(?:\.(?=\s[A-Z]{{2}}))?(?:\s+[A-Z][A-Z'’-]+){{0,4}}  # MOSCOW, KAPUSTIN YAR PROVING GROUND
          |[A-Z][a-z'’]+(?:[\s-][A-Z][a-z'’]+){{0,2}})                    # Warsaw (checked in _is_dateline)
        (?:\s+and\s+[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){{0,3}}(?=\s*(?:--|[–—])))?  # TOKYO and SEOUL --
        (?:\s*/[^/\n]{{1,40}}/)?                                      # /Astrakhan Region/
        (?:,\s*(?P<country>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|(?:[A-Z][a-z]{{0,3}}\.\s?){{1,3}})  # , Russia – / , D.C. —
           (?=\s*(?:[–—-]|[/(]|,\s*(?:{_MONTH}|\d)|\s[A-Z]{{2,10}}\s*[–—-])))?  # ... before a dash, agency or date
        (?:\s(?P<agency3>[A-Z]{{2,10}})(?=\s*[–—-]))?                  # Kyiv, Ukraine CNN —
        (?:[,.]?\s*{_DAY_MONTH}(?:,?\s*(?P<year>\d{{4}}))?\.?)?        # March 3, 2025 / 3 March 2025
        \s*{_AGENCY}?
        \s*(?:--|[–—-])?(?:\s|$)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Dateline:
    place: str
    agency: str | None
    month: int | None
    day: int | None
    year: int | None
    span: Span

    @property
    def date(self) -> str | None:
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day).isoformat()
        return None


def parse_dateline(text: str, content: tuple[Span, ...]) -> Dateline | None:
    """The dateline at the start of one of the first body paragraphs, if any."""
    for span in content[:8]:
        paragraph = text[span.begin : span.end]
        match = _DATELINE.match(paragraph)
        if not match or not _is_dateline(match, paragraph):
            continue
        place = match.group("place").strip(" .")
        if len(place) < 3:
            continue
        month_name, day = match.group("month") or match.group("month2"), match.group("day") or match.group("day2")
        return Dateline(
            place=place.title() if place.isupper() else place,
            agency=match.group("agency1") or match.group("agency2") or match.group("agency3"),
            month=MONTHS[month_name.rstrip(".").lower()] if month_name else None,
            day=int(day) if day else None,
            year=int(match.group("year")) if match.group("year") else None,
            span=Span(span.begin + match.start(), span.begin + match.end()),
        )
    return None


def _is_dateline(match: re.Match[str], paragraph: str) -> bool:
    """A bare "PLACE —" counts only when the dash is not the first of a parenthetical pair; a place
    not in capitals ("Warsaw, 3 March 2025 /PAP/ -") only with a date or agency and a dash (or both),
    since a sentence may start with a place name ("The President (Putin) said") too."""
    dated = bool(match.group("month") or match.group("month2"))
    agency = bool(match.group("agency1") or match.group("agency2") or match.group("agency3"))
    dash = "—" if match.group(0).strip().endswith("--") else match.group(0).strip()[-1:]  # "--" types an em dash
    if not match.group("place").replace(" ", "").replace(".", "").isupper():
        return (dated or agency) and (dash in "—–-" or (dated and agency))
    if dated or agency or match.group("country"):
        return True
    return dash in "—–" and paragraph.count(dash) + paragraph.count("--") == 1


def parse_title(text: str, content: tuple[Span, ...]) -> str | None:
    """The first body line that reads as a headline: short and without a closing full stop; a
    section name of a few words above another such line ("Russia-Ukraine war") is no headline."""
    lines = [text[span.begin : span.end].strip() for span in content[:5]]
    for number, line in enumerate(lines[:4]):
        if _is_headline(line):
            kicker = len(line.split()) <= _KICKER_WORDS and number + 1 < len(lines) and _is_headline(lines[number + 1])
            return lines[number + 1] if kicker else line
    return None


def _is_headline(line: str) -> bool:
    return 2 <= len(line.split()) <= 25 and not line.endswith((".", ":", "—", "–", "-"))


# --- page timestamps ---------------------------------------------------------------------------

_WEEKDAY = r"(?i:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?)"
_CLOCK = r"\d{1,2}[:.]\d{2}(?:\s?(?i:[ap]\.?m\.?))?(?:\s?[A-Z]{2,4}(?:[+-]\d{1,2}(?::?\d{2})?)?)?"
_STAMP_ITEM = re.compile(
    rf"""(?:(?i:(?:last\s+|first\s+)?(?P<label>updated|published|posted|modified)(?:\s+on)?:?)\s*)?
    (?:{_CLOCK}
      | (?:{_WEEKDAY}\s+)?(?i:(?P<month>{_MONTH}))\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})
      | (?:{_WEEKDAY}\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?i:(?P<month2>{_MONTH})),?\s+(?P<year2>\d{{4}})
      | (?P<year3>\d{{4}})-(?P<month3>\d{{2}})-(?P<day3>\d{{2}})
      | \d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}
      | \d+\s+(?i:min(?:ute)?s?|hours?|days?)\s+(?i:ago|read))""",
    re.VERBOSE,
)
_PARAGRAPH_WORDS = 15
_BYLINE_START = re.compile(r"^by\s", re.IGNORECASE)
# A whole line of such items: "Updated 14:32 GMT, 3 March 2025", "March 3, 2025 2:14 PM GMT+1Updated 2 hours ago",
# "Published 23 January 2024, 18:40 GMT | Updated ...": when the page says it was published, not the story.
_STAMP = re.compile(
    rf"^(?:[\s|·•,/–—-]*(?:{re.sub(r'[?]P<[a-z0-9]+>', '', _STAMP_ITEM.pattern)}))+[\s|·•,/–—-]*$", re.VERBOSE
)


def is_timestamp(line: str) -> bool:
    """Whether a line (stripped) is nothing but the page's publication or update time."""
    return bool(_STAMP.match(line))


def parse_stamp_date(text: str, content: tuple[Span, ...]) -> str | None:
    """The date of the page's timestamp, ``YYYY-MM-DD``, preferring one not labelled "updated": from
    a timestamp line or a byline ("by Jane Doe March 3, 2025 4:12 PM") left out of the story.

    Only lines above the story's second paragraph count: those below may date related stories.
    """
    found: list[tuple[bool, str]] = []
    for line in _furniture_lines(text, content, _head_end(text, content)):
        if not (is_timestamp(line) or _BYLINE_START.match(line)):
            continue
        for item in _STAMP_ITEM.finditer(line):
            day = _stamp_day(item)
            if day:
                found.append(((item.group("label") or "").lower() in ("updated", "modified"), day))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def _furniture_lines(text: str, content: tuple[Span, ...], end: int) -> Iterator[str]:
    """The lines before ``end`` that are no part of the story, stripped."""
    begin = piece = 0  # both in text order: walk them together
    for line in text[:end].splitlines(keepends=True):
        span = Span(begin, begin + len(line))
        begin = span.end
        while piece < len(content) and content[piece].end <= span.begin:
            piece += 1
        if piece == len(content) or not content[piece].overlaps(span):
            yield line.strip()


def _head_end(text: str, content: tuple[Span, ...]) -> int:
    paragraphs = [span for span in content if len(text[span.begin : span.end].split()) >= _PARAGRAPH_WORDS]
    return paragraphs[1].begin if len(paragraphs) > 1 else len(text)


def _stamp_day(match: re.Match[str]) -> str | None:
    month_name = match.group("month") or match.group("month2")
    year = match.group("year") or match.group("year2") or match.group("year3")
    day = match.group("day") or match.group("day2") or match.group("day3")
    if not year or not day:
        return None
    month = MONTHS[month_name.rstrip(".").lower()] if month_name else int(match.group("month3"))
    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None
