"""The filters every view shares, and the two selections they make: events and participations.

Event filters (years, series, kinds) choose events. Participant filters (world regions,
participant types, roles) choose named participations within those events. Organisations
belong to no world region, so a region filter leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from coopstats.aggregate.memo import Memos
from coopstats.schema import EVENT_KINDS


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


def events_kept(events: pd.DataFrame, filters: Filters, *, memo: Memos | None = None) -> np.ndarray:
    """Which rows of `events` pass the event filters (a boolean per row, in table order).

    A sub-forum passes the series filter through its own series_id, which is its edition's.
    Read from the filtered columns as integer codes; with `memo` (a dataset's), made once per
    table.
    """
    if memo is None:
        return _EventCodes(events).kept(filters)
    codes = memo.encodings.get_or_make((events,), lambda: _EventCodes(events), "event_codes")
    return codes.kept(filters)


class _EventCodes:
    """The columns of an events table the event filters read, as integers: a filter change
    selects events several times (the events, the editions, the participations, whether the
    selection is closed), and each string match cost about half a millisecond a column."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.year = events["year"].to_numpy(dtype=float, na_value=np.nan)
        self.codes = {}
        for column in ("kind", "series_id", "event_id", "edition_id"):
            found, uniques = pd.factorize(events[column])
            self.codes[column] = (found, pd.Index(uniques))

    def _isin(self, column: str, values: tuple[str, ...]) -> np.ndarray:
        found, uniques = self.codes[column]
        return np.append(uniques.isin(values), False)[found]  # -1 (missing): the last slot

    def kept(self, filters: Filters) -> np.ndarray:
        keep = self._isin("kind", filters.kinds)
        if filters.years:
            lo, hi = filters.years
            keep &= (self.year >= lo) & (self.year <= hi)
        if filters.series:
            keep &= self._isin("series_id", filters.series)
        if filters.events:
            keep &= self._isin("event_id", filters.events) | self._isin(
                "edition_id", filters.events
            )
        return keep


def _event_order(events: pd.DataFrame) -> np.ndarray:
    """The positions of `events` sorted by start date then event_id (stable)."""
    keys = events[["start", "event_id"]].reset_index(drop=True)
    return keys.sort_values(["start", "event_id"], kind="stable").index.to_numpy()


def select_events(
    events: pd.DataFrame, filters: Filters, *, memo: Memos | None = None
) -> pd.DataFrame:
    """The events that pass the event filters.

    Grain: one row per event (the input's columns), sorted by start date then event_id.
    A sub-forum passes the series filter through its own series_id, which is its edition's.
    With `memo` (a dataset's), the table's order is made once: a selection is then a mask
    and one take, with no sort on text.
    """
    order = (
        _event_order(events)
        if memo is None
        else memo.encodings.get_or_make((events,), lambda: _event_order(events), "event_order")
    )
    return events.iloc[order[events_kept(events, filters, memo=memo)[order]]]


def select_participations(
    participations: pd.DataFrame,
    events: pd.DataFrame,
    countries: pd.DataFrame,
    filters: Filters,
    *,
    memo: Memos | None = None,
) -> pd.DataFrame:
    """Named participations in the selected events that pass the participant filters.

    Grain: one row per (event, participant, role). Columns: event_id, edition_id, series_id,
    year, kind, participant_id, participant_type, iso3, org_id, role, mode, delegation_of,
    source_id, region, sub_region. Sorted by year, event_id, participant_id, role. Text
    columns are categoricals holding only the categories in use (integer codes: what keeps a
    million rows fast); year is an integer. Aggregations return plain text.

    With `memo` (a dataset's), the table's integer codes are made once and the last few
    selections are remembered by filters; callers get a copy-on-write copy.
    """
    if memo is None:
        return _select_participations(participations, events, countries, filters, None)
    found = memo.selections.get_or_make(
        (participations, events, countries),
        lambda: _select_participations(participations, events, countries, filters, memo),
        filters,
    )
    # Copy-on-write: a caller that changes its copy changes neither the remembered selection
    # nor the encoding's columns it shares.
    return found.copy(deep=False)


# Text columns of the participations table that a selection hands on as categoricals.
_CODED = ("event_id", "participant_id", "participant_type", "iso3", "org_id", "role", "mode",
          "delegation_of", "source_id")  # fmt: skip
# Columns a selection takes from the events table (by event_id) and the countries table (by iso3).
_OF_EVENT = ("edition_id", "series_id", "kind")
_OF_COUNTRY = ("region", "sub_region")
_COLUMNS = (
    "event_id", "edition_id", "series_id", "year", "kind", "participant_id", "participant_type",
    "iso3", "org_id", "role", "mode", "delegation_of", "source_id", "region", "sub_region",
)  # fmt: skip


class _Encoding:
    """A participations table's text columns as integer codes over sorted categories, with
    its events' and countries' columns looked up once for every row.

    Made once per table (a few hundred milliseconds at a million rows); every selection after
    that is integer work: the positions of the chosen events, the filters and the taking of
    rows are all done on codes, never on the text. The codes are kept in the order every
    selection comes in (year, event_id, participant_id, role), so a selection never sorts and
    takes its rows in ascending order. A selection of every row (no filter leaves one out)
    is made of the table's own columns, without taking anything.
    """

    def __init__(
        self, participations: pd.DataFrame, events: pd.DataFrame, countries: pd.DataFrame
    ) -> None:
        codes: dict[str, np.ndarray] = {}
        self.categories: dict[str, pd.Index] = {}
        for column in _CODED:
            if column in participations.columns:
                found, uniques = pd.factorize(participations[column], sort=True)
                codes[column] = found.astype(np.int32)
                self.categories[column] = pd.Index(uniques, dtype="str")
        at = pd.Index(events["event_id"]).get_indexer(self.categories["event_id"])
        years = np.append(events["year"].to_numpy(dtype=np.int64), -1)[at]
        order = np.lexsort((codes["role"], codes["participant_id"], codes["event_id"],
                            years[codes["event_id"]]))  # fmt: skip
        codes = {column: found[order] for column, found in codes.items()}
        # Each row's event and country as a position in its table (-1: none).
        self.event_rows = np.append(at, -1).astype(np.int32)[codes["event_id"]]
        self.country_rows = np.append(
            pd.Index(countries["iso3"]).get_indexer(self.categories["iso3"]), -1
        ).astype(np.int32)[codes["iso3"]]
        for column, table, rows in (
            *((c, events, self.event_rows) for c in _OF_EVENT),
            *((c, countries, self.country_rows) for c in _OF_COUNTRY),
        ):
            found, uniques = pd.factorize(table[column], sort=True)
            codes[column] = np.append(found, -1).astype(np.int32)[rows]
            self.categories[column] = pd.Index(uniques, dtype="str")
        self.year = np.append(events["year"].to_numpy(dtype=np.int64), -1)[self.event_rows]
        self.codes = codes
        self._whole: dict[str, pd.Categorical] = {}

    def column(self, name: str, rows: np.ndarray | None) -> pd.Categorical:
        """One column of some rows (all when None), with only the categories they use."""
        if rows is None:  # made once: every selection of all rows shares its codes
            if name not in self._whole:
                self._whole[name] = _categorical(self.codes[name], self.categories[name])
            return self._whole[name]
        return _categorical(self.codes[name][rows], self.categories[name])


def _kept(
    encoding: _Encoding,
    events: pd.DataFrame,
    countries: pd.DataFrame,
    filters: Filters,
    memo: Memos | None = None,
) -> np.ndarray:
    """Which rows of the encoding (in its order) the filters select, a boolean per row."""
    codes, categories = encoding.codes, encoding.categories
    # Positions and integer codes instead of merges and a sort on text: at a million rows this
    # is what keeps a filter change interactive (see docs/performance.md).
    chosen = np.append(events_kept(events, filters, memo=memo), False)
    keep = chosen[encoding.event_rows]
    if filters.regions:
        in_region = countries["region"].isin(filters.regions) | countries["sub_region"].isin(
            filters.regions
        )
        keep &= np.append(in_region.to_numpy(dtype=bool), False)[encoding.country_rows]
    for column, wanted in (("participant_type", filters.participant_types),
                           ("role", filters.roles)):  # fmt: skip
        if wanted:
            keep &= np.append(categories[column].isin(wanted), False)[codes[column]]
    return keep


def _encoding_of(
    participations: pd.DataFrame, events: pd.DataFrame, countries: pd.DataFrame, memo: Memos | None
) -> _Encoding:
    """Each participations table's encoding, made on its first selection."""
    tables = (participations, events, countries)
    if memo is None:
        return _Encoding(*tables)
    return memo.encodings.get_or_make(tables, lambda: _Encoding(*tables))


def selected_values(
    participations: pd.DataFrame,
    events: pd.DataFrame,
    countries: pd.DataFrame,
    filters: Filters,
    column: str,
    *,
    memo: Memos | None = None,
) -> pd.Index:
    """The distinct values one text column holds in the selected participations, sorted,
    missing left out: `select_participations(...)[column]`'s, without the selection.

    A question that reads one column of the selection (the sources its rows cite) need not
    take every column of every selected row: the selected rows' codes of that column are
    marked, then read off the table's categories (a millisecond at 10^5 rows).
    """
    encoding = _encoding_of(participations, events, countries, memo)
    codes = encoding.codes[column][_kept(encoding, events, countries, filters, memo)]
    categories = encoding.categories[column]
    used = np.zeros(len(categories) + 1, dtype=bool)
    used[codes] = True  # -1 (missing) marks the last slot, left out below
    return categories[used[:-1]]


def _categorical(codes: np.ndarray, categories: pd.Index) -> pd.Categorical:
    """Codes over categories as a Categorical that keeps only the categories it uses."""
    used = np.zeros(len(categories) + 1, dtype=bool)
    used[codes] = True  # -1 (missing) marks the last slot, which is dropped below
    kept = np.flatnonzero(used[:-1])
    if len(kept) < len(categories):
        renumber = np.full(len(categories) + 1, -1, dtype=np.int32)
        renumber[kept] = np.arange(len(kept), dtype=np.int32)
        codes, categories = renumber[codes], categories[kept]
    # Codes of the width pandas keeps for so many categories: from_codes then takes them as
    # they are instead of casting a copy.
    codes = codes.astype(_code_type(len(categories)), copy=False)
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


def _code_type(size: int) -> type:
    for kind in (np.int8, np.int16, np.int32):
        if size < np.iinfo(kind).max:
            return kind
    return np.int64


def _select_participations(
    participations: pd.DataFrame,
    events: pd.DataFrame,
    countries: pd.DataFrame,
    filters: Filters,
    memo: Memos | None,
) -> pd.DataFrame:
    encoding = _encoding_of(participations, events, countries, memo)
    codes = encoding.codes
    keep = _kept(encoding, events, countries, filters, memo)
    rows = None if keep.all() else np.flatnonzero(keep)
    data: dict[str, object] = {
        column: encoding.column(column, rows) for column in _COLUMNS if column in codes
    }
    data["year"] = encoding.year if rows is None else encoding.year[rows]
    # Not copied: the columns are new, or the encoding's own (read by every selection of all
    # rows, written by none), and callers with a memo get copy-on-write copies.
    return pd.DataFrame({column: data[column] for column in _COLUMNS}, copy=False)
