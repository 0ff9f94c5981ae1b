"""Checks of the names in other languages: of series, events and host cities."""

from __future__ import annotations

from functools import partial

import pandas as pd

from coopstats.errors import Problem
from coopstats.integrity.rows import file_of, id_hint, is_known, row_problems
from coopstats.schema import NAME_FIELDS


def check_names(
    names: pd.DataFrame, series: pd.DataFrame | None, events: pd.DataFrame | None
) -> list[Problem]:
    """Names of fields a subject lacks, or of series and events that do not exist."""
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
            lambda row, c=choices, t=target_file: id_hint(row["subject_id"], c, t),
        )
    return problems


def check_city_names(city_names: pd.DataFrame, cities: pd.DataFrame | None) -> list[Problem]:
    """Names of cities that reference/cities.csv does not list."""
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
