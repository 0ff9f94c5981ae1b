"""Checks of the events table: parents of sub-forums and side meetings, and dates."""

from __future__ import annotations

from functools import partial

import pandas as pd

from coopstats.errors import Problem
from coopstats.integrity.rows import row_problems

PRECISION_FORMS = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}


def period_bounds(dates: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day of the period each ISO date names ('2016-09' -> Sep 1 and Sep 30).

    Missing or impossible dates (2016-02-30) give NaT.
    """
    text = dates.astype("string")
    length = text.str.len()
    full = text.where(length != 4, text + "-01-01").where(length != 7, text + "-01")
    first = pd.to_datetime(full, format="%Y-%m-%d", errors="coerce")
    last = first.copy()
    years, months = (length == 4).fillna(False), (length == 7).fillna(False)
    last[years] = first[years] + pd.offsets.YearEnd(0)
    last[months] = first[months] + pd.offsets.MonthEnd(0)
    return first, last


def check_parents(events: pd.DataFrame) -> list[Problem]:
    """Sub-forums and side meetings without an edition as parent, editions with one."""
    flag = partial(row_problems, events, "events.csv")
    child = events["kind"].isin(["sub_forum", "side_meeting"])
    parent_id = events["parent_event_id"]
    problems = flag(
        child & parent_id.isna(),
        "parent_event_id",
        "a sub-forum or side meeting needs a parent event",
        "the event_id of the edition it was part of",
    )
    problems += flag(
        (events["kind"] == "edition") & parent_id.notna(),
        "parent_event_id",
        "an edition has no parent event",
        None,
        "clear parent_event_id, or set kind to sub_forum or side_meeting",
    )
    parents = events.set_index("event_id")
    kind, series = parent_id.map(parents["kind"]), parent_id.map(parents["series_id"])
    problems += flag(
        kind.notna() & (kind != "edition"),
        "parent_event_id",
        "parent is not an edition",
        "the event_id of an edition",
        lambda row: f"{row.parent_event_id} is a {kind[row.name]}",
    )
    problems += flag(
        series.notna() & (series != events["series_id"]),
        "parent_event_id",
        "parent belongs to another series",
        lambda row: f"an edition of series {row.series_id}",
        lambda row: f"{row.parent_event_id} is in series {series[row.name]}",
    )
    return problems


def check_dates(events: pd.DataFrame) -> list[Problem]:
    """Dates that do not exist, disagree with their precision, end first or leave the parent's."""
    flag = partial(row_problems, events, "events.csv")
    start_first, start_last = period_bounds(events["start_date"])
    end_first, end_last = period_bounds(events["end_date"])
    wanted = events["date_precision"].map({k: len(v) for k, v in PRECISION_FORMS.items()})
    problems: list[Problem] = []
    for column, first in [("start_date", start_first), ("end_date", end_first)]:
        text = events[column]
        problems += flag(
            text.notna() & first.isna(),
            column,
            "not a calendar date",
            "a date that exists, written YYYY-MM-DD, YYYY-MM or YYYY",
        )
        problems += flag(
            text.notna() & (text.str.len() != wanted),
            column,
            "date does not match date_precision",
            lambda row: (
                f"{PRECISION_FORMS[row.date_precision]} (date_precision is {row.date_precision})"
            ),
            "write the date to the precision known, or change date_precision",
        )
    problems += flag(
        end_last < start_first,
        "end_date",
        "end date before start date",
        lambda row: f"a date on or after {row.start_date}",
    )

    # A child's dates are compared with its parent's, as far as both are known.
    end_first, end_last = end_first.fillna(start_first), end_last.fillna(start_last)
    bounds = pd.DataFrame({"lo": start_first, "hi": end_last}).set_axis(events["event_id"])
    parent = bounds.reindex(events["parent_event_id"]).set_axis(events.index)
    known = parent["lo"].notna() & start_first.notna()
    year = start_first.dt.year
    other_year = known & ((year < parent["lo"].dt.year) | (year > parent["hi"].dt.year))
    problems += flag(
        other_year,
        "start_date",
        "held outside the year of its parent event",
        lambda row: (
            f"a date in {parent.at[row.name, 'lo'].year} (the year of {row.parent_event_id})"
        ),
        "check the date, or whether parent_event_id names the right edition",
    )
    # Warn only when the child surely starts before, or surely ends after, its parent.
    outside = (start_last < parent["lo"]) | (end_first > parent["hi"])
    problems += flag(
        known & ~other_year & outside,
        "start_date",
        "held outside the dates of its parent event",
        lambda row: f"a date within the dates of {row.parent_event_id}",
        None,
        "warning",
    )
    return problems
