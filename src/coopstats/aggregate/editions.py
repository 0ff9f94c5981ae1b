"""Editions over time and between each other: timelines, growth, returning and new participants.

Distinct participants are counted per edition with its sub-forums and side meetings folded in.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import (
    distinct_count,
    member,
    narrow_codes,
    pair_presence,
    positions,
)


def series_overview(events: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """Per series: how many editions and events, over which years, and how many named.

    `summary` is `event_summary` of the same events. Grain: one row per series_id.
    Columns: series_id, editions, sub_events, first_year, last_year, events_with_figures.
    """
    # A few hundred series: counted with numpy over the events' codes (a pandas merge and
    # named group-by took 10 ms at 44 events, most of it fixed cost).
    series, names = pd.factorize(events["series_id"], sort=True)
    known = series >= 0
    series = series[known]
    n = len(names)
    is_edition = (events["kind"] == "edition").to_numpy(dtype=bool)[known]
    reported = summary[["participants_min", "countries_min", "organisations_min",
                        "combined_min"]].notna().any(axis=1).to_numpy()  # fmt: skip
    at = positions(events["event_id"], summary["event_id"])[known]
    has = np.append(reported, False)[at]
    years = events["year"].to_numpy()[known]
    first_year = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    last_year = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(first_year, series, years)
    np.maximum.at(last_year, series, years)
    return pd.DataFrame(
        {
            "series_id": pd.Series(names, dtype=events["series_id"].dtype),
            "editions": np.bincount(series[is_edition], minlength=n).astype("int64"),
            "sub_events": np.bincount(series[~is_edition], minlength=n).astype("int64"),
            "first_year": first_year,
            "last_year": last_year,
            "events_with_figures": np.bincount(series[has], minlength=n).astype("int64"),
        }
    )


def cumulative_participants(selected: pd.DataFrame, editions: pd.DataFrame) -> pd.DataFrame:
    """Distinct named participants per edition, and the running total of distinct ones per series.

    `editions` is the events frame restricted to kind edition (for order and for editions that
    name nobody). Grain: one row per edition. Columns: series_id, edition_id, year, start,
    named (distinct in the edition and its sub-events), new (never named before in the series),
    cumulative (distinct so far in the series). Sorted by series_id, start, edition_id.
    """
    order = editions[["series_id", "event_id", "year", "start"]].rename(
        columns={"event_id": "edition_id"}
    )
    order = order.sort_values(["series_id", "start", "edition_id"], kind="stable")
    order = order.reset_index(drop=True)
    # Each row's edition as its position in `order`; a participant is new at the first position
    # it reaches within its series. Integer codes: no sort or merge of a million text rows.
    rank = positions(selected["edition_id"], order["edition_id"])
    known = rank >= 0
    who, people = narrow_codes(selected["participant_id"])
    if not known.all():
        rank, who = rank[known], who[known]
    seen = None if (who < 0).any() else pair_presence(rank, who, len(order), len(people))
    if seen is not None:
        # An (edition x participant) table; a series' editions are consecutive rows of it, so
        # a participant is new where it is seen for the first time since its series began.
        times = np.cumsum(seen, axis=0, dtype=np.int32)
        starts = np.flatnonzero(np.r_[True, order["series_id"].to_numpy()[1:]
                                      != order["series_id"].to_numpy()[:-1]])  # fmt: skip
        before = np.zeros_like(times)
        first_row = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        later = first_row > 0
        before[later] = times[first_row[later] - 1]
        named = np.count_nonzero(seen, axis=1).astype(np.int64)
        new = np.count_nonzero(seen & (times - before == 1), axis=1).astype(np.int64)
    else:
        participant = pd.factorize(selected["participant_id"])[0][known]
        series = pd.factorize(selected["series_id"])[0][known]
        firsts = pd.Series(rank).groupby([series, participant]).min().to_numpy()
        named = distinct_count(rank, participant, len(order))
        new = np.bincount(firsts, minlength=len(order)).astype("int64")
    out = order.assign(named=named, new=new)
    out["cumulative"] = out.groupby("series_id")["new"].cumsum()
    return out.reset_index(drop=True)


def _sets(selected: pd.DataFrame, edition_ids: list[str]) -> dict[str, set[str]]:
    """The participants named at each edition (sub-events folded in), by edition id.

    An edition names a few hundred participants: their rows are found by the codes of the
    edition column and gathered in Python sets, not grouped by pandas.
    """
    at = member(selected["edition_id"], list(edition_ids)).to_numpy()
    sets: dict[str, set[str]] = {e: set() for e in edition_ids}
    editions = selected["edition_id"][at].tolist()
    for edition, who in zip(editions, selected["participant_id"][at].tolist(), strict=True):
        sets[edition].add(who)
    return sets


def participant_changes(selected: pd.DataFrame, edition_ids: list[str]) -> pd.DataFrame:
    """Returning, new and dropped named participants between consecutive editions, in the order given.

    Grain: one row per consecutive pair. Columns: from_edition, to_edition, returning, new,
    dropped. Named participants are a lower bound, so "dropped" means "not named again".
    """
    sets = _sets(selected, edition_ids)
    rows = [
        {
            "from_edition": a,
            "to_edition": b,
            "returning": len(sets[a] & sets[b]),
            "new": len(sets[b] - sets[a]),
            "dropped": len(sets[a] - sets[b]),
        }
        for a, b in itertools.pairwise(edition_ids)
    ]
    return pd.DataFrame(rows, columns=["from_edition", "to_edition", "returning", "new", "dropped"])


def presence_matrix(selected: pd.DataFrame, edition_ids: list[str]) -> pd.DataFrame:
    """Which participant was named at which edition.

    Grain: one row per participant named at any of the editions; one boolean column per
    edition, in the order given. Index: participant_id, sorted by how many editions (desc),
    then by participant_id.
    """
    sets = _sets(selected, edition_ids)
    people = sorted(set().union(*sets.values()))
    matrix = pd.DataFrame(
        {e: np.array([p in sets[e] for p in people], dtype=bool) for e in edition_ids},
        index=pd.Index(people, dtype="str", name="participant_id"),
    )
    order = np.argsort(-matrix.sum(axis=1).to_numpy(), kind="stable")
    return matrix.iloc[order]


def overlap_matrix(selected: pd.DataFrame, edition_ids: list[str]) -> pd.DataFrame:
    """Jaccard overlap of named participants between every pair of editions.

    Grain: edition x edition, in the order given; 1.0 on the diagonal for an edition that names
    anyone, NaN where both sets are empty.
    """
    sets = _sets(selected, edition_ids)
    data = {
        b: [
            (len(sets[a] & sets[b]) / len(sets[a] | sets[b]))
            if (sets[a] | sets[b])
            else float("nan")
            for a in edition_ids
        ]
        for b in edition_ids
    }
    return pd.DataFrame(data, index=pd.Index(edition_ids, name="edition_id"))
