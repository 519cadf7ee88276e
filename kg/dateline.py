"""Datelines and titles: where and by whom an article was filed, and what it is called.

Handles the usual wire forms: "MOSCOW, June 6. /TASS/.", "BRUSSELS (AP) —",
"MOSCOW. June 1 (Interfax) –", "KAPUSTIN YAR /Astrakhan Region/, September 25.",
"MOSCOW, Russia –".
"""

from __future__ import annotations

import re
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
_DATELINE = re.compile(
    rf"""^(?P<place>[A-Z][A-Z'’-]+(?:\.(?=\s[A-Z]{{2}}))?(?:\s+[A-Z][A-Z'’-]+){{0,4}})      # MOSCOW, KAPUSTIN YAR PROVING GROUND
        (?:\s*/[^/\n]{{1,40}}/)?                                      # /Astrakhan Region/
        (?:,\s*(?P<country>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=\s*[–—-]))? # , Russia –
        (?:[,.]?\s*(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?\.?)?
        \s*(?:/(?P<agency1>[A-Za-z-]{{2,20}})/\.?|\((?P<agency2>[A-Za-z-]{{2,20}})\))?
        \s*[–—-]?\s""",
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
        if len(place) < 3 or not place.replace(" ", "").replace(".", "").isupper():
            continue
        month = MONTHS.get(match.group("month").rstrip(".").lower()) if match.group("month") else None
        return Dateline(
            place=place.title(),
            agency=match.group("agency1") or match.group("agency2"),
            month=month,
            day=int(match.group("day")) if match.group("day") else None,
            year=int(match.group("year")) if match.group("year") else None,
            span=Span(span.begin + match.start(), span.begin + match.end()),
        )
    return None


def _is_dateline(match: re.Match[str], paragraph: str) -> bool:
    """A bare "PLACE —" counts only when the dash is not the first of a parenthetical pair."""
    if match.group("month") or match.group("agency1") or match.group("agency2") or match.group("country"):
        return True
    dash = match.group(0).strip()[-1:]
    return dash in "—–" and paragraph.count(dash) == 1


def parse_title(text: str, content: tuple[Span, ...]) -> str | None:
    """The first body line that reads as a headline: short and without a closing full stop."""
    for span in content[:4]:
        line = text[span.begin : span.end].strip()
        if 2 <= len(line.split()) <= 25 and not line.endswith((".", ":")):
            return line
    return None
