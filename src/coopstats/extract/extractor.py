"""Read a news item and propose the draft records: the event, its figures, its participants.

`Extractor.build(dataset)` indexes the names once (countries, territories and organisations from
the resolver's tables, cities from the gazetteer, series from the language tables);
`extractor.draft(text, ...)` returns the draft document described in docs/extraction.md. It is pure:
no network, no model, the same text gives the same draft.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pandas as pd
from rapidfuzz import fuzz, process

from coopstats.extract import dates as datemod
from coopstats.extract.mentions import Mention, NameFinder, fold_name
from coopstats.extract.places import Gazetteer
from coopstats.extract.quantities import Quantity, chinese_numerals, find_quantities
from coopstats.extract.rules import LANGUAGES, Rules, load_rules
from coopstats.extract.text import detect_language, normalise, sentences
from coopstats.schema import METRICS

_PEOPLE = {m for m, spec in METRICS.items() if spec["counts"] == "people"}
_BEFORE, _AFTER = 80, 40
_PARENTHETICAL = re.compile(r"\s*\(([^()]{1,40})\)")
# Between two numbers of one list ("26 pays africains et 31 européens"): at most two words,
# then a conjunction; the second number takes the first one's metric.
_CONJUNCTION = re.compile(
    r"^\s*(?:[^\W\d]+\s+){0,2}?(?:and|et|y|e|и|و|和|及|与|與|、|,)\s*$", re.IGNORECASE
)
# What follows a city that opens a line when the line is a dateline: a dash, or a comma and
# more of the dateline ("ISTANBUL, Turkey –", "АММАН, 5 окт -", "Quito-", "Viena (Austria) —").
_DATELINE = re.compile(r"(?:\s*\([^()]{1,40}\))?\s*(?:[–—-]|,[^.\n]{0,40}?[–—-])")
_CJK_NAME_END = re.compile(r"[、，,。;；\s()（）等及和与與以]")
_FUZZY_NAME_SCORE = 80
# A series' own organiser is not a participant of its own assembly.
_SERIES_ORGANISER = {"interpol-ga": "interpol", "iom-idm": "iom", "grf": "unhcr"}


@dataclass
class _Context:
    text: str
    rules: Rules
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    published: dt.date | None
    title: str | None
    series_spans: list[tuple[int, int]] = field(default_factory=list)
    place: Mention | None = None
    # Where each event field was read: field -> [start, end) (the draft's event "spans").
    spans: dict[str, list[int]] = field(default_factory=dict)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= pos < end:
                return start, end
        return (pos, pos)

    def near(self, pattern: re.Pattern[str] | None, start: int, end: int) -> bool:
        """Whether pattern matches within the sentence, near text[start:end]."""
        if pattern is None:
            return False
        s_start, s_end = self.sentence_of(start)
        window = self.text[max(s_start, start - _BEFORE) : min(s_end, end + _AFTER)]
        return pattern.search(window) is not None

    def in_sentence(self, pattern: re.Pattern[str] | None, pos: int) -> bool:
        if pattern is None:
            return False
        start, end = self.sentence_of(pos)
        return pattern.search(self.text[start:end]) is not None

    def in_series(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.series_spans)


class Extractor:
    """Proposes draft records from news items; build it once with `Extractor.build`."""

    def __init__(
        self,
        finder: NameFinder,
        gazetteer: Gazetteer,
        rules: dict[str, Rules],
        events: pd.DataFrame,
        iso2_to_iso3: dict[str, str],
        organisation_names: dict[str, str],
    ) -> None:
        self.organisation_names = organisation_names
        self.finder = finder
        self.gazetteer = gazetteer
        self.rules = rules
        self.events = events
        self.iso2_to_iso3 = iso2_to_iso3

    @classmethod
    def build(cls, dataset) -> Extractor:
        """Index the names of a loaded Dataset (coopstats.load_dataset())."""
        rules = {lang: load_rules(lang) for lang in LANGUAGES}
        finder = NameFinder()
        countries = dataset.tables.countries
        codes = {str(c).casefold() for c in (*countries["iso2"], *countries["iso3"])}
        for key, iso3 in dataset.countries.keys.items():
            if key not in codes:
                finder.add("country", iso3, key)
        aliases = getattr(dataset.tables, "country_aliases", None)
        if aliases is not None:
            for alias, iso3 in zip(aliases["alias"], aliases["iso3"], strict=True):
                finder.add("country", iso3, alias)
        organisation_names: dict[str, str] = {}
        for row in dataset.tables.organisations.to_dict("records"):
            for name in _organisation_names(row):
                finder.add("organisation", row["org_id"], name)
                organisation_names[name] = row["org_id"]
        city_aliases: dict[str, list[str]] = {}
        known_countries = set(countries["iso3"])
        for lang_rules in rules.values():
            for series_id, names in lang_rules.series.items():
                for name in names:
                    finder.add("series", series_id, name)
            for code, names in lang_rules.aliases.items():
                if code in known_countries:
                    kind = "country"
                elif code in set(dataset.tables.organisations["org_id"]):
                    kind = "organisation"
                else:
                    city_aliases.setdefault(code, []).extend(names)
                    continue
                for name in names:
                    finder.add(kind, code, name)
        events = dataset.tables.events
        gazetteer = Gazetteer(set(events["city"].dropna()), city_aliases)
        gazetteer.add_to(finder)
        iso2_to_iso3 = dict(zip(countries["iso2"], countries["iso3"], strict=True))
        return cls(finder, gazetteer, rules, events, iso2_to_iso3, organisation_names)

    # -- the draft ------------------------------------------------------------------------

    def draft(
        self,
        text: str,
        *,
        published: str | None = None,
        url: str | None = None,
        title: str | None = None,
        lang: str = "auto",
    ) -> dict:
        """The draft document of a text (see docs/extraction.md for its fields)."""
        norm = normalise(text)
        if lang == "auto":
            lang = detect_language(norm, self.rules)
        rules = self.rules[lang]
        published_date = dt.date.fromisoformat(published) if published else None
        ctx = _Context(norm, rules, sentences(norm), self._mentions(norm), published_date, title)
        records = self._records(ctx)
        source = {
            "url": url,
            "title": title,
            "publisher": urlparse(url).hostname if url else None,
            "published_date": published,
            "language": lang,
        }
        return {"source": source, "language": lang, "text": norm, "records": records}

    def _mentions(self, text: str) -> list[Mention]:
        """Names in the text. A name that is both a country and a city is the country ("México");
        in Chinese, an organisation's name that runs on ("联合国难民事务高级专员公署") is the
        organisation whose name is closest to the whole run (rapidfuzz)."""
        found = self.finder.find(text)
        countries = {(m.start, m.end) for m in found if m.kind == "country"}
        out = []
        for m in found:
            if m.kind == "city" and (m.start, m.end) in countries:
                continue
            if m.kind == "organisation" and any("\u4e00" <= ch <= "\u9fff" for ch in m.surface):
                m = self._whole_cjk_name(text, m)
            out.append(m)
        return out

    def _whole_cjk_name(self, text: str, m: Mention) -> Mention:
        stop = _CJK_NAME_END.search(text, m.end)
        end = stop.start() if stop else len(text)
        run = text[m.start : end]
        if len(run) <= len(m.surface) + 1:
            return m
        best = process.extractOne(run, list(self.organisation_names), scorer=fuzz.ratio)
        if best is None or best[1] < _FUZZY_NAME_SCORE:
            return m
        return Mention(m.kind, self.organisation_names[best[0]], m.start, end, run)

    def _records(self, ctx: _Context) -> list[dict]:
        """The edition (or whatever the lead is about) and, when it is an edition, one record
        per later paragraph that reports a sub-forum with figures of its own."""
        series_id = self._series(ctx)
        blocks = []
        if series_id and self._kind(ctx) == "edition" and ctx.rules.sub_forum:
            lead_end = ctx.sentences[0][1] if ctx.sentences else 0
            start = 0
            for line in ctx.text.split("\n"):
                end = start + len(line)
                if start >= lead_end and ctx.rules.sub_forum.search(line):
                    blocks.append((start, end))
                start = end + 1
        primary = self._record(ctx, series_id, skip=blocks)
        records = [primary]
        for a, b in blocks:
            figures = [f for f in primary["figures"] if a <= f["span"][0] < b]
            if not figures:
                continue
            primary["figures"] = [f for f in primary["figures"] if f not in figures]
            only_here = [
                p
                for p in primary["participants"]
                if p["role"] != "host"
                and all(
                    a <= m.start < b
                    for m in ctx.mentions
                    if m.code in (p["iso3"], p["org_id"]) and m.kind != "city"
                )
            ]
            primary["participants"] = [p for p in primary["participants"] if p not in only_here]
            hosts = [p for p in primary["participants"] if p["role"] == "host"]
            records.append(
                self._sub_forum(ctx, primary["event"], (a, b), figures, hosts + only_here)
            )
        return records

    def _sub_forum(
        self,
        ctx: _Context,
        edition: dict,
        block: tuple[int, int],
        figures: list,
        participants: list,
    ) -> dict:
        """A sub-forum reported in a paragraph of an edition's text: its own dates when the
        paragraph gives them, the edition's place otherwise."""
        year = int(edition["start_date"][:4]) if edition["start_date"] else self._context_year(ctx)
        start, end, date_span = self._dates(ctx, year, within=block)
        spans = {
            k: v
            for k, v in edition.get("spans", {}).items()
            if k not in ("edition_number", "start_date", "end_date")
        }
        if date_span:
            spans.update(start_date=date_span, end_date=date_span if end else None)
        event = {
            **edition,
            "kind": "sub_forum",
            "edition_number": None,
            "title": None,
            "start_date": start,
            "end_date": end,
            "matched_event_id": None,
            "parent_record": 0,
            "spans": {k: v for k, v in spans.items() if v},
        }
        event["matched_event_id"] = self._match(event, year, ctx)
        return {"event": event, "figures": figures, "participants": participants}

    def _record(self, ctx: _Context, series_id: str | None, skip: list[tuple[int, int]]) -> dict:
        edition = self._edition(ctx)
        kind = self._kind(ctx) if series_id else None
        year_hint = self._context_year(ctx)
        start, end, date_span = self._dates(ctx, year_hint, skip=skip)
        city, host = self._place(ctx)
        place_pos = ctx.place.start if ctx.place else -1
        future = self._is_future(ctx, start, date_span[0] if date_span else -1, place_pos)
        if date_span:
            ctx.spans["start_date"] = date_span
            if end:
                ctx.spans["end_date"] = date_span
        if ctx.place is not None:
            for key, value in (("city", city), ("host_iso3", host)):
                if value:
                    ctx.spans[key] = [ctx.place.start, ctx.place.end]
        figures = self._figures(ctx, future)
        participants = self._participants(ctx, series_id, host, future)
        title = ctx.title
        event = {
            "series_id": series_id,
            "edition_number": edition,
            "kind": kind,
            "title": title,
            "start_date": start,
            "end_date": end,
            "city": city,
            "host_iso3": host,
            "matched_event_id": None,
        }
        event["matched_event_id"] = self._match(event, year_hint, ctx)
        event["spans"] = dict(ctx.spans)
        if event["matched_event_id"]:
            # A bundled event keeps its own title; the item's headline names only a new one.
            event["title"] = None
        if kind in ("sub_forum", "side_meeting"):
            # The edition it belongs to, for `coopstats add` when the sub-forum is new.
            event["parent_event_id"] = self._edition_id(event, year_hint, ctx)
        return {"event": event, "figures": figures, "participants": participants}

    # -- series, edition, kind ------------------------------------------------------------

    def _series(self, ctx: _Context) -> str | None:
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

    def _edition(self, ctx: _Context) -> int | None:
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

    def _kind(self, ctx: _Context) -> str:
        lead = ctx.text[: ctx.sentences[0][1]] if ctx.sentences else ""
        head = f"{ctx.title or ''}\n{lead}"
        if ctx.rules.sub_forum and ctx.rules.sub_forum.search(head):
            return "sub_forum"
        if ctx.rules.side_meeting and ctx.rules.side_meeting.search(head):
            return "side_meeting"
        return "edition"

    def _context_year(self, ctx: _Context) -> int | None:
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

    # -- dates ----------------------------------------------------------------------------

    def _dates(
        self,
        ctx: _Context,
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
            series = any(
                ctx.sentence_of(a) == ctx.sentence_of(d.start) for a, _ in ctx.series_spans
            )
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

    # -- place ----------------------------------------------------------------------------

    def _place(self, ctx: _Context) -> tuple[str | None, str | None]:
        """The city and the host country; ctx.place keeps the words they were read from."""
        dataset_cities = {fold_name(c) for c in self.events["city"].dropna()}
        best = None
        for m in ctx.mentions:
            if m.kind != "city" or ctx.in_series(m.start, m.end):
                continue
            if ctx.near(ctx.rules.participant_exclude, m.start, m.end):
                continue
            city = self.gazetteer.cities[m.code]
            score = self._place_score(ctx, m, self.iso2_to_iso3.get(city.iso2))
            if fold_name(city.name) in dataset_cities:
                score += 1
            key = (score, city.population > 0, -m.start, city.population)
            if score >= 3 and (best is None or key > best[0]):
                best = (key, city, m)
        if best is not None:
            city = best[1]
            ctx.place = best[2]
            return city.name, self.iso2_to_iso3.get(city.iso2)
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

    def _place_score(self, ctx: _Context, m: Mention, country: str | None) -> int:
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

    def _is_future(self, ctx: _Context, start: str | None, *positions: int) -> bool:
        """Whether the text speaks before the event: dated after publication, or in the future
        tense where it gives the event's date or place."""
        if start and ctx.published and dt.date.fromisoformat(start) > ctx.published:
            return True
        return any(pos >= 0 and ctx.near(ctx.rules.pre_event, pos, pos + 1) for pos in positions)

    # -- figures --------------------------------------------------------------------------

    def _figures(self, ctx: _Context, future: bool) -> list[dict]:
        rules = ctx.rules
        dated = [(d.start, d.end) for d in datemod.find_dates(ctx.text, rules)]
        quantities = find_quantities(ctx.text, rules, skip=dated)
        figures: list[dict] = []
        previous: tuple[Quantity, dict] | None = None
        for i, q in enumerate(quantities):
            phrase = _phrase(ctx, quantities, i)
            if rules.scope_exclude and rules.scope_exclude.search(phrase):
                previous = None
                continue
            metric, metric_end = _metric(phrase, rules)
            inherited = False
            if metric is None and previous is not None:
                between = ctx.text[previous[1]["span"][1] : q.qualifier_start]
                if _CONJUNCTION.match(between):
                    metric, metric_end, inherited = previous[1]["metric"], 0, True
            if metric is None and i + 1 < len(quantities) and rules.range_connector:
                # "50 to 51 countries": the first number of a range takes the second's words.
                following = quantities[i + 1]
                if rules.range_connector.fullmatch(ctx.text[q.end : following.qualifier_start]):
                    metric, _ = _metric(_phrase(ctx, quantities, i + 1), rules)
                    metric_end = 0
            if metric is None:
                previous = None
                continue
            if ctx.near(rules.figure_not_event, q.qualifier_start, q.end):
                previous = None
                continue
            qualifier = q.qualifier
            if inherited and qualifier == "exact":
                qualifier = previous[1]["qualifier"]
            scope = _scope(phrase[: metric_end + 25], rules)
            status = self._status(ctx, q.qualifier_start, q.end, future, sentence_wide=True)
            end = q.end + metric_end
            figure = {
                "metric": metric,
                "value": q.value,
                "qualifier": qualifier,
                "status": status,
                "scope": scope,
                "quote": ctx.text[q.qualifier_start : end],
                "span": [q.qualifier_start, end],
            }
            figures.append(figure)
            previous = (q, figure)
        return _dedupe(figures)

    def _status(
        self, ctx: _Context, start: int, end: int, future: bool, sentence_wide: bool
    ) -> str:
        """invited, pre_event or reported, from the cues of the sentence (or near the words)."""
        rules = ctx.rules

        def has(pattern: re.Pattern[str] | None) -> bool:
            if sentence_wide:
                return ctx.in_sentence(pattern, start)
            return ctx.near(pattern, start, end)

        if has(rules.invited) and not has(rules.attended_despite):
            return "invited"
        if future or has(rules.pre_event):
            return "pre_event"
        return "reported"

    # -- participants ---------------------------------------------------------------------

    def _participants(
        self, ctx: _Context, series_id: str | None, host: str | None, future: bool
    ) -> list[dict]:
        rules = ctx.rules
        organiser = _SERIES_ORGANISER.get(series_id or "")
        by_code: dict[tuple[str, str], list[Mention]] = {}
        for m in ctx.mentions:
            if m.kind not in ("country", "organisation") or ctx.in_series(m.start, m.end):
                continue
            if m.kind == "organisation" and m.code == organiser:
                continue
            if ctx.near(rules.participant_exclude, m.start, m.end):
                continue
            by_code.setdefault((m.kind, m.code), []).append(m)
        out: list[dict] = []
        if host and ("country", host) not in by_code:
            # Not named: the place it was read from is the evidence.
            out.append(self._participant("country", host, "host", "unknown", future, ctx.place))
        for (kind, code), mentions in by_code.items():
            first = mentions[0]
            status = "pre_event" if future else "attended"
            if not future:
                for m in mentions:
                    s = self._status(ctx, m.start, m.end, False, sentence_wide=False)
                    if s == "invited":
                        status = "invited"
                    elif s == "pre_event" and status == "attended":
                        status = "pre_event"
            mode = "unknown"
            if any(ctx.in_sentence(rules.mixed_mode, m.start) for m in mentions):
                mode = "unknown"
            elif any(ctx.in_sentence(rules.video, m.start) for m in mentions):
                mode = "video"
            elif any(ctx.in_sentence(rules.in_person, m.start) for m in mentions):
                mode = "in_person"
            roles = []
            if kind == "country" and code == host:
                roles.append("host")
                mode = "unknown"
            if any(ctx.near(rules.co_chair, m.start, m.end) for m in mentions):
                roles.append("co_chair")
            if not roles:
                speaking = all(ctx.in_sentence(rules.speaker, m.start) for m in mentions)
                roles.append("speaker" if speaking else "participant")
            for role in roles:
                out.append(self._participant(kind, code, role, mode, future, first, status))
        return out

    @staticmethod
    def _participant(
        kind: str,
        code: str,
        role: str,
        mode: str,
        future: bool,
        mention: Mention | None,
        status: str | None = None,
    ) -> dict:
        return {
            "iso3": code if kind == "country" else None,
            "org_id": code if kind == "organisation" else None,
            "role": role,
            "mode": mode,
            "status": status or ("pre_event" if future else "attended"),
            "quote": mention.surface if mention else None,
            **({"span": [mention.start, mention.end]} if mention else {}),
        }

    # -- the bundled event ----------------------------------------------------------------

    def _edition_id(self, event: dict, year_hint: int | None, ctx: _Context) -> str | None:
        """The bundled edition an event is, or belongs to: by edition number, else by year."""
        if not event["series_id"]:
            return None
        events = self.events[self.events["series_id"] == event["series_id"]]
        year = None
        if event["start_date"]:
            year = int(event["start_date"][:4])
        elif year_hint:
            year = year_hint
        elif ctx.published:
            year = ctx.published.year
        editions = events[events["kind"] == "edition"]
        if event["edition_number"] is not None:
            chosen = editions[editions["edition_number"] == event["edition_number"]]
        elif year is not None:
            chosen = editions[editions["year"] == year]
        else:
            return None
        return str(chosen.iloc[0]["event_id"]) if len(chosen) == 1 else None

    def _match(self, event: dict, year_hint: int | None, ctx: _Context) -> str | None:
        """The bundled event this record is: the edition, or the sub-forum of that edition with
        the same start date or city."""
        edition_id = self._edition_id(event, year_hint, ctx)
        if edition_id is None or event["kind"] == "edition":
            return edition_id
        children = self.events[
            (self.events["parent_event_id"] == edition_id) & (self.events["kind"] == event["kind"])
        ]
        for column, value in (("start_date", event["start_date"]), ("city", event["city"])):
            if value:
                same = children[[_same(v, value) for v in children[column]]]
                if len(same) == 1:
                    return str(same.iloc[0]["event_id"])
        return None


def _same(a: object, b: str) -> bool:
    return isinstance(a, str) and fold_name(a) == fold_name(b)


def _organisation_names(row: dict) -> list[str]:
    names = []
    for column in ("acronym", "name_en", "name_ar", "name_zh", "name_fr", "name_ru", "name_es"):
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            names.append(value.strip())
    aliases = row.get("aliases")
    if isinstance(aliases, str):
        names += [a.strip() for a in aliases.split(";") if a.strip()]
    # "United Nations Office on Drugs and Crime" is also written "UN Office on Drugs and Crime".
    names += [n.replace("United Nations", "UN") for n in names if "United Nations" in n]
    return names


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


def _phrase(ctx: _Context, quantities: list[Quantity], i: int) -> str:
    """The words after the i-th number, up to the next number, a breaker or the sentence end."""
    q = quantities[i]
    _, s_end = ctx.sentence_of(q.start)
    stop = min(s_end, quantities[i + 1].qualifier_start if i + 1 < len(quantities) else s_end)
    phrase = ctx.text[q.end : max(q.end, stop)]
    if ctx.rules.breakers:
        cut = ctx.rules.breakers.search(phrase)
        if cut:
            phrase = phrase[: cut.start()]
    return phrase


def _metric(phrase: str, rules: Rules) -> tuple[str | None, int]:
    """The metric a phrase after a number names, and where its words end."""
    taken: list[tuple[int, int, str]] = []
    for pattern, metric in rules.metrics:
        for m in pattern.finditer(phrase):
            if m.start() == m.end():
                continue
            if rules.language != "zh" and (
                (m.start() > 0 and phrase[m.start() - 1].isalnum())
                or (m.end() < len(phrase) and phrase[m.end()].isalnum())
            ):
                continue
            if any(m.start() < b and a < m.end() for a, b, _ in taken):
                continue
            taken.append((m.start(), m.end(), metric))
    if not taken:
        return None, 0
    taken.sort()
    first_start, first_end, metric = taken[0]
    lead = phrase[:first_start]
    gap = len(lead.strip()) if rules.language == "zh" else len(lead.split())
    if gap > rules.metric_gap or lead.strip().endswith((".", ";", ":", "。", "؛")):
        return None, 0
    end = first_end
    if metric in _PEOPLE:
        people = [t for t in taken if t[2] in _PEOPLE]
        if len({t[2] for t in people}) > 1:
            metric = "participants"
        end = max(t[1] for t in people)
    return metric, end


def _scope(phrase: str, rules: Rules) -> str | None:
    for pattern, scope in rules.scopes:
        if pattern.search(phrase):
            return scope
    return None


def _dedupe(figures: list[dict]) -> list[dict]:
    """One figure per (metric, value, qualifier, scope): a reported reading wins."""
    kept: dict[tuple, dict] = {}
    for figure in figures:
        key = (figure["metric"], figure["value"], figure["qualifier"], figure["scope"])
        if key not in kept or (
            kept[key]["status"] != "reported" and figure["status"] == "reported"
        ):
            kept[key] = figure
    return sorted(kept.values(), key=lambda f: f["span"][0])
