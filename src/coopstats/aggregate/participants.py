"""Per-participant questions: who came how often, when, in which roles, and with whom.

An edition and its sub-forums count once: a country named at a sub-forum attended that edition.
Input frames are selected participations (see `filters.select_participations`).
"""

from __future__ import annotations

import pandas as pd

from coopstats.schema import ROLES

ROLE_ORDER = list(ROLES)  # host first: the "top" role of a participant is the earliest here


def _join_sorted(values: pd.Series) -> str:
    return ", ".join(sorted(set(values.dropna())))


def _join_roles(values: pd.Series) -> str:
    return ", ".join(r for r in ROLE_ORDER if r in set(values))


def participant_history(selected: pd.DataFrame) -> pd.DataFrame:
    """Each participant's record over the selected events.

    Grain: one row per participant. Columns: participant_id, participant_type, iso3, org_id,
    editions (distinct editions, sub-forums folded into their edition), events (distinct events),
    first_year, last_year, series_ids (", "-joined), roles (", "-joined in ROLES order),
    top_role (the first of ROLES held), by_video (took part by video at least once).
    Sorted by editions (descending) then participant_id.
    """
    columns = [
        "participant_id", "participant_type", "iso3", "org_id", "editions", "events",
        "first_year", "last_year", "series_ids", "roles", "top_role", "by_video",
    ]  # fmt: skip
    if selected.empty:
        return pd.DataFrame(columns=columns)
    grouped = selected.groupby("participant_id", sort=True)
    out = grouped.agg(
        participant_type=("participant_type", "first"),
        iso3=("iso3", "first"),
        org_id=("org_id", "first"),
        editions=("edition_id", "nunique"),
        events=("event_id", "nunique"),
        first_year=("year", "min"),
        last_year=("year", "max"),
        series_ids=("series_id", _join_sorted),
        roles=("role", _join_roles),
        by_video=("mode", lambda s: bool((s == "video").any())),
    ).reset_index()
    out["top_role"] = out["roles"].str.split(", ").str[0]
    out = out.sort_values(["editions", "participant_id"], ascending=[False, True], kind="stable")
    return out[columns].reset_index(drop=True)


def editions_by_year(selected: pd.DataFrame) -> pd.DataFrame:
    """Which editions each participant attended, by series and year.

    Grain: one row per (participant_id, series_id, year). Columns: participant_id, series_id,
    year, editions (distinct editions that year), roles. Sorted by the key.
    """
    key = ["participant_id", "series_id", "year"]
    if selected.empty:
        return pd.DataFrame(columns=[*key, "editions", "roles"])
    out = selected.groupby(key, sort=True).agg(
        editions=("edition_id", "nunique"), roles=("role", _join_roles)
    )
    return out.reset_index()


def co_attendees(selected: pd.DataFrame, participant_id: str) -> pd.DataFrame:
    """Who else was named at the editions a participant attended.

    Grain: one row per other participant. Columns: participant_id, participant_type,
    shared_editions. Sorted by shared_editions (descending) then participant_id.
    """
    editions = selected.loc[selected["participant_id"] == participant_id, "edition_id"].unique()
    others = selected[
        selected["edition_id"].isin(editions) & (selected["participant_id"] != participant_id)
    ]
    out = (
        others.groupby(["participant_id", "participant_type"], sort=True)["edition_id"]
        .nunique()
        .rename("shared_editions")
        .reset_index()
    )
    return out.sort_values(
        ["shared_editions", "participant_id"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def participants_per_region(selected: pd.DataFrame) -> pd.DataFrame:
    """Distinct countries and territories named per UN M49 region and sub-region.

    Grain: one row per (region, sub_region); organisations have no region and are left out.
    Columns: region, sub_region, participants (distinct), editions (distinct editions with at
    least one of them). Sorted by participants (descending), region, sub_region.
    """
    rows = selected[selected["participant_type"].isin(["country", "territory"])]
    rows = rows.assign(
        region=rows["region"].fillna("(no region)"), sub_region=rows["sub_region"].fillna("")
    )
    out = (
        rows.groupby(["region", "sub_region"], sort=True)
        .agg(participants=("participant_id", "nunique"), editions=("edition_id", "nunique"))
        .reset_index()
    )
    return out.sort_values(
        ["participants", "region", "sub_region"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def organisation_participation(selected: pd.DataFrame, organisations: pd.DataFrame) -> pd.DataFrame:
    """Which international organisations took part, how often and where.

    Grain: one row per organisation named in the selection. Columns: org_id, acronym, name_en,
    org_type, editions, events, first_year, last_year, series_ids, roles, by_video.
    Sorted by editions (descending) then org_id.
    """
    rows = selected[selected["participant_type"] == "organisation"]
    history = participant_history(rows).drop(columns=["participant_type", "iso3", "top_role"])
    history = history.drop(columns=["participant_id"])
    out = history.merge(
        organisations[["org_id", "acronym", "name_en", "org_type"]], on="org_id", how="left"
    )
    columns = [
        "org_id", "acronym", "name_en", "org_type", "editions", "events", "first_year",
        "last_year", "series_ids", "roles", "by_video",
    ]  # fmt: skip
    return out[columns].reset_index(drop=True)
