"""Checks across tables: ids that point nowhere, dates that disagree, counts that contradict.

Pure functions: validated frames in, a list of Problems out; nothing is read or changed. A
frame's index plus 2 is the row's line number in its file (the header is line 1), which is
how `load.read_table` returns them. A table that failed to load is passed as None and the
checks that need it are skipped, so that its own problems are not buried under echoes.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as arrow_compute

from coopstats.errors import Problem
from coopstats.schema import COUNTRY_METRICS, NAME_FIELDS, ORGANISATION_METRICS

# Beyond this many rows failing one check in one file, a summary problem counts the rest.
MAX_ROWS_PER_CHECK = 50

PRECISION_FORMS = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}

# Ids that must point at a row of another table: (table, column, target table, target column).
LINKS = [
    ("series", "source_id", "sources", "source_id"),
    ("events", "source_id", "sources", "source_id"),
    ("figures", "source_id", "sources", "source_id"),
    ("participations", "source_id", "sources", "source_id"),
    ("events", "series_id", "series", "series_id"),
    ("events", "parent_event_id", "events", "event_id"),
    ("figures", "event_id", "events", "event_id"),
    ("participations", "event_id", "events", "event_id"),
    ("participations", "org_id", "organisations", "org_id"),
    ("participations", "iso3", "countries", "iso3"),
    ("participations", "delegation_of", "countries", "iso3"),
    ("events", "host_iso3", "countries", "iso3"),
    ("organisations", "hq_iso3", "countries", "iso3"),
    ("country_aliases", "iso3", "countries", "iso3"),
    ("cities", "iso3", "countries", "iso3"),
    ("memberships", "series_id", "series", "series_id"),
    ("memberships", "iso3", "countries", "iso3"),
    ("memberships", "org_id", "organisations", "org_id"),
    ("memberships", "source_id", "sources", "source_id"),
    ("names", "source_id", "sources", "source_id"),
    ("city_names", "iso3", "countries", "iso3"),
]

Hint = str | Callable[[pd.Series], str | None] | None


def file_of(table: str) -> str:
    """The file a table is read from, as messages name it."""
    reference = table in ("countries", "country_aliases", "cities", "city_names")
    return f"reference/{table}.csv" if reference else f"{table}.csv"


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


def row_problems(
    frame: pd.DataFrame,
    file: str,
    mask: pd.Series,
    column: str,
    what: str,
    expected: Hint = None,
    hint: Hint = None,
    severity: str = "error",
) -> list[Problem]:
    """One Problem per row of `frame` where `mask` holds, showing the row's value in `column`.

    `expected` and `hint` may be functions of the row. Past MAX_ROWS_PER_CHECK rows, one
    summary problem counts the rest. Loops over failing rows only.
    """
    failing = frame.loc[mask.fillna(False).astype(bool)]
    problems = []
    for index, row in failing.head(MAX_ROWS_PER_CHECK).iterrows():
        value = row[column]
        value = None if pd.isna(value) else value.item() if hasattr(value, "item") else value
        problems.append(
            Problem(
                what,
                file=file,
                row=int(index) + 2,
                column=column,
                value=value,
                expected=expected(row) if callable(expected) else expected,
                hint=hint(row) if callable(hint) else hint,
                severity=severity,
            )
        )
    if len(failing) > MAX_ROWS_PER_CHECK:
        more = f"{len(failing) - MAX_ROWS_PER_CHECK} more rows: {what}"
        problems.append(Problem(more, file=file, column=column, severity=severity))
    return problems


def is_known(values: pd.Series, known: pd.Series) -> pd.Series:
    """`values.isin(known)`, fast when `known` is long (pandas 3 walks it in Python for strings)."""
    try:
        found = arrow_compute.is_in(
            pyarrow.array(values, from_pandas=True),
            value_set=pyarrow.array(known.dropna().unique(), from_pandas=True),
        )
    except (pyarrow.ArrowException, TypeError):
        return values.isin(known)
    return pd.Series(np.asarray(found.fill_null(False), dtype=bool), index=values.index)


def closest(value: object, choices: Iterable[str], n: int = 1) -> list[str]:
    """The choices nearest to a misspelt value (difflib), best first; empty when none is close."""
    return difflib.get_close_matches(str(value), list(choices), n=n, cutoff=0.6)


def country_hint(code: object, countries: pd.DataFrame) -> str:
    """Suggest the countries closest to an unknown code: by code, then by English name."""
    text = str(code).strip().upper()
    names = dict(zip(countries["iso3"], countries["name_en"], strict=True))
    upper = countries["name_en"].str.upper()
    matches = closest(text, names, n=3)
    by_name = countries.loc[upper.str.startswith(text) | upper.isin(closest(text, upper)), "iso3"]
    matches += [c for c in by_name if c not in matches]
    if not matches:
        return "use the ISO 3166 alpha-3 code listed in reference/countries.csv"
    return f"did you mean {' or '.join(f'{c} ({names[c]})' for c in matches[:3])}?"


def _id_hint(value: object, choices: list[str], target: str) -> str:
    match = closest(value, choices)
    return f"did you mean {match[0]!r}?" if match else f"add it to {file_of(target)} or fix the id"


def _links(t: Any) -> list[Problem]:
    problems: list[Problem] = []
    for table, column, target, key in LINKS:
        frame, known = getattr(t, table, None), getattr(t, target, None)
        if frame is None or known is None:
            continue
        mask = frame[column].notna() & ~is_known(frame[column], known[key])
        if not mask.any():
            continue
        if target == "countries":
            what, expected = (
                "unknown country code",
                "an iso3 code listed in reference/countries.csv",
            )
            hint = partial(country_hint, countries=known)
        else:
            what, expected = f"unknown {column}", f"an id listed in {file_of(target)}"
            hint = partial(_id_hint, choices=known[key].dropna().unique().tolist(), target=target)
        problems += row_problems(
            frame,
            file_of(table),
            mask,
            column,
            what,
            expected,
            lambda row, c=column, h=hint: h(row[c]),
        )
    return problems


def _parents(events: pd.DataFrame) -> list[Problem]:
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


def _dates(events: pd.DataFrame) -> list[Problem]:
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


def _participants(participations: pd.DataFrame) -> list[Problem]:
    flag = partial(row_problems, participations, "participations.csv")
    iso3, org = participations["iso3"].notna(), participations["org_id"].notna()
    one = "exactly one of iso3 and org_id"
    problems = flag(
        iso3 & org,
        "org_id",
        "both iso3 and org_id are filled",
        one,
        "write the country and the organisation on two rows",
    )
    problems += flag(~iso3 & ~org, "iso3", "neither iso3 nor org_id is filled", one)
    keyed = participations.assign(
        participant=participations["iso3"].fillna(participations["org_id"])
    )
    keys = ["event_id", "participant", "role"]
    repeated = duplicated(keyed, keys) & keyed["participant"].notna()
    # Only needed for the hint: a grouping of a million rows is not paid when all is well.
    first = first_rows(keyed, keys) if repeated.any() else None
    problems += row_problems(
        keyed,
        "participations.csv",
        repeated,
        "role",
        "duplicate participation (same event, participant and role)",
        None,
        lambda row: f"same as row {first[row.name]}; keep one row",
    )
    return problems


def duplicated(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """`frame.duplicated(keys)` (missing values equal), on integer codes: fast on long text."""
    combined, width = np.zeros(len(frame), dtype=np.int64), 1
    for key in keys:
        codes, uniques = pd.factorize(frame[key], use_na_sentinel=False)
        if width * (len(uniques) + 1) >= 1 << 62:  # renumber before the product overflows
            combined, found = pd.factorize(combined)
            width = len(found)
        combined, width = combined * (len(uniques) + 1) + codes, width * (len(uniques) + 1)
    return pd.Series(pd.Series(combined).duplicated().to_numpy(), index=frame.index)


def first_rows(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """For each row, the line number of the first row with the same values in `keys`."""
    groups = frame.groupby(keys, dropna=False, sort=False).ngroup()
    return pd.Series(frame.index + 2, index=frame.index).groupby(groups).transform("first")


def _figures(figures: pd.DataFrame, sources: pd.DataFrame | None) -> list[Problem]:
    flag = partial(row_problems, figures, "figures.csv")
    keys = ["event_id", "metric", "scope", "value", "qualifier", "status", "source_id"]
    repeated = duplicated(figures, keys)
    first = first_rows(figures, keys) if repeated.any() else None
    problems = flag(
        repeated,
        "figure_id",
        "duplicate figure",
        None,
        lambda row: (
            f"same event, metric, scope, value, qualifier, status and source as row "
            f"{first[row.name]}; keep one row"
        ),
    )
    if sources is not None:
        mirror = figures["source_id"].map(sources.set_index("source_id")["is_mirror"])
        original = ~mirror.fillna(True).astype(bool)
        groups = [figures[k] for k in ("event_id", "metric", "scope")]
        backed = original.groupby(groups, dropna=False).transform("any")
        problems += flag(
            ~backed,
            "source_id",
            "the only sources of this figure are mirrors",
            None,
            "cite the original publisher's page too (see mirror_of in sources.csv)",
            "warning",
        )
    return problems


def _distinct_per_event(participations: pd.DataFrame, column: str, where: np.ndarray) -> pd.Series:
    """Distinct non-missing values of `column` per event_id among the rows `where` holds.

    Integer codes rather than groupby-nunique on text, which costs seconds at a million rows.
    """
    event, events = pd.factorize(participations["event_id"])
    codes, uniques = pd.factorize(participations[column])
    keep = where & (codes >= 0) & (event >= 0)
    width = len(uniques) + 1
    pairs = pd.unique(event[keep].astype(np.int64) * width + codes[keep])
    counts = np.bincount(pairs // width, minlength=len(events))
    return pd.Series(counts, index=pd.Index(events, dtype=object))


def _named_exceeds(figures: pd.DataFrame, participations: pd.DataFrame) -> list[Problem]:
    """Warn where more participants are named than an exact or maximum reported figure allows."""
    # A territory named within another country's delegation is not counted as a country.
    own = participations["delegation_of"].isna().to_numpy()
    countries = _distinct_per_event(participations, "iso3", own)
    organisations = _distinct_per_event(participations, "org_id", np.ones(len(own), dtype=bool))
    of_countries = figures["metric"].isin(COUNTRY_METRICS)
    of_organisations = figures["metric"].isin(ORGANISATION_METRICS)
    named = figures["event_id"].map(countries).astype("float").where(of_countries)
    named = named.fillna(figures["event_id"].map(organisations).astype("float"))
    named = named.where(of_countries | of_organisations)
    firm = figures["qualifier"].isin(["exact", "up_to"]) & (figures["status"] == "reported")
    exceeds = firm & figures["scope"].isna() & (named > figures["value"].astype("float"))
    kinds = pd.Series("countries and territories", index=figures.index).mask(
        of_organisations, "organisations"
    )
    return row_problems(
        figures,
        "figures.csv",
        exceeds,
        "value",
        "fewer than the participants named for this event",
        lambda row: (
            f"at least {int(named[row.name])} ({kinds[row.name]} named in "
            f"participations.csv for {row.event_id})"
        ),
        "check the figure and its qualifier, or the participations of this event",
        "warning",
    )


def _memberships(memberships: pd.DataFrame) -> list[Problem]:
    flag = partial(row_problems, memberships, "memberships.csv")
    iso3, org = memberships["iso3"].notna(), memberships["org_id"].notna()
    one = "exactly one of iso3 and org_id"
    problems = flag(iso3 & org, "org_id", "both iso3 and org_id are filled", one,
                    "write the country and the organisation on two rows")  # fmt: skip
    problems += flag(~iso3 & ~org, "iso3", "neither iso3 nor org_id is filled", one)
    start, end = memberships["start_year"], memberships["end_year"]
    problems += flag(
        (end < start).fillna(False),
        "end_year",
        "ends before it starts",
        lambda row: f"{row['start_year']} or later (start_year)",
        "check both years against the source",
    )
    keyed = memberships.assign(participant=memberships["iso3"].fillna(memberships["org_id"]))
    keys = ["series_id", "participant", "status", "start_year"]
    repeated = duplicated(keyed, keys) & keyed["participant"].notna()
    first = first_rows(keyed, keys) if repeated.any() else None
    problems += row_problems(
        keyed, "memberships.csv", repeated, "status",
        "duplicate membership (same process, participant, status and start year)", None,
        lambda row: f"same as row {first[row.name]}; keep one row",
    )  # fmt: skip
    return problems


def _names(names: pd.DataFrame, series: pd.DataFrame | None, events: pd.DataFrame | None):
    flag = partial(row_problems, names, "names.csv")
    problems: list[Problem] = []
    for subject, fields in NAME_FIELDS.items():
        rows = names["subject"] == subject
        problems += flag(
            rows & ~names["field"].isin(fields),
            "field",
            f"not a field of a {subject}",
            f"one of: {', '.join(fields)}",
        )
        target, key = (series, "series_id") if subject == "series" else (events, "event_id")
        target_file = "series" if subject == "series" else "events"
        if target is None:
            continue
        choices = target[key].dropna().unique().tolist()
        problems += flag(
            rows & ~is_known(names["subject_id"], target[key]),
            "subject_id",
            f"unknown {key}",
            f"an id listed in {file_of(target_file)}",
            lambda row, c=choices, t=target_file: _id_hint(row["subject_id"], c, t),
        )
    return problems


def _city_names(city_names: pd.DataFrame, cities: pd.DataFrame | None) -> list[Problem]:
    if cities is None:
        return []
    known = pd.MultiIndex.from_frame(cities[["city", "iso3"]])
    found = pd.MultiIndex.from_frame(city_names[["city", "iso3"]]).isin(known)
    return row_problems(
        city_names,
        "reference/city_names.csv",
        pd.Series(~found, index=city_names.index),
        "city",
        "city not in reference/cities.csv",
        "a (city, iso3) pair listed in reference/cities.csv",
        "rebuild both files with tools/build_cities.py",
    )


def check_tables(t: Any) -> list[Problem]:
    """Every cross-table problem in a set of loaded tables (a `load.Tables` or alike).

    `t` has the attributes sources, series, events, figures, organisations, participations,
    countries and country_aliases; any of them may be None when that table failed to load,
    and the checks that need it are then skipped. Errors and warnings (severity "warning")
    are returned together, in check order.
    """
    problems = _links(t)
    if t.events is not None:
        problems += _parents(t.events) + _dates(t.events)
    if t.participations is not None:
        problems += _participants(t.participations)
    if t.figures is not None:
        problems += _figures(t.figures, t.sources)
        if t.participations is not None and t.events is not None:
            problems += _named_exceeds(t.figures, t.participations)
    if getattr(t, "memberships", None) is not None:
        problems += _memberships(t.memberships)
    if getattr(t, "names", None) is not None:
        problems += _names(t.names, t.series, t.events)
    if getattr(t, "city_names", None) is not None:
        problems += _city_names(t.city_names, t.cities)
    return problems
