"""Reported figures summarised per event: qualifiers kept, conflicting sources shown as a range.

Sources are never averaged or silently picked. When they agree the value is shown once with its
qualifier (">240"); when they disagree the range is shown ("50–51"), and a qualifier that differs
between sources with the same value is shown too (">240 / ~240").
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pandas as pd

from coopstats import numbers
from coopstats.aggregate.codes import Groups, member
from coopstats.aggregate.memo import Memos
from coopstats.schema import METRICS, QUALIFIERS


def format_count(value: int, qualifier: str = "exact", locale: str = "en") -> str:
    """A number with its qualifier sign and the language's separators: 'nearly' 2000 -> '~2,000'.

    `locale` is an interface language ("fr" -> '~2 000'); see coopstats.numbers.
    """
    return numbers.count(value, qualifier, locale)


def range_label(values: list[int], qualifiers: list[str], locale: str = "en") -> str:
    """The label for one metric's values from several sources (see the module docstring)."""
    return numbers.range_label(values, qualifiers, locale)


def figure_ranges(figures: pd.DataFrame) -> pd.DataFrame:
    """Every reported figure folded per event, metric, scope and status.

    Grain: one row per (event_id, metric, scope, status); scope "" means the whole event.
    Columns: event_id, metric, scope, status, counts (what kind of thing the metric counts),
    value_min, value_max, qualifier (the lowest value's; the first in QUALIFIERS order when
    sources of that value differ), label, n_sources, conflict (sources give different values
    or qualifiers), source_ids (";"-joined, sorted). Sorted by the key.
    """
    key = ["event_id", "metric", "scope", "status"]
    columns = [
        *key,
        "counts",
        "value_min",
        "value_max",
        "qualifier",
        "label",
        "n_sources",
        "conflict",
        "source_ids",
    ]
    if figures.empty:
        return pd.DataFrame(columns=columns)
    frame = figures.assign(
        scope=figures["scope"].fillna(""),
        value=figures["value"].astype("int64"),
    )
    groups = Groups(frame, key)
    out = groups.keys.assign(
        value_min=groups.reduce(frame["value"], "min"),
        value_max=groups.reduce(frame["value"], "max"),
        label=pd.Series(_labels(frame, groups), dtype="str"),
        n_sources=groups.distinct(frame["source_id"]),
        source_ids=pd.Series(groups.joined(frame["source_id"], ";"), dtype="str"),
    )
    variants = pd.DataFrame({"group": groups.numbers, "value": frame["value"].to_numpy(),
                             "qualifier": pd.factorize(frame["qualifier"])[0]}).drop_duplicates()  # fmt: skip
    out["conflict"] = np.bincount(variants["group"], minlength=len(groups)) > 1
    # The qualifier of each group's lowest value: the smallest QUALIFIERS rank among its rows
    # that hold that value.
    valid = groups.numbers >= 0
    numbers, values = groups.numbers[valid], frame["value"].to_numpy()[valid]
    at_min = values == out["value_min"].to_numpy()[numbers]
    rank = pd.Index(list(QUALIFIERS)).get_indexer(frame["qualifier"].to_numpy()[valid])
    best = np.full(len(groups), len(QUALIFIERS), dtype=np.int64)
    np.minimum.at(best, numbers[at_min], rank[at_min])
    out["qualifier"] = pd.Series(np.append(list(QUALIFIERS), "exact")[best], dtype="str")
    out["counts"] = out["metric"].map(lambda m: METRICS[m]["counts"])
    return out[columns].reset_index(drop=True)


def ranges_of(
    figures: pd.DataFrame, event_ids: pd.Series, *, memo: Memos | None = None
) -> pd.DataFrame:
    """figure_ranges of the figures of some events (same grain, columns and order).

    Ranges are folded per event, so they are those of the whole table restricted to the
    events: the table is folded whole, once with `memo` (a dataset's), and each call picks its
    rows.
    """
    if memo is None:
        ranges = figure_ranges(figures)
    else:
        ranges = memo.ranges.get_or_make((figures,), lambda: figure_ranges(figures))
    return ranges[member(ranges["event_id"], event_ids).to_numpy()].reset_index(drop=True)


def _labels(frame: pd.DataFrame, groups: Groups) -> list[str]:
    """range_label of each group's (value, qualifier) pairs; one pair is formatted directly."""
    order = np.argsort(groups.numbers, kind="stable")
    group_of = groups.numbers[order]
    values = frame["value"].to_numpy()[order].tolist()
    qualifiers = np.asarray(frame["qualifier"], dtype=object)[order].tolist()
    bounds = np.searchsorted(group_of, np.arange(len(groups) + 1)).tolist()
    labels = []
    # Formatting goes through babel: once per distinct (value, qualifier), not once per figure.
    single = functools.cache(format_count)
    for a, b in itertools.pairwise(bounds):
        if b - a == 1:
            labels.append(single(values[a], qualifiers[a]))
        else:
            labels.append(range_label(values[a:b], qualifiers[a:b]))
    return labels


def headline_range(ranges: pd.DataFrame, metrics: tuple[str, ...]) -> pd.DataFrame:
    """For each event, the reported (after-event, whole-event) range of the first metric present.

    `metrics` is in order of preference (e.g. countries_and_regions before countries).
    Grain: one row per event_id that has such a figure. Columns: event_id, metric, value_min,
    value_max, qualifier (the lowest value's), label, conflict, source_ids.
    """
    rows = ranges[
        (ranges["status"] == "reported") & (ranges["scope"] == "") & ranges["metric"].isin(metrics)
    ]
    # One row per (event, metric) here: keep each event's row of the most preferred metric.
    rank = pd.Index(metrics).get_indexer(rows["metric"])
    event, _ = pd.factorize(rows["event_id"], sort=True)
    order = np.lexsort((rank, event))
    starts = np.flatnonzero(np.diff(event[order], prepend=-1) != 0)
    first = rows.iloc[order[starts]]
    return first[
        [
            "event_id",
            "metric",
            "value_min",
            "value_max",
            "qualifier",
            "label",
            "conflict",
            "source_ids",
        ]
    ].reset_index(drop=True)
