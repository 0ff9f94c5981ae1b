"""Per-event summaries: what sources reported beside who is named.

Named participants are a lower bound, never the total; reported figures never add across
levels (a sub-forum's attendees are also its conference's attendees).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

import numpy as np
import pandas as pd

from coopstats.aggregate import codes
from coopstats.aggregate.codes import (
    Groups,
    attach,
    distinct_count,
    member,
    narrow_codes,
    positions,
    presence_table,
)
from coopstats.aggregate.memo import Memos
from coopstats.aggregate.reported import headlines_of
from coopstats.errors import DataError, Problem
from coopstats.schema import COUNTRY_METRICS, ORGANISATION_METRICS, PARTICIPANT_METRICS

COMBINED_METRICS = ("countries_regions_organisations", "countries_and_organisations")
# The reported figures an event summary sets beside its named participants, in column order.
HEADLINES = ("participants", "countries", "organisations", "combined")


def named_counts(participations: pd.DataFrame) -> pd.DataFrame:
    """How many distinct participants each event names, by type.

    Grain: one row per event_id with at least one named participant. Columns: event_id,
    named_countries (countries and territories that came as a delegation of their own, the
    number to set beside a reported count of countries), named_territories,
    named_in_delegations (territories named within another's delegation), named_organisations,
    named_by_video (distinct participants with a video role).
    """
    if participations.empty:
        return pd.DataFrame(
            columns=["event_id", "named_countries", "named_territories", "named_in_delegations",
                     "named_organisations", "named_by_video"]
        )  # fmt: skip
    p = participations
    groups = Groups(p, ["event_id"])
    who, people = narrow_codes(p["participant_id"])
    seen_by = _presence_by(groups.numbers, who, len(groups), len(people))
    if seen_by is None:  # too many participants for presence tables: hash per measure
        return _named_counts_hashed(p, groups)
    # A participant's type is the same on every row: types choose columns of the tables.
    kinds, kind_names = narrow_codes(p["participant_type"])
    type_of = np.full(len(people) + 1, -1, dtype=np.int64)
    type_of[who] = kinds
    type_of = np.append(np.asarray(kind_names, dtype=object), None)[type_of[:-1]]
    is_country = np.isin(type_of, ["country", "territory"])
    # Delegation and mode vary by row: a table for each subset of rows.
    own_delegation = p["delegation_of"].isna().to_numpy()
    everyone = seen_by(None)
    own = everyone if own_delegation.all() else seen_by(own_delegation)
    within = seen_by(~own_delegation) if not own_delegation.all() else None
    video = seen_by((p["mode"] == "video").to_numpy())

    def count(seen: np.ndarray | None, columns: np.ndarray | None = None) -> np.ndarray:
        if seen is None:
            return np.zeros(len(groups), dtype=np.int64)
        chosen = seen if columns is None else seen & columns
        return np.count_nonzero(chosen, axis=1).astype(np.int64)

    return groups.keys.assign(
        named_countries=count(own, is_country),
        named_territories=count(everyone, type_of == "territory"),
        named_in_delegations=count(within, is_country),
        named_organisations=count(everyone, type_of == "organisation"),
        named_by_video=count(video),
    )


def _presence_by(
    groups: np.ndarray, who: np.ndarray, n_groups: int, width: int
) -> Callable[[np.ndarray | None], np.ndarray] | None:
    """A maker of (group x participant) presence tables for subsets of rows (None: all), or
    None when the codes do not allow them (a missing key, or too many cells)."""
    if len(groups) == 0 or groups.min() < 0 or who.min() < 0:
        return None
    if n_groups * width > codes.PRESENCE_LIMIT:
        return None

    def seen_by(rows: np.ndarray | None) -> np.ndarray:
        chosen = (groups, who) if rows is None else (groups[rows], who[rows])
        return presence_table(*chosen, n_groups, width)

    return seen_by


def _named_counts_hashed(p: pd.DataFrame, groups: Groups) -> pd.DataFrame:
    participant, _ = pd.factorize(p["participant_id"])
    kind = p["participant_type"]
    is_country = kind.isin(["country", "territory"]).to_numpy()
    own_delegation = p["delegation_of"].isna().to_numpy()

    def distinct(where: np.ndarray) -> np.ndarray:
        return distinct_count(groups.numbers[where], participant[where], len(groups))

    return groups.keys.assign(
        named_countries=distinct(is_country & own_delegation),
        named_territories=distinct((kind == "territory").to_numpy()),
        named_in_delegations=distinct(is_country & ~own_delegation),
        named_organisations=distinct((kind == "organisation").to_numpy()),
        named_by_video=distinct((p["mode"] == "video").to_numpy()),
    )


def event_summary(
    events: pd.DataFrame,
    figures: pd.DataFrame,
    participations: pd.DataFrame,
    *,
    memo: Memos | None = None,
) -> pd.DataFrame:
    """Each event's reported figures (after the event, whole event) beside its named participants.

    Grain: one row per event in `events`, in the order given. Columns: event_id, series_id,
    edition_id, kind, year, title; for each headline (participants, countries, organisations,
    combined) its reported figure as <headline>_min, <headline>_max (Int64, NA when nothing
    was reported: an unknown stays unknown) and <headline>_qualifiers_min,
    <headline>_qualifiers_max (the qualifier codes given with each, ";"-joined; "" when
    nothing was reported), with countries_metric after countries_max; conflict (any reported
    metric has disagreeing sources), named_countries, named_territories, named_in_delegations,
    named_organisations, named_by_video, unnamed_countries_at_least (reported minimum minus
    named; NA when nothing was reported). `memo`: a dataset's memos, where the figures folded
    per event are remembered (see reported.ranges_of).
    """
    base = events[["event_id", "series_id", "edition_id", "kind", "year", "title"]].reset_index(
        drop=True
    )
    reported = _reported_per_event(figures, memo=memo)
    # The last row of `reported` is that of an event without figures.
    at = positions(base["event_id"], reported["event_id"].iloc[:-1])
    at[at < 0] = len(reported) - 1
    figures_part = reported.drop(columns="event_id").take(at).reset_index(drop=True)

    chosen = member(participations["event_id"], events["event_id"]).to_numpy()
    named = named_counts(participations if chosen.all() else participations[chosen])
    found = positions(base["event_id"], named["event_id"])
    named_part = {
        column: np.append(named[column].to_numpy(dtype=np.int64), 0)[found]
        for column in NAMED_COLUMNS
    }
    out = pd.concat([base, figures_part], axis=1).assign(**named_part)
    out["unnamed_countries_at_least"] = (
        (out["countries_min"] - out["named_countries"]).clip(lower=0).astype("Int64")
    )
    return out


NAMED_COLUMNS = ("named_countries", "named_territories", "named_in_delegations",
                 "named_organisations", "named_by_video")  # fmt: skip


def _reported_per_event(figures: pd.DataFrame, *, memo: Memos | None = None) -> pd.DataFrame:
    """event_summary's reported columns for every event of `figures`, and a last row (event_id
    missing) for an event without figures.

    An event's reported figures depend on its own figures only: with `memo` (a dataset's) the
    columns are made once per figures table, renamed and typed, and each summary takes its
    events' rows by position (a few dozen column operations once, not on every filter change).
    Columns: event_id, then event_summary's from participants_min to conflict.
    """
    # Without a dataset's memos, the figures are still folded once for every measure.
    memo = Memos() if memo is None else memo

    def make() -> pd.DataFrame:
        ids = pd.unique(figures["event_id"].dropna())
        out = pd.DataFrame({"event_id": pd.array([*ids, None], dtype=figures["event_id"].dtype)})
        for metrics, prefix in (
            (PARTICIPANT_METRICS, "participants"),
            (COUNTRY_METRICS, "countries"),
            (ORGANISATION_METRICS, "organisations"),
            (COMBINED_METRICS, "combined"),
        ):
            out = attach(out, _headline(figures, metrics, prefix, memo), "event_id")
        conflict_cols = [c for c in out.columns if c.endswith("_conflict")]
        out["conflict"] = out[conflict_cols].fillna(False).astype(bool).any(axis=1)
        figures_columns = []
        for prefix in HEADLINES:
            out[f"{prefix}_min"] = pd.to_numeric(out[f"{prefix}_min"]).astype("Int64")
            out[f"{prefix}_max"] = pd.to_numeric(out[f"{prefix}_max"]).astype("Int64")
            for col in (f"{prefix}_qualifiers_min", f"{prefix}_qualifiers_max"):
                out[col] = out[col].astype("str").where(out[col].notna(), "")
            figures_columns += [f"{prefix}_min", f"{prefix}_max", f"{prefix}_qualifiers_min",
                                f"{prefix}_qualifiers_max"]  # fmt: skip
            if prefix == "countries":
                out["countries_metric"] = (
                    out["countries_metric"].astype("str")
                    .where(out["countries_metric"].notna(), "")
                )  # fmt: skip
                figures_columns.append("countries_metric")
        return out[["event_id", *figures_columns, "conflict"]]

    return memo.ranges.get_or_make((figures,), make, "reported per event")


def _headline(
    figures: pd.DataFrame, metrics: tuple[str, ...], prefix: str, memo: Memos
) -> pd.DataFrame:
    h = headlines_of(figures, metrics, memo=memo)
    return h.rename(
        columns={
            "qualifiers_min": f"{prefix}_qualifiers_min",
            "qualifiers_max": f"{prefix}_qualifiers_max",
            "value_min": f"{prefix}_min",
            "value_max": f"{prefix}_max",
            "metric": f"{prefix}_metric",
            "conflict": f"{prefix}_conflict",
        }
    ).drop(columns=["source_ids", "qualifier"])


def event_row(events: pd.DataFrame, event_id: str) -> pd.Series:
    """One event's row; a DataError with the closest ids when `event_id` is unknown."""
    match = events[events["event_id"] == event_id]
    if match.empty:
        close = difflib.get_close_matches(event_id, events["event_id"].tolist(), n=3)
        hint = (
            f"did you mean {', '.join(close)}?"
            if close
            else "list the events with `coopstats events`"
        )
        raise DataError(
            [Problem("unknown event", file="events.csv", column="event_id", value=event_id,
                     hint=hint)]
        )  # fmt: skip
    return match.iloc[0]


