"""Per-participant questions: who came how often, when, in which roles, and with whom.

An edition and its sub-forums count once: a country named at a sub-forum attended that edition.
Input frames are selected participations (see `filters.select_participations`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import ROLE_ORDER, Groups, codes_of, filled, plain_frame
from coopstats.aggregate.organisations import organisation_rows


def _join_sorted(values: pd.Series) -> str:
    return ", ".join(sorted(set(values.dropna())))


def _join_roles(values: pd.Series) -> str:
    held = set(values)
    return ", ".join(r for r in ROLE_ORDER if r in held)


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
    # Integer codes, not per-group Python: a million rows take milliseconds, not minutes.
    groups = Groups(selected, ["participant_id"])
    roles = groups.roles(selected["role"])
    out = pd.DataFrame(
        {
            "participant_id": groups.keys["participant_id"],
            "participant_type": groups.first(selected["participant_type"]),
            "iso3": groups.first(selected["iso3"]),
            "org_id": groups.first(selected["org_id"]),
            "editions": groups.distinct(selected["edition_id"]),
            "events": groups.distinct(selected["event_id"]),
            "first_year": groups.reduce(selected["year"], "min"),
            "last_year": groups.reduce(selected["year"], "max"),
            "series_ids": groups.joined(selected["series_id"]),
            "roles": pd.Series(roles, dtype="str"),
            "top_role": pd.Series([r.split(", ")[0] for r in roles], dtype=object),
            "by_video": groups.any(selected["mode"] == "video"),
        }
    )
    out = out.sort_values(["editions", "participant_id"], ascending=[False, True], kind="stable")
    return out[columns].reset_index(drop=True)


def participant_record(selected: pd.DataFrame, participant_id: str) -> pd.DataFrame:
    """One participant's row of participant_history(selected), from its own rows only.

    Grain and columns: those of participant_history; one row, or none (same columns) when
    the participant is not named in the selection. A participant's row depends on its own
    participations only, so a profile need not group every other participant's.
    """
    return participant_history(selected[(selected["participant_id"] == participant_id).to_numpy()])


def editions_by_year(selected: pd.DataFrame) -> pd.DataFrame:
    """Which editions each participant attended, by series and year.

    Grain: one row per (participant_id, series_id, year). Columns: participant_id, series_id,
    year, editions (distinct editions that year), roles. Sorted by the key.
    """
    key = ["participant_id", "series_id", "year"]
    if selected.empty:
        return pd.DataFrame(columns=[*key, "editions", "roles"])
    groups = Groups(selected, key)
    out = groups.keys.assign(
        editions=groups.distinct(selected["edition_id"]),
        roles=groups.role_names(selected["role"]),
    )
    return out


def co_attendees(selected: pd.DataFrame, participant_id: str) -> pd.DataFrame:
    """Who else was named at the editions a participant attended.

    Grain: one row per other participant. Columns: participant_id, participant_type,
    shared_editions. Sorted by shared_editions (descending) then participant_id.
    """
    own = (selected["participant_id"] == participant_id).to_numpy()
    codes, _ = codes_of(selected["edition_id"])
    # The participant's editions as a table of edition codes, no hashing of text. Codes are
    # shifted by one so that a missing edition (-1) has a slot of its own, as in isin.
    attended = np.zeros(int(codes.max(initial=-1)) + 2, dtype=bool)
    attended[codes[own] + 1] = True
    others = selected[attended[codes + 1] & ~own]
    groups = Groups(others, ["participant_id", "participant_type"])
    out = groups.keys.assign(shared_editions=groups.distinct(others["edition_id"]))
    return plain_frame(
        out.sort_values(
            ["shared_editions", "participant_id"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)
    )


def participants_per_region(selected: pd.DataFrame) -> pd.DataFrame:
    """Distinct countries and territories named per UN M49 region and sub-region.

    Grain: one row per (region, sub_region); organisations have no region and are left out.
    Columns: region, sub_region, participants (distinct), editions (distinct editions with at
    least one of them). Sorted by participants (descending), region, sub_region.
    """
    columns = ["region", "sub_region", "participant_id", "edition_id"]
    rows = selected[columns][selected["participant_type"].isin(["country", "territory"])]
    rows = rows.assign(
        region=filled(rows["region"], "(no region)"), sub_region=filled(rows["sub_region"], "")
    )
    groups = Groups(rows, ["region", "sub_region"])
    out = groups.keys.assign(
        participants=groups.distinct(rows["participant_id"]),
        editions=groups.distinct(rows["edition_id"]),
    )
    return out.sort_values(
        ["participants", "region", "sub_region"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def organisation_participation(
    selected: pd.DataFrame, organisations: pd.DataFrame, history: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Which international organisations took part, how often and where.

    Grain: one row per organisation named in the selection. Columns: org_id, acronym, name_en,
    org_type, editions, events, first_year, last_year, series_ids, roles, by_video.
    Sorted by editions (descending) then org_id. `history`, when given, is
    participant_history(selected), already made for the same selection (the map asks both):
    an organisation's row depends on its own participations only, so its rows are the same.
    """
    if history is None:
        history = participant_history(organisation_rows(selected))
    else:
        history = history[history["participant_type"] == "organisation"]
        if history.empty:  # the empty frame participant_history gives, whatever the input
            history = participant_history(selected.iloc[0:0])
    history = history.drop(columns=["participant_type", "iso3", "top_role"])
    history = history.drop(columns=["participant_id"])
    out = history.merge(
        organisations[["org_id", "acronym", "name_en", "org_type"]], on="org_id", how="left"
    )
    columns = [
        "org_id", "acronym", "name_en", "org_type", "editions", "events", "first_year",
        "last_year", "series_ids", "roles", "by_video",
    ]  # fmt: skip
    return out[columns].reset_index(drop=True)
