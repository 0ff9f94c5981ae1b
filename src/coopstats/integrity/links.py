"""Ids that must point at a row of another table."""

from __future__ import annotations

from functools import partial
from typing import Any

from coopstats.errors import Problem
from coopstats.integrity.rows import country_hint, file_of, id_hint, is_known, row_problems

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


def check_links(t: Any) -> list[Problem]:
    """Every id of LINKS that names no row of its target table (tables that are None skipped)."""
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
            hint = partial(id_hint, choices=known[key].dropna().unique().tolist(), target=target)
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
