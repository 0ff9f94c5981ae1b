"""Text from data made safe for Plotly, whose labels and hover text are HTML-like."""

from __future__ import annotations

import collections
import functools
from collections.abc import Iterator, Mapping, Sequence

import pandas as pd


def escape(text: object) -> str:
    """Text from data made safe for Plotly's HTML-like labels: & < > become entities.

    None, NaN and pd.NA give "" (a missing value shows as nothing, not as "nan").
    """
    # Most calls are for text (a chart's hover writes thousands): no missing-value test then,
    # which costs ten times the replacements.
    if type(text) is not str:
        if text is None or (pd.api.types.is_scalar(text) and pd.isna(text)):
            return ""
        text = str(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.lru_cache(maxsize=256)
def _record_type(columns: tuple[str, ...]) -> type:
    return collections.namedtuple("Record", columns, rename=True)  # type: ignore[misc]


def records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> Iterator[tuple]:
    """The frame's rows as named tuples (r.title, r.named), for building hover text.

    `DataFrame.itertuples` makes a new namedtuple class on every call (about a millisecond);
    a chart that writes hover text per series calls it hundreds of times. The class is made
    once per set of columns here. Columns only (`columns`, default all), no Index field:
    reading only the columns the text needs spares a list per unused column.
    """
    columns = tuple(map(str, frame.columns if columns is None else columns))
    make = _record_type(columns)._make
    return map(make, zip(*(frame[c].tolist() for c in columns), strict=True))


def shortened(items: list[str], limit: int, sep: str) -> str:
    """The first `limit` items `sep`-joined, then "… (+N)" for the rest: a hover list that
    stays short however big the archive."""
    if len(items) <= limit:
        return sep.join(items)
    return sep.join([*items[:limit], f"… (+{len(items) - limit})"])


def count(value: object, labels: Mapping[str, object]) -> str:
    """A whole number for hover text, written by `labels["number"]` (the user's language: "1 234"
    in French) when the chart layer gives one, else with English grouping ("1,234")."""
    number = labels.get("number")
    return number(int(value)) if callable(number) else f"{int(value):,}"  # type: ignore[arg-type]