def host_cities(events: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Where some events were held.

    Grain: one row per host city (key city + iso3). Columns: city, iso3, lat, lon (from
    `cities`, reference/cities.csv; NaN when the city has no point there), events (the titles
    held there, "; "-joined, in the order of `events`). Events that name no city are left out.
    Sorted by city, then iso3.
    """
    columns = ["city", "iso3", "lat", "lon", "events"]
    # A few dozen host places among a thousand events: grouped in plain Python (a pandas
    # group-by, join and merge on Arrow text took 9 ms at 1,200 events, this takes under 1).
    held = (events["city"].notna() & events["host_iso3"].notna()).to_numpy(dtype=bool)
    places = zip(events["city"].tolist(), events["host_iso3"].tolist(), strict=True)
    titles: dict[tuple[str, str], list[str]] = {}
    for place, title, named in zip(places, events["title"].tolist(), held, strict=True):
        if named:
            titles.setdefault(place, []).append(title)
    if not titles:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("lat", "lon") else object)
                             for c in columns})  # fmt: skip
    keys = zip(cities["city"].tolist(), cities["iso3"].tolist(), strict=True)
    spots = zip(cities["lat"].tolist(), cities["lon"].tolist(), strict=True)
    points = dict(zip(keys, spots, strict=True))
    hosts = sorted(titles)
    where = [points.get(place, (np.nan, np.nan)) for place in hosts]
    return pd.DataFrame({
        "city": pd.Series([city for city, _ in hosts], dtype="str"),
        "iso3": pd.Series([iso3 for _, iso3 in hosts], dtype="str"),
        "lat": pd.Series([lat for lat, _ in where], dtype="float64"),
        "lon": pd.Series([lon for _, lon in where], dtype="float64"),
        "events": pd.Series(["; ".join(titles[place]) for place in hosts], dtype="str"),
    })  # fmt: skip
