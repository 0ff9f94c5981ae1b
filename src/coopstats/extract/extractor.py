"""Read a news item and propose the draft records: the event, its figures, its participants.

`Extractor.build(dataset)` indexes the names once (countries, territories and organisations from
the resolver's tables, cities from the gazetteer, series from the language tables);
`extractor.draft(text, ...)` returns the draft document described in docs/extraction.md. It is pure:
no network, no model, the same text gives the same draft.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pandas as pd
from rapidfuzz import fuzz, process

from coopstats.extract import event as event_fields
from coopstats.extract.context import Context
from coopstats.extract.figures import read_figures
from coopstats.extract.mentions import Mention, NameFinder, fold_name
from coopstats.extract.participants import read_participants
from coopstats.extract.places import Gazetteer
from coopstats.extract.rules import LANGUAGES, Rules, load_rules
from coopstats.extract.text import detect_language, normalise, sentences

_CJK_NAME_END = re.compile(r"[、，,。;；\s()（）等及和与與以]")
_FUZZY_NAME_SCORE = 80


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
        self.known_cities = {fold_name(c) for c in events["city"].dropna()}

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
        ctx = Context(norm, rules, sentences(norm), self._mentions(norm), published_date, title)
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

    def _records(self, ctx: Context) -> list[dict]:
        """The edition (or whatever the lead is about) and, when it is an edition, one record
        per later paragraph that reports a sub-forum with figures of its own."""
        series_id = event_fields.series(ctx)
        blocks = []
        if series_id and event_fields.kind(ctx) == "edition" and ctx.rules.sub_forum:
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
        ctx: Context,
        edition: dict,
        block: tuple[int, int],
        figures: list,
        participants: list,
    ) -> dict:
        """A sub-forum reported in a paragraph of an edition's text: its own dates when the
        paragraph gives them, the edition's place otherwise."""
        year = (
            int(edition["start_date"][:4])
            if edition["start_date"]
            else event_fields.context_year(ctx)
        )
        start, end, date_span = event_fields.dates(ctx, year, within=block)
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

    def _record(self, ctx: Context, series_id: str | None, skip: list[tuple[int, int]]) -> dict:
        edition = event_fields.edition_number(ctx)
        kind = event_fields.kind(ctx) if series_id else None
        year_hint = event_fields.context_year(ctx)
        start, end, date_span = event_fields.dates(ctx, year_hint, skip=skip)
        city, host = event_fields.place(ctx, self.gazetteer, self.iso2_to_iso3, self.known_cities)
        place_pos = ctx.place.start if ctx.place else -1
        future = event_fields.is_future(ctx, start, date_span[0] if date_span else -1, place_pos)
        if date_span:
            ctx.spans["start_date"] = date_span
            if end:
                ctx.spans["end_date"] = date_span
        if ctx.place is not None:
            for key, value in (("city", city), ("host_iso3", host)):
                if value:
                    ctx.spans[key] = [ctx.place.start, ctx.place.end]
        figures = read_figures(ctx, future)
        participants = read_participants(ctx, series_id, host, future)
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

    # -- the bundled event ----------------------------------------------------------------

    def _edition_id(self, event: dict, year_hint: int | None, ctx: Context) -> str | None:
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

    def _match(self, event: dict, year_hint: int | None, ctx: Context) -> str | None:
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
