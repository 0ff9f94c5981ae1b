"""One participant's record: the events it is named at, and its editions on a timeline.

Inputs are selected participations (see `filters.select_participations`), the events table and
the sources table. An edition and its sub-forums count once on the timeline.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import ROLE_ORDER, Groups, plain_frame, positions, sorted_codes


def participant_events(
    selected: pd.DataFrame, events: pd.DataFrame, sources: pd.DataFrame, participant_id: str
) -> pd.DataFrame:
    """Every selected event one participant is named at, in each role, with the naming source.

    Grain: one row per (event_id, role). Columns: event_id, edition_id, series_id, year,
    start_date, kind, title, role, mode, source_id, source_publisher, source_url, is_mirror.
    Sorted by start_date, event_id, role (ROLES order). Empty (same columns) when the
    participant is not named in the selection.
    """
    columns = [
        "event_id", "edition_id", "series_id", "year", "start_date", "kind", "title", "role",
        "mode", "source_id", "source_publisher", "source_url", "is_mirror",
    ]  # fmt: skip
    rows = selected.loc[
        (selected["participant_id"] == participant_id).to_numpy(),
        ["event_id", "edition_id", "series_id", "year", "kind", "role", "mode", "source_id"],
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = plain_frame(rows).reset_index(drop=True)
    named_by = sources[["source_id", "publisher", "url", "is_mirror"]].rename(
        columns={"publisher": "source_publisher", "url": "source_url"}
    )
    # Each row's event and source found by position in their tables, and the rows put in
    # order by integer codes: two merges (each checking its keys) and a sort on text cost
    # 50 ms for a participant named at a thousand events.
    at_event = positions(rows["event_id"], events["event_id"])
    at_source = positions(rows["source_id"], sources["source_id"])
    if (at_event < 0).any() or (at_source < 0).any():  # an id its table lacks: joined as before
        rows = rows.merge(events[["event_id", "title", "start_date"]], on="event_id", how="left")
        rows = rows.merge(named_by, on="source_id", how="left")
    else:
        rows = rows.assign(
            title=events["title"].array.take(at_event),
            start_date=events["start_date"].array.take(at_event),
            **{c: named_by[c].array.take(at_source) for c in named_by.columns[1:]},
        )
    start, _ = sorted_codes(rows["start_date"])
    start = np.where(start < 0, start.max(initial=0) + 1, start)  # a missing date sorts last
    event, _ = sorted_codes(rows["event_id"])
    rank = {r: i for i, r in enumerate(ROLE_ORDER)}
    role = np.array([rank.get(r, len(rank)) for r in rows["role"].tolist()])
    order = np.lexsort((role, event, start))
    return rows[columns].take(order).reset_index(drop=True)


def participant_editions(selected: pd.DataFrame, participant_id: str) -> pd.DataFrame:
    """The editions one participant attended, its sub-forums folded in: what a timeline draws.

    Grain: one row per edition_id. Columns: edition_id, series_id, year, events (distinct
    events of the edition it is named at), roles (", "-joined in ROLES order), top_role (the
    first of ROLES held), by_video (took part by video at least once at that edition).
    Sorted by year, series_id, edition_id.
    """
    columns = ["edition_id", "series_id", "year", "events", "roles", "top_role", "by_video"]
    rows = selected[selected["participant_id"] == participant_id]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    groups = Groups(rows, ["edition_id"])
    roles = groups.roles(rows["role"])
    out = groups.keys.assign(
        series_id=groups.first(rows["series_id"]),
        year=groups.reduce(rows["year"], "min"),
        events=groups.distinct(rows["event_id"]),
        roles=pd.Series(roles, dtype="str"),
        by_video=groups.any(rows["mode"] == "video"),
        top_role=pd.Series([r.split(", ")[0] for r in roles], dtype=object),
    )
    out = out.sort_values(["year", "series_id", "edition_id"], kind="stable")
    return out[columns].reset_index(drop=True)
