"""Numbers, reported ranges and dates written the way each interface language writes them.

Everything goes through Babel (CLDR): "2,000" in English, "2 000" in French (a narrow no-break
space), "2 000" in Russian (a no-break space), "2.000" in Spanish, "2,000" in Chinese.

Arabic: Babel 2.19 carries CLDR 47, whose default numbering system for `ar` (the generic
Arabic locale, as used across the Maghreb and the Gulf) is `latn`, so Arabic numbers are written
with the digits 0-9 and "," as the group separator, exactly as Babel gives them. For a locale
whose CLDR default numbering system is `arab` (ar_EG, ar_SA...) Babel only switches the symbols,
not the digits, so `number()` also maps the digits to ٠١٢٣٤٥٦٧٨٩; nothing in the app uses such
a locale today. Latin digits in Arabic also match the charts, whose axis ticks Plotly always
writes with 0-9.

Aggregations return reported figures as numbers and qualifier codes (value_min, value_max and
the qualifiers at each, see aggregate/reported.py); `reported()` writes them for a language
(">240", "50–51", "~2 000", ">240 / ~240").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import pandas as pd
from babel import Locale, dates
from babel import numbers as babel_numbers

from coopstats.i18n import CLDR_LOCALES
from coopstats.schema import QUALIFIERS

# Digits of the CLDR numbering systems Babel might name as a locale's default.
_DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
}


def locale_of(lang: str) -> str:
    """The CLDR locale of an interface language ("zh" -> "zh_Hans"); English when unknown."""
    return CLDR_LOCALES.get(lang, "en")


@lru_cache(maxsize=32)
def numbering_system(lang: str) -> str:
    """CLDR's default numbering system of the language's locale ("latn" for all six today)."""
    return Locale.parse(locale_of(lang)).default_numbering_system


def _digits(text: str, lang: str) -> str:
    digits = _DIGITS.get(numbering_system(lang))
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def number(value: object, lang: str = "en") -> str:
    """A whole number with the language's group separator: 2000 -> "2,000", "2 000", "2.000"."""
    return _number(int(value), lang)  # type: ignore[call-overload]


@lru_cache(maxsize=65536)
def _number(value: int, lang: str) -> str:
    # Babel takes about 50 µs a number; a table of reported figures repeats the same few
    # thousand values, so each (value, language) is formatted once per process.
    text = babel_numbers.format_decimal(value, locale=locale_of(lang), numbering_system="default")
    return _digits(text, lang)


def year(value: object, lang: str = "en") -> str:
    """A year, never grouped ("2025", not "2,025")."""
    return _digits(str(int(value)), lang)  # type: ignore[call-overload]


def percent(value: float, lang: str = "en") -> str:
    """A share as a whole percentage in the locale's pattern: 0.42 -> "42%", "42 %" in French."""
    text = babel_numbers.format_percent(value, locale=locale_of(lang), numbering_system="default")
    return _digits(text, lang)


def count(value: int, qualifier: str = "exact", lang: str = "en") -> str:
    """A reported number with its qualifier sign: 2000 'nearly' -> "~2,000" ("~2 000" in French)."""
    return f"{QUALIFIERS[qualifier]['sign']}{number(value, lang)}"


def range_label(values: list[int], qualifiers: list[str], lang: str = "en") -> str:
    """One metric's values from several sources: ">240", "50–51", ">240 / ~240" (or "" for none).

    Sources that agree are shown once with their qualifier; disagreeing values as a range whose
    ends keep their qualifier when it is the only one at that value.
    """
    order = list(QUALIFIERS)
    pairs = sorted(
        set(zip(values, qualifiers, strict=True)), key=lambda p: (p[0], order.index(p[1]))
    )
    if not pairs:
        return ""
    lo, hi = pairs[0][0], pairs[-1][0]
    if lo == hi:
        return " / ".join(count(v, q, lang) for v, q in pairs)
    lo_q = {q for v, q in pairs if v == lo}
    hi_q = {q for v, q in pairs if v == hi}
    lo_label = count(lo, next(iter(lo_q)), lang) if len(lo_q) == 1 else number(lo, lang)
    hi_label = count(hi, next(iter(hi_q)), lang) if len(hi_q) == 1 else number(hi, lang)
    return f"{lo_label}–{hi_label}"


