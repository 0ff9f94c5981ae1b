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

The aggregation layer writes reported labels in English (">240", "50–51", "~2,000", ">240 /
~240"); `label()` rewrites the numbers of such a label for a language at display time, keeping
its qualifier signs and separators.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from babel import Locale, dates
from babel import numbers as babel_numbers

from coopstats.i18n import CLDR_LOCALES
from coopstats.schema import QUALIFIERS

# Digits of the CLDR numbering systems Babel might name as a locale's default.
_DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
}
# A whole number in a label: 2,000 or 240 as the aggregation layer writes them, or already written
# for a language (2 000, 2.000, 2٬000), so that `label()` can be applied twice. Signs are kept.
_LABEL_NUMBER = re.compile(r"\d{1,3}(?:[,.\u00a0\u202f\u066c]\d{3})+(?!\d)|\d+")


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


def label(text: object, lang: str = "en") -> str:
    """A label written by the aggregation layer (English numbers) rewritten for `lang`.

    ">240 / ~2,000" -> ">240 / ~2 000" in French. Missing values give "". English is unchanged,
    and a label already written for a language is left as it is (applying it twice is harmless).
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    text = str(text)
    if lang == "en" or not text:
        return text
    return _label(text, lang)


@lru_cache(maxsize=65536)
def _label(text: str, lang: str) -> str:
    # Tables of thousands of events repeat a few hundred labels.
    return _LABEL_NUMBER.sub(lambda m: number(int(re.sub(r"\D", "", m.group())), lang), text)


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
