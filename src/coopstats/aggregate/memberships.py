"""Membership questions: who belongs to which membership-based process, as of a year.

Input frames are `memberships.csv` as loaded (see `schema.Membership`). A membership is a
standing in a process, never an attendance: nothing here reads participations.

A row is in force at the end of year Y when it started in Y or before and had not ended by the
end of Y (`end_year` empty or after Y). A row with no start year counts from the earliest start
year of its process (from any year when no row of the process is dated). Counts are of member
statuses (full and associate members); observers are listed beside them, not counted.
"""

from __future__ import annotations

import pandas as pd

MEMBER_STATUSES = ("full_member", "associate_member")


def in_force(memberships: pd.DataFrame, year: int | None, series: tuple[str, ...] = ()):
    """The rows in force at the end of `year` (every row when None), for `series` (all if empty).

    Grain: one row per membership row, as in the input. Sorted as the input.
    """
    keep = pd.Series(True, index=memberships.index)
    if year is not None:
        # An undated row counts from the earliest year its process is known to have members.
        first = memberships.groupby("series_id")["start_year"].transform("min")
        undated = memberships["start_year"].isna() & (first.isna() | (first <= year))
        started = undated | (memberships["start_year"] <= year)
        ended = memberships["end_year"].notna() & (memberships["end_year"] <= year)
        keep &= (started & ~ended).fillna(False).astype(bool)
    if series:
        keep &= memberships["series_id"].isin(series)
    return memberships[keep]


def processes_per_country(
    memberships: pd.DataFrame, *, year: int | None, series: tuple[str, ...] = ()
) -> pd.DataFrame:
    """How many processes each country or territory belongs to at the end of `year`.

    Grain: one row per iso3 that is a member or observer of at least one selected process.
    Columns: iso3, processes (distinct processes it is a full or associate member of),
    member_of (their series_ids, ", "-joined, sorted), observer_of (processes it only
    observes, ", "-joined), undated (True when a counted membership has no start year).
    Sorted by processes (descending), then iso3.
    """
    columns = ["iso3", "processes", "member_of", "observer_of", "undated"]
    rows = in_force(memberships, year, series)
    rows = rows[rows["iso3"].notna()]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            columns, ["str", "int64", "str", "str", "bool"], strict=True)})  # fmt: skip
    member = rows["status"].isin(MEMBER_STATUSES)
    joined = rows[member].groupby("iso3")["series_id"].agg(set)
    observed = rows[~member].groupby("iso3")["series_id"].agg(set)
    undated = (member & rows["start_year"].isna()).groupby(rows["iso3"]).any()
    iso3 = sorted(set(rows["iso3"]))
    of = [joined.get(code, set()) for code in iso3]
    out = pd.DataFrame(
        {
            "iso3": pd.Series(iso3, dtype="str"),
            "processes": pd.Series([len(s) for s in of], dtype="int64"),
            "member_of": pd.Series([", ".join(sorted(s)) for s in of], dtype="str"),
            "observer_of": pd.Series(
                [
                    ", ".join(sorted(observed.get(c, set()) - s))
                    for c, s in zip(iso3, of, strict=True)
                ],
                dtype="str",
            ),
            "undated": pd.Series([bool(undated.get(code, False)) for code in iso3], dtype=bool),
        }
    )
    out = out.sort_values(["processes", "iso3"], ascending=[False, True], kind="stable")
    return out[columns].reset_index(drop=True)


def members_per_process(memberships: pd.DataFrame, *, year: int | None = None) -> pd.DataFrame:
    """How many members and observers each process has at the end of `year` (all rows if None).

    Grain: one row per series_id with at least one row. Columns: series_id, countries
    (distinct iso3 that are full or associate members), organisations (distinct org_id
    members), observers (distinct observers, countries and organisations), undated (member
    rows without a start year). Sorted by series_id.
    """
    columns = ["series_id", "countries", "organisations", "observers", "undated"]
    rows = in_force(memberships, year)
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in columns}).astype(
            {"series_id": "str"}
        )
    member = rows["status"].isin(MEMBER_STATUSES)
    participant = rows["iso3"].fillna(rows["org_id"])
    by = rows["series_id"]
    out = pd.DataFrame(
        {
            "countries": rows["iso3"].where(member).groupby(by).nunique(),
            "organisations": rows["org_id"].where(member).groupby(by).nunique(),
            "observers": participant.where(~member).groupby(by).nunique(),
            "undated": (member & rows["start_year"].isna()).groupby(by).sum(),
        }
    )
    out = out.astype("int64").rename_axis("series_id").reset_index()
    out["series_id"] = out["series_id"].astype("str")
    return out.sort_values("series_id", kind="stable")[columns].reset_index(drop=True)


def memberships_of(memberships: pd.DataFrame, participant_id: str) -> pd.DataFrame:
    """Every membership row of one country (iso3) or organisation (org_id).

    Grain: one row per membership row. Columns: series_id, status, start_year, end_year,
    source_id, notes. Sorted by series_id, then start_year (unknown last).
    """
    columns = ["series_id", "status", "start_year", "end_year", "source_id", "notes"]
    mine = (memberships["iso3"] == participant_id) | (memberships["org_id"] == participant_id)
    rows = memberships.loc[mine.fillna(False).astype(bool), columns]
    rows = rows.sort_values(["series_id", "start_year"], na_position="last", kind="stable")
    return rows.reset_index(drop=True)


def processes(memberships: pd.DataFrame | None) -> list[str]:
    """The series that are membership-based processes (have rows in `memberships`), sorted."""
    if memberships is None or memberships.empty:
        return []
    return sorted(memberships["series_id"].unique())


def participants(memberships: pd.DataFrame | None) -> list[str]:
    """Every country, territory or organisation with a membership (iso3 or org_id), sorted."""
    if memberships is None or memberships.empty:
        return []
    return sorted(set(memberships["iso3"].fillna(memberships["org_id"])))


def countries_in_processes(
    memberships: pd.DataFrame,
    countries: pd.DataFrame,
    *,
    year: int,
    series: tuple[str, ...],
    regions: tuple[str, ...] = (),
    participant_types: tuple[str, ...] = (),
) -> pd.DataFrame:
    """processes_per_country at the end of `year` for `series`, placed and narrowed.

    Grain: one row per country or territory of `countries` (reference/countries.csv) in a
    process of `series`, in a UN M49 region of `regions` (all when empty), of a participant
    type of `participant_types` ("country", "territory"; all when empty or with every type).
    Columns: processes_per_country's, then has_polygon, lat, lon. Sorted as
    processes_per_country.
    """
    out = processes_per_country(memberships, year=year, series=series)
    reference = countries[["iso3", "entity_type", "has_polygon", "lat", "lon", "region"]]
    out = out.merge(reference, on="iso3", how="left", validate="one_to_one")
    if regions:
        out = out[out["region"].isin(regions)]
    types = set(participant_types)
    if types and types != {"country", "territory", "organisation"}:
        kinds = {"country": "state", "territory": "territory"}
        out = out[out["entity_type"].isin([kinds[t] for t in types if t in kinds])]
    return out.drop(columns=["entity_type", "region"]).reset_index(drop=True)
