"""The event a news item reports: its series, edition number and kind, its dates and its place,
and whether the item speaks before it. Each reader records in ctx.spans where it read its field."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from coopstats.extract import dates as datemod
from coopstats.extract.context import Context
from coopstats.extract.mentions import Mention, fold_name
from coopstats.extract.places import Gazetteer
from coopstats.extract.quantities import chinese_numerals
from coopstats.extract.rules import Rules

_PARENTHETICAL = re.compile(r"\s*\(([^()]{1,40})\)")
# What follows a city that opens a line when the line is a dateline: a dash, or a comma and
# more of the dateline ("ISTANBUL, Turkey –", "АММАН, 5 окт -", "Quito-", "Viena (Austria) —").
_DATELINE = re.compile(r"(?:\s*\([^()]{1,40}\))?\s*(?:[–—-]|,[^.\n]{0,40}?[–—-])")


def series(ctx: Context) -> str | None:
    found = [m for m in ctx.mentions if m.kind == "series"]
    for m in found:
        end = m.end
        paren = _PARENTHETICAL.match(ctx.text, end)
        if paren:
            end = paren.end()
        ctx.series_spans.append((m.start, end))
    if not found:
        return None
    counts = Counter(m.code for m in found)
    first: dict[str, Mention] = {}
    for m in found:
        first.setdefault(m.code, m)
    chosen = max(counts, key=lambda s: (counts[s], -first[s].start))
    ctx.spans["series_id"] = [first[chosen].start, first[chosen].end]
    return chosen


def edition_number(ctx: Context) -> int | None:
    """The ordinal nearest the first mention of the series that has one within 60 characters
    in its sentence (a later mention is often another edition: "the 93rd will be held...")."""
    for a, b in ctx.series_spans:
        s_start, s_end = ctx.sentence_of(a)
        sentence = ctx.text[s_start:s_end]
        best: tuple[int, int, list[int]] | None = None
        for pattern in ctx.rules.edition_patterns:
            for m in pattern.finditer(sentence):
                value = _ordinal_value(m, ctx.rules)
                if value is None:
                    continue
                pos = s_start + m.start()
                distance = a - (s_start + m.end()) if pos < a else pos - b
                if -1 <= distance <= 60 and (best is None or distance < best[0]):
                    best = (distance, value, [pos, s_start + m.end()])
        if best is not None:
            ctx.spans["edition_number"] = best[2]
            return best[1]
    return None


def kind(ctx: Context) -> str:
    lead = ctx.text[: ctx.sentences[0][1]] if ctx.sentences else ""
    head = f"{ctx.title or ''}\n{lead}"
    if ctx.rules.sub_forum and ctx.rules.sub_forum.search(head):
        return "sub_forum"
    if ctx.rules.side_meeting and ctx.rules.side_meeting.search(head):
        return "side_meeting"
    return "edition"


def context_year(ctx: Context) -> int | None:
    """A year in the title, else beside the first mention of the series, else None."""
    places = [ctx.title or ""]
    if ctx.series_spans:
        s_start, s_end = ctx.sentence_of(ctx.series_spans[0][0])
        places.append(ctx.text[s_start:s_end])
    for place in places:
        match = datemod.YEAR.search(place)
        if match:
            return int(match.group())
    return None


def dates(
    ctx: Context,
    year_hint: int | None,
    skip: list[tuple[int, int]] = (),
    within: tuple[int, int] | None = None,
) -> tuple[str | None, str | None, list[int] | None]:
    """The event's start and end dates, and where they were read ([start, end) or None)."""
    candidates = []
    for d in datemod.find_dates(ctx.text, ctx.rules):
        if ctx.near(ctx.rules.date_not_event, d.start, d.end):
            continue
        if any(a <= d.start < b for a, b in skip):
            continue
        if within is not None and not within[0] <= d.start < within[1]:
            continue
        ranged = d.last is not None
        verb = ctx.in_sentence(ctx.rules.event_verbs, d.start) or ctx.in_sentence(
            ctx.rules.sub_forum, d.start
        )
        series = any(ctx.sentence_of(a) == ctx.sentence_of(d.start) for a, _ in ctx.series_spans)
        if not ranged and not (verb or series):
            continue
        candidates.append((0 if ranged else 1, 0 if series else 1, d.start, d))
    if not candidates:
        return None, None, None
    d = min(candidates, key=lambda c: c[:3])[3]
    y1, m1, d1 = d.first
    year1 = datemod.resolve_year(m1, d1, y1, ctx.published, year_hint)
    start = datemod.iso(year1, m1, d1)
    end = None
    if d.last is not None:
        y2, m2, d2 = d.last
        year2 = y2 if y2 is not None else year1
        if year2 is not None and y2 is None and (m2, d2) < (m1, d1):
            year2 += 1
        end = datemod.iso(year2, m2, d2)
    return start, end, [d.start, d.end]


