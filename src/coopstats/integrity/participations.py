"""Checks of the named participations: one participant per row, no row twice."""

from __future__ import annotations

from functools import partial

import pandas as pd

from coopstats.errors import Problem
from coopstats.integrity.rows import duplicated, first_rows, row_problems


def check_participants(participations: pd.DataFrame) -> list[Problem]:
    """Rows naming both or neither of a country and an organisation, and repeated rows."""
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
