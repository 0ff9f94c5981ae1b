"""The filters every view shares, and the two selections they make: events and participations.

Event filters (years, series, kinds) choose events. Participant filters (world regions,
participant types, roles) choose named participations within those events. Organisations
belong to no world region, so a region filter leaves them out.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import positions
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


class _RecentSelections:
    """The last few selections, keyed by the input frames' identity and the filters.

    One filter change asks several aggregations of the same selection, and at a million rows
    making it (a reordered copy of every column) costs more than most aggregations. The tables
    are read-only (aggregations are tested not to mutate their inputs); weak references make
    sure a hit is the very same, still living, frames. Callers get a copy-on-write copy.
    """

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._entries: OrderedDict[tuple, tuple[list[weakref.ref], pd.DataFrame]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, frames: tuple[pd.DataFrame, ...], filters: Filters) -> pd.DataFrame | None:
        key = (*map(id, frames), filters)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or any(r() is not f for r, f in zip(entry[0], frames, strict=True)):
                return None
            self._entries.move_to_end(key)
            return entry[1].copy()

    def put(self, frames: tuple[pd.DataFrame, ...], filters: Filters, out: pd.DataFrame) -> None:
        with self._lock:
            self._entries[(*map(id, frames), filters)] = ([weakref.ref(f) for f in frames], out)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


recent_selections = _RecentSelections()


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
    frames = (participations, events, countries)
    found = recent_selections.get(frames, filters)
    if found is None:
        found = _select_participations(participations, events, countries, filters)
        recent_selections.put(frames, filters, found)
        found = found.copy()
    return found


def _select_participations(
    participations: pd.DataFrame, events: pd.DataFrame, countries: pd.DataFrame, filters: Filters
) -> pd.DataFrame:
    columns = [
        "event_id", "edition_id", "series_id", "year", "kind", "participant_id",
        "participant_type", "iso3", "org_id", "role", "mode", "delegation_of", "source_id", "region",
        "sub_region",
    ]  # fmt: skip
    chosen = select_events(events, filters).reset_index(drop=True)
    # Positions and integer codes instead of merges and a sort on text: at a million rows this
    # is what keeps a filter change interactive (see docs/performance.md).
    at_event = positions(participations["event_id"], chosen["event_id"])
    at_country = positions(participations["iso3"], countries["iso3"])
    keep = at_event >= 0
    if filters.regions:
        in_region = countries["region"].isin(filters.regions) | countries["sub_region"].isin(
            filters.regions
        )
        keep &= np.append(in_region.to_numpy(dtype=bool), False)[at_country]
    if filters.participant_types:
        keep &= participations["participant_type"].isin(filters.participant_types).to_numpy()
    if filters.roles:
        keep &= participations["role"].isin(filters.roles).to_numpy()
    rows = participations if keep.all() else participations[keep]
    at_event, at_country = at_event[keep], at_country[keep]
    data = {column: rows[column].array for column in columns if column in rows.columns}
    for column in ("edition_id", "series_id", "year", "kind"):
        data[column] = chosen[column].array.take(at_event)
    for column in ("region", "sub_region"):
        data[column] = countries[column].array.take(at_country, allow_fill=True)
    out = pd.DataFrame({column: data[column] for column in columns})
    # Sort by year, event_id, participant_id, role: one integer key per row.
    event_rank = np.empty(len(chosen), dtype=np.int64)
    event_rank[np.lexsort((pd.factorize(chosen["event_id"], sort=True)[0], chosen["year"]))] = (
        np.arange(len(chosen))
    )
    participant, participants = pd.factorize(out["participant_id"], sort=True)
    role, roles = pd.factorize(out["role"], sort=True)
    key = (event_rank[at_event] * (len(participants) + 1) + participant) * (len(roles) + 1) + role
    if len(key) > 1 and (np.diff(key) < 0).any():
        out = out.take(np.argsort(key, kind="stable"))
    return out.reset_index(drop=True)