def reported(
    value_min: object,
    value_max: object,
    qualifiers_min: str | Sequence[str],
    qualifiers_max: str | Sequence[str],
    lang: str = "en",
) -> str:
    """A reported figure as its sources give it, written for `lang`; "" when nothing was reported.

    `value_min` and `value_max` are the lowest and highest value the sources give, and
    `qualifiers_min` and `qualifiers_max` the qualifier codes given with each (";"-joined, as
    aggregations return them, or a sequence): ">240", "50–51", ">240 / ~240" (range_label).
    """
    if _missing(value_min):
        return ""
    lo, hi = int(value_min), int(value_max if not _missing(value_max) else value_min)  # type: ignore[call-overload]
    at_lo, at_hi = _codes(qualifiers_min), _codes(qualifiers_max) or _codes(qualifiers_min)
    pairs = [(lo, q) for q in at_lo or ["exact"]] + [(hi, q) for q in at_hi or ["exact"]]
    values, qualifiers = zip(*pairs, strict=True)
    return range_label(list(values), list(qualifiers), lang)


def reported_in(row: Mapping[str, object], lang: str = "en", headline: str | None = None) -> str:
    """The reported figure of an aggregation's row, written for `lang` ("" when none).

    The row's columns are value_min, value_max, qualifiers_min and qualifiers_max, or with a
    `headline` (event_summary's "participants", "countries"...) <headline>_min, <headline>_max,
    <headline>_qualifiers_min and <headline>_qualifiers_max.
    """
    if headline is None:
        keys = ("value_min", "value_max", "qualifiers_min", "qualifiers_max")
    else:
        keys = tuple(f"{headline}_{k}" for k in ("min", "max", "qualifiers_min", "qualifiers_max"))
    lo, hi, at_lo, at_hi = (row[k] for k in keys)
    return reported(lo, hi, str(at_lo or ""), str(at_hi or ""), lang)


def reported_column(
    frame: pd.DataFrame, lang: str = "en", headline: str | None = None
) -> pd.Series:
    """reported_in of every row of an aggregation's frame (same index), as text."""
    if headline is None:
        keys = ["value_min", "value_max", "qualifiers_min", "qualifiers_max"]
    else:
        keys = [f"{headline}_{k}" for k in ("min", "max", "qualifiers_min", "qualifiers_max")]
    lo, hi, at_lo, at_hi = (frame[k].tolist() for k in keys)
    written = [
        ""
        if _missing(a)
        else _reported(int(a), int(a if _missing(b) else b), str(c or ""), str(d or ""), lang)
        for a, b, c, d in zip(lo, hi, at_lo, at_hi, strict=True)
    ]
    return pd.Series(written, index=frame.index, dtype="str")


@lru_cache(maxsize=65536)
def _reported(lo: int, hi: int, at_lo: str, at_hi: str, lang: str) -> str:
    # Tables of thousands of events repeat a few hundred figures.
    return reported(lo, hi, at_lo, at_hi, lang)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _codes(codes: str | Sequence[str]) -> list[str]:
    if isinstance(codes, str):
        return [c for c in codes.split(";") if c]
    return [str(c) for c in codes if c and not _missing(c)]


def date(value: object, lang: str = "en") -> str:
    """An ISO date, possibly reduced to a month or a year, written for `lang`.

    "2025-09-15" -> "15 Sept 2025" / "15 sept. 2025" / "2025年9月15日"; "2025-09" -> "Sept 2025";
    "2025" -> "2025". Anything else is returned as it is.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return _date(str(value).strip(), lang)


@lru_cache(maxsize=65536)
def _date(text: str, lang: str) -> str:
    # Babel's skeleton formatting takes about 100 µs; hover texts repeat the same dates.
    locale = locale_of(lang)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = dt.date.fromisoformat(text)
            return _digits(dates.format_skeleton("yMMMd", day, locale=locale), lang)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            day = dt.date.fromisoformat(f"{text}-01")
            return _digits(dates.format_skeleton("yMMM", day, locale=locale), lang)
    except ValueError:
        return text
    if re.fullmatch(r"\d{4}", text):
        return year(text, lang)
    return text


@lru_cache(maxsize=32)
def _list_middle(lang: str) -> str:
    return Locale.parse(locale_of(lang)).list_patterns["standard"]["middle"]


def join(items: list[str] | tuple[str, ...], lang: str = "en") -> str:
    """Items run together as the language does it: "A, B, C"; "A、B、C"; "A وB وC" (CLDR)."""
    items = [str(i) for i in items]
    if not items:
        return ""
    pattern = _list_middle(lang)
    out = items[-1]
    for item in reversed(items[:-1]):
        out = pattern.replace("{0}", item).replace("{1}", out)
    return out
