"""Which international organisations attended which editions, grouped by organisation type.

Inputs are selected participations (see `filters.select_participations`) and the organisations
table. An edition and its sub-forums count once: an organisation named at a sub-forum attended
that edition.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import Groups, positions
from coopstats.schema import ORGANISATION_TYPES

TYPE_ORDER = list(ORGANISATION_TYPES)


def _type_rank(org_type: pd.Series) -> pd.Series:
    """Position of each type in ORGANISATION_TYPES; an unknown type sorts last."""
    return org_type.map({t: i for i, t in enumerate(TYPE_ORDER)}).fillna(len(TYPE_ORDER))


def of_org_types(frame: pd.DataFrame, org_types: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of an organisation frame whose org_type is one of `org_types` (all when empty).

    Grain and columns: those of `frame`, rows re-sorted by type (ORGANISATION_TYPES order), then
    editions (descending), then org_id, so that a chart groups organisations by type.
    """
    rows = frame[frame["org_type"].isin(org_types)] if org_types else frame
    rows = rows.assign(_rank=_type_rank(rows["org_type"]))
    rows = rows.sort_values(
        ["_rank", "editions", "org_id"], ascending=[True, False, True], kind="stable"
    )
    return rows.drop(columns="_rank").reset_index(drop=True)


def organisation_rows(selected: pd.DataFrame) -> pd.DataFrame:
    """The rows of selected participations that name an organisation.

    Grain and columns: those of `selected` (participations), its rows whose participant_type
    is "organisation", in its order. What organisation_participation and organisation_years
    read: each gives the same answer from these rows as from the whole selection.
    """
    named = (selected["participant_type"] == "organisation").to_numpy()
    return selected if named.all() else selected[named]


def organisation_years(
    selected: pd.DataFrame, organisations: pd.DataFrame, org_types: Sequence[str] = ()
) -> pd.DataFrame:
    """In which years each organisation was named, at how many editions, and whether by video.

    Grain: one row per (org_id, year) with at least one named participation. Columns: org_id,
    acronym, name_en, org_type, year, editions (distinct editions that year), video_editions
    (of those, the editions where it took part by video at least once), series_ids and roles
    (", "-joined), total_editions (distinct editions over the whole selection). Only the types
    in `org_types` (all when empty). Sorted by org_type (ORGANISATION_TYPES order),
    total_editions (descending), org_id, year.
    """
    columns = [
        "org_id", "acronym", "name_en", "org_type", "year", "editions", "video_editions",
        "series_ids", "roles", "total_editions",
    ]  # fmt: skip
    rows = organisation_rows(selected)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    groups = Groups(rows, ["org_id", "year"])
    out = groups.keys.assign(
        editions=groups.distinct(rows["edition_id"]),
        video_editions=groups.distinct_where(rows["edition_id"], rows["mode"] == "video"),
        series_ids=pd.Series(groups.joined(rows["series_id"]), dtype="str"),
        roles=pd.Series(groups.roles(rows["role"]), dtype="str"),
    )
    by_org = Groups(rows, ["org_id"])
    # Each row's organisation total and reference columns found by position (org_id is
    # unique in both), not by two merges that check their keys: a thousand rows at 10^5.
    at_total = positions(out["org_id"], by_org.keys["org_id"])
    out = out.assign(total_editions=np.asarray(by_org.distinct(rows["edition_id"]))[at_total])
    at_org = positions(out["org_id"], organisations["org_id"])
    if (at_org < 0).any():  # an organisation the table lacks: joined as before
        out = out.merge(organisations[["org_id", "acronym", "name_en", "org_type"]],
                        on="org_id", how="left", validate="many_to_one")  # fmt: skip
    else:
        out = out.assign(**{c: organisations[c].array.take(at_org)
                            for c in ("acronym", "name_en", "org_type")})  # fmt: skip
    if org_types:
        out = out[out["org_type"].isin(org_types)]
    out = out.assign(_rank=_type_rank(out["org_type"]))
    out = out.sort_values(
        ["_rank", "total_editions", "org_id", "year"],
        ascending=[True, False, True, True],
        kind="stable",
    )
    return out[columns].reset_index(drop=True)
