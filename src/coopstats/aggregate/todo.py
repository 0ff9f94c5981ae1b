"""The research to-do list: for each event, what a researcher still has to find.

Each gap has a stable code (written in `coopstats todo --json` and in the page's links) and an
English label marked for the catalogues. The codes are checked independently of each other,
except that an event with no figure at all is `no_reported_figure` only, never also
`only_pre_event_figures`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import member
from coopstats.aggregate.memo import Memos
from coopstats.aggregate.reported import ranges_of
from coopstats.i18n import N_
from coopstats.schema import COUNTRY_METRICS

# Code -> English label, in the order the list shows them.
MISSING: dict[str, str] = {
    "no_reported_figure": N_("no reported figure"),
    "few_named_countries": N_("fewer than half of the reported countries named"),
    "only_pre_event_figures": N_("only pre-event or invited figures"),
    "date_year_only": N_("date known only to the year"),
    "only_mirror_sources": N_("only mirror sources"),
    "conflicting_sources": N_("conflicting sources"),
    "city_without_coordinates": N_("host city without coordinates"),
}

# Orders the list can be sorted in: code -> (English label, columns, ascending).
ORDERS: dict[str, tuple[str, list[str], list[bool]]] = {
    "most_missing": (
        N_("most missing first"),
        ["n_missing", "start", "event_id"],
        [False, True, True],
    ),
    "newest": (N_("newest first"), ["start", "event_id"], [False, True]),
    "oldest": (N_("oldest first"), ["start", "event_id"], [True, True]),
    "series": (N_("by series, then date"), ["series_id", "start", "event_id"], [True, True, True]),
}

TODO_COLUMNS = ["event_id", "series_id", "kind", "year", "start", "title", "missing", "n_missing",
                *MISSING]  # fmt: skip


def _cited_sources(events: pd.DataFrame, figures: pd.DataFrame,
                   participations: pd.DataFrame) -> pd.DataFrame:  # fmt: skip
    """Every (event_id, source_id) pair an event's row, figures or named participants cite."""
    pairs = [frame[["event_id", "source_id"]] for frame in (events, figures, participations)]
    out = pd.concat([p.astype("str") for p in pairs], ignore_index=True)
    return out.dropna().drop_duplicates().reset_index(drop=True)


def research_todo(
    events: pd.DataFrame,
    figures: pd.DataFrame,
    participations: pd.DataFrame,
    sources: pd.DataFrame,
    cities: pd.DataFrame,
    *,
    memo: Memos | None = None,
) -> pd.DataFrame:
    """What each event still misses, for the researchers' queue of work.

    Grain: one row per event in `events` that misses at least one thing. Columns: event_id,
    series_id, kind, year, start, title, missing (tuple of MISSING codes, in MISSING order),
    n_missing, and one boolean column per MISSING code. `participations` needs participant_type
    and delegation_of (as loaded). Sorted by start date, then event_id ("oldest"). `memo`: a
    dataset's memos (see reported.ranges_of).
    """
    ids = events["event_id"]
    figs = figures[member(figures["event_id"], ids).to_numpy()]
    named = participations[member(participations["event_id"], ids).to_numpy()]

    reported = figs[figs["status"] == "reported"]
    has_figure = ids.isin(figs["event_id"])
    has_reported = ids.isin(reported["event_id"])

    # Reported countries: the smallest value any source gave for a whole-event country metric.
    countries = reported[reported["metric"].isin(COUNTRY_METRICS) & reported["scope"].isna()]
    reported_countries = countries.groupby("event_id")["value"].min()
    own = named[named["participant_type"].isin(["country", "territory"])
                & named["delegation_of"].isna()]  # fmt: skip
    named_countries = own.groupby("event_id")["participant_id"].nunique()
    wanted = ids.map(reported_countries).astype("Float64")
    got = ids.map(named_countries).fillna(0).astype("Float64")
    few_named = (wanted.notna() & (got * 2 < wanted)).fillna(False).astype(bool)

    ranges = ranges_of(figures, ids, memo=memo)
    conflicting = ids.isin(ranges.loc[ranges["conflict"].astype(bool), "event_id"])

    cited = _cited_sources(events, figs, named)
    mirror = dict(zip(sources["source_id"], sources["is_mirror"].astype(bool), strict=True))
    cited = cited.assign(is_mirror=cited["source_id"].map(mirror).fillna(False).astype(bool))
    all_mirror = cited.groupby("event_id")["is_mirror"].all()
    only_mirror = ids.map(all_mirror).fillna(False).astype(bool)

    points = pd.MultiIndex.from_frame(cities[["city", "iso3"]].astype("str"))
    places = pd.MultiIndex.from_arrays(
        [events["city"].astype("str"), events["host_iso3"].astype("str")]
    )
    no_point = events["city"].notna().to_numpy() & ~places.isin(points)

    flags = pd.DataFrame(
        {
            "no_reported_figure": ~has_figure.to_numpy(),
            "few_named_countries": few_named.to_numpy(),
            "only_pre_event_figures": (has_figure & ~has_reported).to_numpy(),
            "date_year_only": (events["date_precision"] == "year").to_numpy(),
            "only_mirror_sources": only_mirror.to_numpy(),
            "conflicting_sources": conflicting.to_numpy(),
            "city_without_coordinates": np.asarray(no_point, dtype=bool),
        }
    )
    base = events[["event_id", "series_id", "kind", "year", "start", "title"]].reset_index(
        drop=True
    )
    out = pd.concat([base, flags], axis=1)
    codes = np.array(list(MISSING), dtype=object)
    matrix = flags[list(MISSING)].to_numpy()
    out["missing"] = [tuple(codes[row]) for row in matrix]
    out["n_missing"] = matrix.sum(axis=1).astype("int64")
    out = out[out["n_missing"] > 0]
    return sort_todo(out[TODO_COLUMNS], "oldest")


def sort_todo(todo: pd.DataFrame, order: str) -> pd.DataFrame:
    """The to-do list in one of ORDERS (a new frame); a ValueError names the orders otherwise."""
    if order not in ORDERS:
        raise ValueError(f"order: got {order!r}; expected one of {', '.join(ORDERS)}")
    _, by, ascending = ORDERS[order]
    return todo.sort_values(by, ascending=ascending, kind="stable").reset_index(drop=True)


def with_missing(todo: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    """The rows that miss at least one of `codes` (all rows when `codes` is empty)."""
    if not codes:
        return todo.reset_index(drop=True)
    keep = todo[list(codes)].any(axis=1)
    return todo[keep].reset_index(drop=True)


def todo_counts(todo: pd.DataFrame) -> pd.DataFrame:
    """How many events miss each thing. Grain: one row per MISSING code, in MISSING order.

    Columns: code, events.
    """
    return pd.DataFrame(
        {"code": list(MISSING), "events": [int(todo[c].sum()) for c in MISSING]}
    ).astype({"events": "int64"})
