"""Data names in the reader's language: series names, event titles and city names.

names.csv gives series names and event titles in ar, zh, fr, ru and es, each from a source;
reference/city_names.csv gives city names from CLDR and GeoNames. `localise_tables` returns the
tables with those names written over the English ones, falling back to English wherever a
language has no name, so that every page, export and command that shows a name shows it in the
reader's language without knowing where it came from. Ids and codes never change.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

# (subject in names.csv, table attribute, id column, field) for each translated column.
_FIELDS = (
    ("series", "series", "series_id", "name"),
    ("series", "series", "series_id", "short_name"),
    ("event", "events", "event_id", "title"),
)


def localise_tables(tables, lang: str):
    """A copy of a `load.Tables` with names in `lang` where one is known, else in English.

    Series (name, short_name) and events (title) take names.csv; events (city) and cities
    (city) take reference/city_names.csv. Two English spellings of one city that share a name
    in `lang` (Marrakech, Marrakesh) become one row of cities. English gives `tables` itself.
    """
    if lang == "en":
        return tables
    changes: dict[str, pd.DataFrame] = {}
    names = tables.names
    if names is not None and not names.empty:
        mine = names[names["language"] == lang]
        for subject, table, key, field in _FIELDS:
            rows = mine[(mine["subject"] == subject) & (mine["field"] == field)]
            if rows.empty:
                continue
            frame = changes.get(table, getattr(tables, table)).copy()
            given = frame[key].map(dict(zip(rows["subject_id"], rows["value"], strict=True)))
            frame[field] = given.fillna(frame[field]).astype(frame[field].dtype)
            changes[table] = frame
    city_names = tables.city_names
    if city_names is not None and not city_names.empty:
        mine = city_names[city_names["language"] == lang]
        lookup = dict(zip(zip(mine["city"], mine["iso3"], strict=True), mine["name"], strict=True))
        events = changes.get("events", tables.events).copy()
        keys = zip(events["city"], events["host_iso3"], strict=True)
        events["city"] = [lookup.get(k, k[0]) if isinstance(k[0], str) else k[0] for k in keys]
        changes["events"] = events
        cities = tables.cities.copy()
        cities["city"] = [lookup.get(k, k[0]) for k in zip(cities["city"], cities["iso3"],
                                                             strict=True)]  # fmt: skip
        changes["cities"] = cities.drop_duplicates(["city", "iso3"]).reset_index(drop=True)
    return replace(tables, **changes) if changes else tables


def names_in_every_language(tables) -> pd.DataFrame:
    """Every name a series or an event is known by, in English and the other languages.

    Grain: one row per (subject, id, language, name). Columns: subject ("series" or
    "event"), subject_id, language, name. English comes from series.csv (name, short_name) and
    events.csv (title); the others from names.csv. Sorted by subject, subject_id, language.
    """
    series, events = tables.series, tables.events
    parts = [
        pd.DataFrame(
            {
                "subject": "series",
                "subject_id": series["series_id"],
                "language": "en",
                "name": series[column],
            }
        )
        for column in ("name", "short_name")
    ]
    parts.append(pd.DataFrame({"subject": "event", "subject_id": events["event_id"],
                               "language": "en", "name": events["title"]}))  # fmt: skip
    names = tables.names
    if names is not None and not names.empty:
        parts.append(names.rename(columns={"value": "name"})[
            ["subject", "subject_id", "language", "name"]])  # fmt: skip
    out = pd.concat(parts, ignore_index=True).astype("str").drop_duplicates()
    return out.sort_values(["subject", "subject_id", "language"], kind="stable").reset_index(
        drop=True
    )
