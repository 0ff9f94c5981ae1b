"""The filters every view shares, and the two selections they make: events and participations.

Event filters (years, series, kinds) choose events. Participant filters (world regions,
participant types, roles) choose named participations within those events. Organisations
belong to no world region, so a region filter leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from coopstats.schema import EVENT_KINDS, PARTICIPANT_TYPES, ROLES


@dataclass(frozen=True)
class Filters:
    """What a view shows. An empty tuple means "all"; `years` is an inclusive range or None."""

    years: tuple[int, int] | None = None
    series: tuple[str, ...] = ()
    kinds: tuple[str, ...] = tuple(EVENT_KINDS)
    regions: tuple[str, ...] = ()
    participant_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    events: tuple[str, ...] = field(default=())

    def with_(self, **changes: object) -> Filters:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def is_default(self) -> bool:
        return self == Filters()

    def describe(self) -> dict[str, str]:
        """The non-default filters as name -> readable value, for captions and exports."""
        out: dict[str, str] = {}
        if self.years:
            lo, hi = self.years
            out["years"] = str(lo) if lo == hi else f"{lo}–{hi}"
        if self.series:
            out["series"] = ", ".join(self.series)
        if set(self.kinds) != set(EVENT_KINDS):
            out["kinds"] = ", ".join(EVENT_KINDS[k] for k in self.kinds if k in EVENT_KINDS)
        if self.regions:
            out["regions"] = ", ".join(self.regions)
        if self.participant_types and set(self.participant_types) != set(PARTICIPANT_TYPES):
            out["participants"] = ", ".join(
                PARTICIPANT_TYPES.get(t, t) for t in self.participant_types
            )
        if self.roles and set(self.roles) != set(ROLES):
            out["roles"] = ", ".join(ROLES.get(r, r) for r in self.roles)
        if self.events:
            out["events"] = ", ".join(self.events)
        return out


def select_events(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The events that pass the event filters.

    Grain: one row per event (the input's columns), sorted by start date then event_id.
    A sub-forum passes the series filter through its own series_id, which is its edition's.
    """
    keep = pd.Series(True, index=events.index)
    if filters.years:
        lo, hi = filters.years
        keep &= events["year"].between(lo, hi)
    if filters.series:
        keep &= events["series_id"].isin(filters.series)
    keep &= events["kind"].isin(filters.kinds)
    if filters.events:
        keep &= events["event_id"].isin(filters.events) | events["edition_id"].isin(filters.events)
    return events.loc[keep].sort_values(["start", "event_id"], kind="stable")


def select_participations(
    participations: pd.DataFrame,
    events: pd.DataFrame,
    countries: pd.DataFrame,
    filters: Filters,
) -> pd.DataFrame:
    """Named participations in the selected events that pass the participant filters.

    Grain: one row per (event, participant, role). Columns: event_id, edition_id, series_id,
    year, kind, participant_id, participant_type, iso3, org_id, role, mode, delegation_of,
    source_id, region, sub_region. Sorted by year, event_id, participant_id, role.
    """
    chosen = select_events(events, filters)[["event_id", "edition_id", "series_id", "year", "kind"]]
    rows = participations.merge(chosen, on="event_id", how="inner", validate="many_to_one")
    rows = rows.merge(
        countries[["iso3", "region", "sub_region"]], on="iso3", how="left", validate="many_to_one"
    )
    keep = pd.Series(True, index=rows.index)
    if filters.regions:
        keep &= rows["region"].isin(filters.regions) | rows["sub_region"].isin(filters.regions)
    if filters.participant_types:
        keep &= rows["participant_type"].isin(filters.participant_types)
    if filters.roles:
        keep &= rows["role"].isin(filters.roles)
    columns = [
        "event_id", "edition_id", "series_id", "year", "kind", "participant_id",
        "participant_type", "iso3", "org_id", "role", "mode", "delegation_of", "source_id", "region",
        "sub_region",
    ]  # fmt: skip
    out = rows.loc[keep, columns]
    return out.sort_values(
        ["year", "event_id", "participant_id", "role"], kind="stable"
    ).reset_index(drop=True)
