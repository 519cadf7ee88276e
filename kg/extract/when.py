"""Resolving "on Monday", "last week", "yesterday" to dates, only as precisely as the text allows."""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.dateline import MONTHS

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})(?:,?\s+(\d{4}))?\b")


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve(expression: str, reference: date | None) -> str | None:
    """An ISO date (or year-month, or year) for a time expression, given the article's date."""
    text = expression.casefold().strip()
    absolute = _absolute(text, reference)
    if absolute:
        return absolute
    if reference is None:
        return None
    if text in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        return reference.isoformat()
    if text in ("yesterday", "late yesterday"):
        return (reference - timedelta(days=1)).isoformat()
    for number, name in enumerate(_WEEKDAYS):
        if name in text:
            back = (reference.weekday() - number) % 7
            if "last" in text and back == 0:
                back = 7
            return (reference - timedelta(days=back)).isoformat()
    if text == "last week":
        start = reference - timedelta(days=reference.weekday() + 7)
        end = start + timedelta(days=6)
        return f"{start:%Y-%m}" if start.month == end.month else None
    if text in ("last month",):
        first = reference.replace(day=1) - timedelta(days=1)
        return f"{first:%Y-%m}"
    if text in ("this week",):
        return None
    return None


def _absolute(text: str, reference: date | None) -> str | None:
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        match = pattern.search(text)
        if not match:
            continue
        month = MONTHS.get(match.group(month_group).rstrip("."))
        if not month:
            continue
        year = int(match.group(3)) if match.group(3) else (reference.year if reference else None)
        if year is None:
            return None
        try:
            resolved = date(year, month, int(match.group(day_group)))
        except ValueError:
            return None
        if not match.group(3) and reference and resolved > reference + timedelta(days=2):
            resolved = resolved.replace(year=year - 1)  # "June 6" in a January article is last June
        return resolved.isoformat()
    return None
