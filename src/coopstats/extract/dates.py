"""Dates of an event: ranges in each language's forms from the table's templates (month names
from Babel), single dates read with dateparser. The year, when the text omits it, is the one
nearest the publication date, or the year the text gives beside the forum's name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from coopstats.extract.rules import Rules

_PARSER_LANGUAGES = {"zh": "zh"}


@dataclass(frozen=True)
class DateMention:
    """A date or a range read from text[start:end]; year None when the text omits it."""

    start: int
    end: int
    first: tuple[int | None, int, int]
    last: tuple[int | None, int, int] | None


def _month(rules: Rules, name: str | None, number: str | None) -> int | None:
    if number:
        return int(number)
    if name:
        return rules.months.get(name.casefold().strip("."))
    return None


def _single_with_dateparser(text: str, rules: Rules) -> tuple[int, int] | None:
    """(month, day) of a single date written in the text's language, read by dateparser."""
    parsed = dateparser.parse(
        text,
        languages=[_PARSER_LANGUAGES.get(rules.language, rules.language)],
        settings={"REQUIRE_PARTS": ["day", "month"], "PREFER_DAY_OF_MONTH": "first"},
    )
    return (parsed.month, parsed.day) if parsed else None


def find_dates(text: str, rules: Rules) -> list[DateMention]:
    """Every date range and single date, ranges first where they overlap, in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in rules.date_ranges:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            groups = m.groupdict()
            m2 = _month(rules, groups.get("m2"), groups.get("mn2"))
            m1 = _month(rules, groups.get("m1"), groups.get("mn1")) or m2
            if m1 is None:
                continue
            m2 = m2 or m1
            year = groups.get("y")
            y2 = int(year) if year else None
            y1 = int(groups["y1"]) if groups.get("y1") else y2
            if y1 is not None and y2 is not None and m2 < m1 and y1 == y2 and not groups.get("y1"):
                y1 = y2 - 1
            first = (y1, m1, int(groups["d1"]))
            last = (y2, m2, int(groups["d2"]))
            found.append(DateMention(m.start(), m.end(), first, last))
            taken.append((m.start(), m.end()))
    for pattern in rules.date_singles:
        for m in pattern.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            groups = m.groupdict()
            read = _single_with_dateparser(m.group(), rules)
            month = _month(rules, groups.get("m1"), groups.get("mn1"))
            if read is not None and (month is None or read[0] == month):
                month, day = read
            else:
                day = int(groups["d1"])
            if month is None:
                continue
            year = int(groups["y"]) if groups.get("y") else None
            found.append(DateMention(m.start(), m.end(), (year, month, day), None))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def resolve_year(
    month: int, day: int, year: int | None, published: dt.date | None, context_year: int | None
) -> int | None:
    """The year of a date: its own, else the one nearest the publication date, else the text's."""
    if year is not None:
        return year
    if published is not None:
        best = None
        for candidate in (published.year - 1, published.year, published.year + 1):
            try:
                distance = abs((dt.date(candidate, month, day) - published).days)
            except ValueError:
                continue
            if best is None or distance < best[0]:
                best = (distance, candidate)
        return best[1] if best else None
    return context_year


def iso(year: int | None, month: int, day: int) -> str | None:
    """YYYY-MM-DD, or None for an impossible date or an unknown year."""
    if year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
