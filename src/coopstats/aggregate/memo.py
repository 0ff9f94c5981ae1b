"""Answers remembered by the identity of the read-only frames they were computed from.

One filter change asks several aggregations of the same selection, and some inputs (the
participations' integer codes, the figures folded per event) depend only on a table, not on
the filters. At a million rows, making them again for every query costs more than most
aggregations. The tables are read-only (aggregations are tested not to mutate their inputs);
weak references make sure a hit is the very same, still living, frames, never a new frame that
happens to reuse a freed one's id.

Each `Dataset` owns its memos (`Memos`, `Dataset.memo`) and hands them to the aggregations that
use them; an aggregation given none computes afresh. There is no module-level memo: a test or a
benchmark that wants a cold answer asks a dataset with memos of its own.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields, replace
from typing import Any, Generic, TypeVar

import pandas as pd

T = TypeVar("T")


class FrameMemo(Generic[T]):
    """The last `size` answers, keyed by their input frames' identity and a hashable extra."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._entries: OrderedDict[tuple, tuple[list[weakref.ref], T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, frames: tuple[pd.DataFrame, ...], extra: Hashable = None) -> T | None:
        key = (*map(id, frames), extra)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or any(r() is not f for r, f in zip(entry[0], frames, strict=True)):
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, frames: tuple[pd.DataFrame, ...], extra: Hashable, answer: T) -> None:
        with self._lock:
            self._entries[(*map(id, frames), extra)] = ([weakref.ref(f) for f in frames], answer)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def get_or_make(
        self, frames: tuple[pd.DataFrame, ...], make: Callable[[], T], extra: Hashable = None
    ) -> T:
        """The remembered answer, or make(), remembered. Two threads may both make it once."""
        found = self.get(frames, extra)
        if found is None:
            found = make()
            self.put(frames, extra, found)
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@dataclass(frozen=True, eq=False)
class Memos:
    """The answers one dataset remembers, by kind; each keyed by the frames it was made from.

    Made once per table: `encodings` (the participations' text as integer codes, see
    filters.select_participations) and `ranges` (the figures folded per event, see
    reported.ranges_of and headlines_of). Made once per filter change: `selections` (the selected
    participations), `per_event` (answers for every event, cut down to the selection, see
    Dataset._per_event), `answers` (intermediate answers several queries share) and `charts`
    (what several charts of a page share).
    """

    encodings: FrameMemo[Any] = field(default_factory=lambda: FrameMemo(size=4))
    # The figures folded per event, and their headlines per measure (reported and announced).
    ranges: FrameMemo[pd.DataFrame] = field(default_factory=lambda: FrameMemo(size=32))
    selections: FrameMemo[pd.DataFrame] = field(default_factory=lambda: FrameMemo(size=4))
    per_event: FrameMemo[pd.DataFrame] = field(default_factory=lambda: FrameMemo(size=16))
    answers: FrameMemo[pd.DataFrame] = field(default_factory=lambda: FrameMemo(size=16))
    # What two charts of a page share, made once per filter change and language (the
    # Organisations page's organisations, names, table and sources).
    charts: FrameMemo[Any] = field(default_factory=lambda: FrameMemo(size=8))

    def keeping(self, *names: str) -> Memos:
        """New memos that share the named ones with these and start the others empty.

        `ds.memo.keeping("encodings", "ranges")` is a dataset's memory of its tables without
        any answer to a filter: what a new filter change finds.
        """
        unknown = set(names) - {f.name for f in fields(self)}
        if unknown:
            raise ValueError(
                f"memos {', '.join(sorted(unknown))}: expected some of "
                f"{', '.join(f.name for f in fields(self))}"
            )
        return replace(Memos(), **{name: getattr(self, name) for name in names})
