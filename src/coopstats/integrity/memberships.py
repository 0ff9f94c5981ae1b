"""Checks of the memberships of processes: one member per row, years in order, no row twice."""

from __future__ import annotations

from functools import partial

import pandas as pd

from coopstats.errors import Problem
from coopstats.integrity.rows import duplicated, first_rows, row_problems


def check_memberships(memberships: pd.DataFrame) -> list[Problem]:
    """Rows naming both or neither member kind, ending before they start, or given twice."""
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
