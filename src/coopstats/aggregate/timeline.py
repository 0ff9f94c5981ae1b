"""Editions on a time axis: reported figures per measure beside named counts.

A "measure" groups the metrics a chart can put on one axis: participants (people), countries
(countries, countries and regions, governments), organisations, and combined counts (countries,
regions and organisations as one number, never a country count). Only figures reported after
the event about the whole event are drawn; figures announced before it (pre-event, invited)
are kept beside them as `announced_*` (numbers and qualifier codes) and never become a value.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import (
    attach,
    distinct_count,
    member,
    narrow_codes,
    pair_presence,
    rows_of,
)
from coopstats.aggregate.editions import cumulative_participants
from coopstats.aggregate.events import COMBINED_METRICS
from coopstats.aggregate.memo import Memos
from coopstats.aggregate.reported import (
    HEADLINE_COLUMNS,
    figure_ranges,
    headline_range,
    headlines_of,
)
from coopstats.schema import (
    COUNTRY_METRICS,
    ORGANISATION_METRICS,
    PARTICIPANT_METRICS,
)

MEASURE_METRICS: dict[str, tuple[str, ...]] = {
    "participants": PARTICIPANT_METRICS,
    "countries": COUNTRY_METRICS,
    "organisations": ORGANISATION_METRICS,
    "combined": COMBINED_METRICS,
}
MEASURES = tuple(MEASURE_METRICS)

# Figures announced before an event, kept beside what was reported after it.
ANNOUNCED_COLUMNS = (
    "announced_min",
    "announced_max",
    "announced_qualifiers_min",
    "announced_qualifiers_max",
)
TIMELINE_COLUMNS = [
    "series_id",
    "series_name",
    "event_id",
    "edition_id",
    "kind",
    "title",
    "edition_number",
    "year",
    "start_date",
    "date_precision",
    "plot_date",
    "measure",
    *HEADLINE_COLUMNS,
    "source_ids",
    *ANNOUNCED_COLUMNS,
    "named",
]


def plot_dates(events: pd.DataFrame) -> pd.Series:
    """Where each event sits on a date axis: its start, or the middle of the known period.

    An event known only to the month is put on the 15th, one known only to the year on 1 July,
    so that "2011" is not drawn as if it were held in January. Index: the input's.
    """
    start = pd.to_datetime(events["start"])
    precision = events["date_precision"]
    out = start.where(precision != "month", start + pd.Timedelta(days=14))
    return out.where(precision != "year", start + pd.DateOffset(months=6))


def named_by_measure(participations: pd.DataFrame, key: str) -> dict[str, pd.Series]:
    """Per measure, distinct named participants per `key` (event_id or edition_id).

    Each Series is indexed by the key values that have named rows, the three by one Index;
    "participants" (people are never named) is absent. Codes are made once for the three
    measures.
    """
    keys, uniques = narrow_codes(participations[key])
    who, people = narrow_codes(participations["participant_id"])
    # A participant's type is the same on every row: the measures choose participants, found
    # on the few participants rather than on every row.
    kinds, kind_names = narrow_codes(participations["participant_type"])
    type_of = np.full(len(people) + 1, -1, dtype=np.int64)
    type_of[who] = kinds
    type_of = np.append(np.asarray(kind_names, dtype=object), None)[type_of[:-1]]
    chosen = {
        "countries": np.isin(type_of, ["country", "territory"]),
        "organisations": type_of == "organisation",
        "combined": np.ones(len(people), dtype=bool),
    }
    index = pd.Index(np.asarray(uniques, dtype=object), dtype="str")
    # One (key x participant) presence table for the three measures: each counts some
    # columns of it.
    seen = None
    if len(keys) and keys.min() >= 0 and who.min() >= 0:
        seen = pair_presence(keys, who, len(uniques), len(people))
    if seen is not None:
        return {
            measure: pd.Series(
                np.count_nonzero(seen if columns.all() else seen & columns, axis=1).astype(
                    np.int64
                ),
                index=index,
            )
            for measure, columns in chosen.items()
        }
    keys, who = keys.astype(np.int64), who.astype(np.int64)
    return {
        measure: pd.Series(
            distinct_count(keys[columns[who]], who[columns[who]], len(uniques)), index=index
        )
        for measure, columns in chosen.items()
    }


def _announced_ranges(figures: pd.DataFrame, *, memo: Memos | None = None) -> pd.DataFrame:
    """What was said before each event (pre-event or invited), folded per event and metric:
    figure_ranges of those figures, their statuses taken as one ("announced").

    Folded per (event, metric), so the ranges of some metrics are these rows of the metrics:
    the table is folded once (with `memo`, once per figures table) for every measure.
    """

    def fold() -> pd.DataFrame:
        said = figures[(figures["status"] != "reported") & figures["scope"].isna()]
        ranges = figure_ranges(said.assign(status="announced"))
        if ranges.empty:
            ranges = ranges.astype({"scope": "str", "status": "str", "metric": "str"})
        return ranges

    if memo is None:
        return fold()
    return memo.ranges.get_or_make((figures,), fold, "announced")


def _announced(
    figures: pd.DataFrame, metrics: tuple[str, ...], *, memo: Memos | None = None
) -> pd.DataFrame:
    """Per event: what was said before it (pre-event or invited) for these metrics.

    Made for every event of the table (with `memo`, once per figures table and metrics: an
    event's row depends on its own figures only); callers attach their events' rows. Grain: one row per event_id with such a figure, for the
    first metric present; its range spans every pre-event and invited value of that metric.
    Columns: event_id, announced_min, announced_max, announced_qualifiers_min,
    announced_qualifiers_max.
    """

    def make() -> pd.DataFrame:
        said = headline_range(_announced_ranges(figures, memo=memo), metrics, announced=True)
        said = said[["event_id", "value_min", "value_max", "qualifiers_min", "qualifiers_max"]]
        return said.rename(columns={c: f"announced_{c.replace('value_', '')}"
                                    for c in said.columns if c != "event_id"})  # fmt: skip

    if memo is None:
        return make()
    return memo.ranges.get_or_make((figures,), make, ("announced", metrics))


def _counts_at(counts: pd.Series, at: np.ndarray) -> np.ndarray:
    """counts.iloc[at] (a named count per event or edition), 0 where `at` is -1 (none)."""
    return np.append(counts.to_numpy(), 0)[at]


def edition_timeline(
    events: pd.DataFrame,
    figures: pd.DataFrame,
    participations: pd.DataFrame,
    series: pd.DataFrame,
    measures: tuple[str, ...] = MEASURES,
    *,
    memo: Memos | None = None,
) -> pd.DataFrame:
    """Each event's reported figure and named count for each measure, placed on a date axis.

    `events` are selected events (editions, and sub-forums or side meetings if selected),
    `participations` the selected named participations, `series` the series table.
    Grain: one row per (event, measure), for every event in `events` and every measure in
    `measures`; value_min, value_max, qualifier, qualifiers_min and qualifiers_max (the codes
    given with the lowest and highest value, ";"-joined) are NA/"" when no figure was reported
    (an unknown stays unknown, never 0); announced_* likewise for what was said before the
    event (pre-event or invited). Columns: TIMELINE_COLUMNS. value_min and value_max are
    the lowest and highest value reported by the sources (equal when they agree); qualifier is
    the lowest value's; conflict is True when sources give different values or qualifiers;
    named is the distinct countries and territories (countries), organisations
    (organisations) or both (combined) named at the event, NA for participants (people are
    not named); an edition's count folds in its selected sub-forums and side meetings, as its
    reported figure covers the whole edition. Sorted by series_id, plot_date, event_id, then measure in `measures` order.
    `memo`: a dataset's memos (see reported.ranges_of).
    """
    unknown = [m for m in measures if m not in MEASURE_METRICS]
    if unknown:
        raise ValueError(f"unknown measure {unknown[0]!r}; expected one of {', '.join(MEASURES)}")
    base = events[
        [
            "series_id",
            "event_id",
            "edition_id",
            "kind",
            "title",
            "edition_number",
            "year",
            "start_date",
            "date_precision",
        ]
    ].assign(plot_date=plot_dates(events))
    names = series.set_index("series_id")["short_name"]
    base["series_name"] = base["series_id"].map(names).fillna(base["series_id"])
    # Events in the output's order once (event ids are unique): each measure's rows then
    # follow it, so the rows are interleaved by position rather than sorted as text.
    base = base.sort_values(["series_id", "plot_date", "event_id"], kind="stable")
    base = base.reset_index(drop=True)
    chosen = member(participations["event_id"], events["event_id"]).to_numpy()
    if not chosen.all():
        participations = participations[chosen]

    reported = _reported_per_measure(figures, measures, memo=memo)
    ends = np.flatnonzero(reported["event_id"].isna().to_numpy()) + 1
    starts = [0, *ends.tolist()]
    # Row i * len(measures) + k is event i's row of measure k: event by event, measures in
    # order. Each measure's block ends with the row of an event without figures. The events'
    # hash table is built once for every block (rows_of).
    events_index = pd.Index(base["event_id"])
    at = np.empty((len(base), len(measures)), dtype=np.intp)
    for k, (first, last) in enumerate(itertools.pairwise(starts)):
        found = rows_of(events_index, reported["event_id"].iloc[first : last - 1])
        at[:, k] = np.where(found >= 0, first + found, last - 1)
    figures_part = reported.drop(columns="event_id").take(at.ravel()).reset_index(drop=True)
    out = base.take(np.repeat(np.arange(len(base)), len(measures))).reset_index(drop=True)
    out["measure"] = pd.Series(np.tile(np.asarray(measures, dtype=object), len(base)), dtype="str")
    out = pd.concat([out, figures_part], axis=1)
    out["named"] = _named_per_measure(participations, base, measures)
    return out[TIMELINE_COLUMNS]


def _named_per_measure(
    participations: pd.DataFrame, base: pd.DataFrame, measures: tuple[str, ...]
) -> pd.arrays.IntegerArray:
    """edition_timeline's named column: for event i and measure k, at row i * len(measures) + k."""
    own = named_by_measure(participations, "event_id")
    folded = named_by_measure(participations, "edition_id")
    is_edition = (base["kind"] == "edition").to_numpy()
    # The measures' counts share one index per key (named_by_measure): each event's place in
    # it is found once, not once per measure.
    at_edition = folded["combined"].index.get_indexer(base["edition_id"])
    at_event = own["combined"].index.get_indexer(base["event_id"])
    # Whole numbers (NA for people, never named) as they are returned: no conversion of a
    # column of Python objects afterwards.
    named = np.zeros((len(base), len(measures)), dtype=np.int64)
    missing = np.zeros((len(base), len(measures)), dtype=bool)
    for k, measure in enumerate(measures):
        if measure in own:
            named[:, k] = np.where(
                is_edition,
                _counts_at(folded[measure], at_edition),
                _counts_at(own[measure], at_event),
            )
        else:
            missing[:, k] = True
    return pd.arrays.IntegerArray(named.ravel(), missing.ravel())


def _reported_per_measure(
    figures: pd.DataFrame, measures: tuple[str, ...], *, memo: Memos | None = None
) -> pd.DataFrame:
    """edition_timeline's reported and announced columns for every event of `figures`, one
    block of rows per measure, in `measures` order.

    Each block is one row per event with figures of the measure, then a last row (event_id
    missing) for an event without any. An event's rows depend on its own figures only: with
    `memo` (a dataset's) they are made, typed and stacked once per figures table and measures;
    each timeline takes its events' rows by position. Columns: event_id, metric, value_min,
    value_max, qualifier, qualifiers_min, qualifiers_max, conflict, source_ids, announced_min,
    announced_max, announced_qualifiers_min, announced_qualifiers_max.
    """
    # Without a dataset's memos, the figures are still folded once for every measure.
    memo = Memos() if memo is None else memo

    def make() -> pd.DataFrame:
        blocks = []
        for measure in measures:
            metrics = MEASURE_METRICS[measure]
            said = headlines_of(figures, metrics, memo=memo)
            announced = _announced(figures, metrics, memo=memo)
            ids = pd.unique(pd.concat([said["event_id"], announced["event_id"]]).dropna())
            block = pd.DataFrame(
                {"event_id": pd.array([*ids, None], dtype=figures["event_id"].dtype)}
            )
            block = attach(attach(block, said, "event_id"), announced, "event_id")
            blocks.append(block)
        return _tidy(pd.concat(blocks, ignore_index=True))

    return memo.ranges.get_or_make((figures,), make, ("reported per measure", measures))


def _tidy(out: pd.DataFrame) -> pd.DataFrame:
    """Reported columns typed: whole numbers as Int64 (named too, when present), codes and
    ids as text ("" where nothing was reported), conflict as bool."""
    out = out.copy()
    for column in ("value_min", "value_max", "named", "announced_min", "announced_max"):
        if column in out.columns:
            out[column] = pd.to_numeric(out[column]).astype("Int64")
    for column in ("metric", "qualifier", "qualifiers_min", "qualifiers_max", "source_ids",
                   "announced_qualifiers_min", "announced_qualifiers_max"):  # fmt: skip
        out[column] = out[column].astype("str").where(out[column].notna(), "")
    out["conflict"] = out["conflict"].astype("boolean").fillna(False).astype(bool)
    return out


def cumulative_timeline(
    participations: pd.DataFrame, editions: pd.DataFrame, series: pd.DataFrame
) -> pd.DataFrame:
    """Named participants per edition and the running total of distinct ones, on a date axis.

    Grain: one row per edition (see `cumulative_participants`). Columns: series_id,
    series_name, edition_id, title, year, start_date, plot_date, named, new, cumulative.
    Sorted by series_id, start, edition_id.
    """
    counts = cumulative_participants(participations, editions)
    info = editions[["event_id", "title", "start_date"]].assign(plot_date=plot_dates(editions))
    out = counts.merge(info.rename(columns={"event_id": "edition_id"}), on="edition_id", how="left")
    names = series.set_index("series_id")["short_name"]
    out["series_name"] = out["series_id"].map(names).fillna(out["series_id"])
    columns = [
        "series_id",
        "series_name",
        "edition_id",
        "title",
        "year",
        "start_date",
        "plot_date",
        "named",
        "new",
        "cumulative",
    ]
    return out[columns].reset_index(drop=True)