def is_future(ctx: Context, start: str | None, *positions: int) -> bool:
    """Whether the text speaks before the event: dated after publication, or in the future
    tense where it gives the event's date or place."""
    if start and ctx.published and dt.date.fromisoformat(start) > ctx.published:
        return True
    return any(pos >= 0 and ctx.near(ctx.rules.pre_event, pos, pos + 1) for pos in positions)


def place(
    ctx: Context, gazetteer: Gazetteer, iso2_to_iso3: dict[str, str], known_cities: set[str]
) -> tuple[str | None, str | None]:
    """The city and the host country; ctx.place keeps the words they were read from.

    known_cities: the folded names of the cities of the bundled events (a city seen before
    counts for a little more)."""
    best = None
    for m in ctx.mentions:
        if m.kind != "city" or ctx.in_series(m.start, m.end):
            continue
        if ctx.near(ctx.rules.participant_exclude, m.start, m.end):
            continue
        city = gazetteer.cities[m.code]
        score = _place_score(ctx, m, iso2_to_iso3.get(city.iso2))
        if fold_name(city.name) in known_cities:
            score += 1
        key = (score, city.population > 0, -m.start, city.population)
        if score >= 3 and (best is None or key > best[0]):
            best = (key, city, m)
    if best is not None:
        city = best[1]
        ctx.place = best[2]
        return city.name, iso2_to_iso3.get(city.iso2)
    for m in ctx.mentions:
        if m.kind != "country" or ctx.in_series(m.start, m.end):
            continue
        before = ctx.text[max(0, m.start - 20) : m.start]
        if not (ctx.rules.country_before and ctx.rules.country_before.search(before)):
            continue
        lead = m.start < (ctx.sentences[0][1] if ctx.sentences else 0)
        if (
            lead
            or ctx.in_sentence(ctx.rules.event_verbs, m.start)
            or any(ctx.sentence_of(a) == ctx.sentence_of(m.start) for a, _ in ctx.series_spans)
        ):
            ctx.place = m
            return None, m.code
    return None, None


def _place_score(ctx: Context, m: Mention, country: str | None) -> int:
    """How strongly the text says the event is in the city it names at m.

    A locative word just before the name counts most; a dateline ("Rabat–", "АММАН, 5 окт -")
    says where the story was filed, so it counts little; a city named in the future tense
    is more often the next edition's than this one's.
    """
    rules = ctx.rules
    line_start = ctx.text.rfind("\n", 0, m.start) + 1
    before = ctx.text[max(line_start, m.start - 40) : m.start]
    score = 0
    if not before.strip():
        score += 1 if _DATELINE.match(ctx.text, m.end) else 3
    elif rules.place_before and rules.place_before.search(before):
        score += 3
    sentence = ctx.sentence_of(m.start)
    if any(
        c.kind == "country" and c.code == country and ctx.sentence_of(c.start) == sentence
        for c in ctx.mentions
    ):
        score += 1
    if ctx.in_sentence(rules.event_verbs, m.start) or any(
        ctx.sentence_of(a) == ctx.sentence_of(m.start) for a, _ in ctx.series_spans
    ):
        score += 1
    if ctx.in_sentence(rules.pre_event, m.start):
        score -= 1
    return score


def _ordinal_value(match: re.Match[str], rules: Rules) -> int | None:
    groups = match.groupdict()
    for name in ("n", "n2"):
        if groups.get(name):
            return int(groups[name])
    if groups.get("r"):
        return _roman(groups["r"])
    word = groups.get("w")
    if word:
        if word.isdigit():
            return int(word)
        value = rules.ordinals.get(word.casefold())
        if value is not None:
            return value
        if rules.language == "zh":
            values = chinese_numerals(word)
            return values[0][2] if values else None
    return None


def _roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        if i + 1 < len(text) and values[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total or None
