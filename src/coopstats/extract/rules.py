"""The language tables (tables/<lang>.toml) read and compiled once per language.

Each table holds the words of one language: qualifiers, metric nouns, status cues, date
templates, ordinals, series names. The code that reads a text is the same for every language;
only the table changes. Month names come from Babel (CLDR) rather than the tables.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from babel import Locale

from coopstats.extract.mentions import fold_name

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
_FLAGS = re.IGNORECASE


def _any(patterns: list[str]) -> re.Pattern[str] | None:
    """One regex matching any of the patterns, or None for an empty list."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), _FLAGS)


def _cjk(text: str) -> bool:
    """Whether text holds Chinese characters (which have no word boundaries)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _approximation(phrase: str, word: str) -> str:
    """A whole-word pattern for an approximation ("une trentaine"); any occurrence in Chinese."""
    if _cjk(phrase):
        return re.escape(phrase)
    return word + re.escape(phrase) + r"(?=\W|$)"


def _breaker(word: str) -> str:
    """A word that ends a number's phrase: a whole word, or any occurrence in Chinese."""
    if _cjk(word):
        return re.escape(word)
    return rf"(?:^|\s){re.escape(word)}(?=\s|$)"


def _phrases(phrases: list[str]) -> str:
    """An alternation of literal phrases, longest first."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True)
class Rules:
    """The compiled table of one language."""

    language: str
    table: dict
    stopwords: frozenset[str]
    number_words: frozenset[str]
    number_joiners: frozenset[str]
    lexicon: dict[str, int]
    multipliers: dict[str, int]
    approximations: list[tuple[re.Pattern[str], int, str]]
    qualifiers_before: list[tuple[re.Pattern[str], str]]
    qualifiers_after: list[tuple[re.Pattern[str], str]]
    metric_gap: int
    metrics: list[tuple[re.Pattern[str], str]]
    breakers: re.Pattern[str] | None
    range_connector: re.Pattern[str] | None
    scopes: list[tuple[re.Pattern[str], str]]
    scope_exclude: re.Pattern[str] | None
    pre_event: re.Pattern[str] | None
    invited: re.Pattern[str] | None
    attended_despite: re.Pattern[str] | None
    figure_not_event: re.Pattern[str] | None
    participant_exclude: re.Pattern[str] | None
    video: re.Pattern[str] | None
    in_person: re.Pattern[str] | None
    mixed_mode: re.Pattern[str] | None
    speaker: re.Pattern[str] | None
    co_chair: re.Pattern[str] | None
    organiser: re.Pattern[str] | None
    date_ranges: list[re.Pattern[str]]
    date_singles: list[re.Pattern[str]]
    months: dict[str, int]
    date_not_event: re.Pattern[str] | None
    event_verbs: re.Pattern[str] | None
    edition_patterns: list[re.Pattern[str]]
    ordinals: dict[str, int]
    sub_forum: re.Pattern[str] | None
    side_meeting: re.Pattern[str] | None
    place_before: re.Pattern[str] | None
    country_before: re.Pattern[str] | None
    series: dict[str, list[str]]
    aliases: dict[str, list[str]]


def _month_names(lang: str, extra: dict[str, int]) -> dict[str, int]:
    """Folded month name -> month number: CLDR wide and abbreviated names, both contexts."""
    locale = Locale.parse("zh_Hans" if lang == "zh" else lang)
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                key = name.strip(".").strip()
                if len(fold_name(key)) >= 3:
                    names[key.casefold()] = number
    for name, number in extra.items():
        names[name.casefold()] = int(number)
    return names


def _date_template(template: str, months: dict[str, int]) -> re.Pattern[str]:
    month = _phrases(list(months)) or r"(?!x)x"
    day = r"\d{1,2}(?!\d)"
    pattern = (
        template.replace("{D1}", rf"(?P<d1>{day})")
        .replace("{D2}", rf"(?P<d2>{day})")
        .replace("{M1}", rf"(?P<m1>{month})\.?")
        .replace("{M2}", rf"(?P<m2>{month})\.?")
        .replace("{MN1}", r"(?P<mn1>\d{1,2})")
        .replace("{MN2}", r"(?P<mn2>\d{1,2})")
        .replace("{Y1}", r"(?P<y1>(?:19|20)\d{2})")
        .replace("{Y}", r"(?P<y>(?:19|20)\d{2})")
    )
    return re.compile(pattern, _FLAGS)


def load_rules(lang: str) -> Rules:
    """Read and compile tables/<lang>.toml."""
    text = (
        resources.files("coopstats.extract")
        .joinpath("tables")
        .joinpath(f"{lang}.toml")
        .read_text("utf-8")
    )
    table = tomllib.loads(text)
    metrics = table["metrics"]
    dates = table["dates"]
    edition = table["edition"]
    months = _month_names(lang, dates.get("extra_months", {}))
    # Where a word may start: after a non-word character, or after a proclitic the table allows
    # (Arabic و, ف: "وأزيد من").
    word = r"(?:(?<=\W)|^)" + table.get("word_prefix", "")
    return Rules(
        language=lang,
        table=table,
        stopwords=frozenset(table.get("stopwords", [])),
        number_words=frozenset(w.casefold() for w in table.get("number_words", [])),
        number_joiners=frozenset(table.get("number_joiners", [])),
        lexicon={k.casefold(): int(v) for k, v in table.get("numbers", {}).items()},
        multipliers={k.casefold(): int(v) for k, v in table.get("multipliers", {}).items()},
        approximations=[
            (
                re.compile(_approximation(k, word), _FLAGS),
                int(v[0]),
                v[1],
            )
            for k, v in sorted(table.get("approximations", {}).items(), key=lambda kv: -len(kv[0]))
        ],
        qualifiers_before=[
            (re.compile(("" if _cjk(p) else word) + p + r"\s*$", _FLAGS), q)
            for p, q in sorted(table["qualifiers"]["before"], key=lambda pq: -len(pq[0]))
        ],
        qualifiers_after=[
            (re.compile(r"^\s*" + p, _FLAGS), q) for p, q in table["qualifiers"].get("after", [])
        ],
        metric_gap=int(metrics.get("gap", 4)),
        metrics=[(re.compile(p, _FLAGS), m) for p, m in metrics["patterns"]],
        breakers=_any([_breaker(b) for b in metrics.get("breakers", [])]),
        range_connector=_any([rf"\s*{c}\s*" for c in metrics.get("range", [])]),
        scopes=[(re.compile(p, _FLAGS), s) for p, s in table["scopes"]["patterns"]],
        scope_exclude=_any(table["scopes"].get("exclude", [])),
        pre_event=_any(table["status"].get("pre_event", [])),
        invited=_any(table["status"].get("invited", [])),
        attended_despite=_any(table["status"].get("attended_despite", [])),
        figure_not_event=_any(table["status"].get("not_event", [])),
        participant_exclude=_any(table["participants"].get("exclude", [])),
        video=_any(table["participants"].get("video", [])),
        in_person=_any(table["participants"].get("in_person", [])),
        mixed_mode=_any(table["participants"].get("mixed_mode", [])),
        speaker=_any(table["participants"].get("speaker", [])),
        co_chair=_any(table["participants"].get("co_chair", [])),
        organiser=_any(table["participants"].get("organiser", [])),
        date_ranges=[_date_template(t, months) for t in dates.get("ranges", [])],
        date_singles=[_date_template(t, months) for t in dates.get("singles", [])],
        months=months,
        date_not_event=_any(dates.get("not_event", [])),
        event_verbs=_any(dates.get("event_verbs", [])),
        edition_patterns=[re.compile(p) for p in edition.get("patterns", [])],
        ordinals={k.casefold(): int(v) for k, v in edition.get("ordinals", {}).items()},
        sub_forum=_any(edition.get("sub_forum", [])),
        side_meeting=_any(edition.get("side_meeting", [])),
        place_before=_any(table["place"].get("before", [])),
        country_before=_any(table["place"].get("country_before", [])),
        series={k: list(v) for k, v in table.get("series", {}).items()},
        aliases={k: list(v) for k, v in table.get("aliases", {}).items()},
    )
