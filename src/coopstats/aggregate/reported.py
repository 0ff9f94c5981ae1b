"""Reported figures summarised per event: qualifiers kept, conflicting sources kept as a range.

Sources are never averaged or silently picked. A figure is its lowest and highest value and the
qualifier codes given with each; words and numbers for a reader are written from these by the
chart layer (`numbers.reported`: ">240" when sources agree, "50–51" when they disagree, ">240 /
~240" when the same value comes with different qualifiers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import Groups, member
from coopstats.aggregate.memo import Memos
from coopstats.schema import METRICS, QUALIFIERS

# A reported headline: the metric, its range and qualifiers, and whether sources differ.
HEADLINE_COLUMNS = (
    "metric",
    "value_min",
    "value_max",
    "qualifier",
    "qualifiers_min",
    "qualifiers_max",
    "conflict",
)


def figure_ranges(figures: pd.DataFrame) -> pd.DataFrame:
    """Every reported figure folded per event, metric, scope and status.

    Grain: one row per (event_id, metric, scope, status); scope "" means the whole event.
    Columns: event_id, metric, scope, status, counts (what kind of thing the metric counts),
    value_min, value_max, qualifier (the lowest value's; the first in QUALIFIERS order when
    sources of that value differ), qualifiers_min and qualifiers_max (every qualifier given
    with the lowest and with the highest value, ";"-joined in QUALIFIERS order), n_sources,
    conflict (sources give different values or qualifiers), source_ids (";"-joined, sorted).
    Sorted by the key.
    """
    key = ["event_id", "metric", "scope", "status"]
    columns = [
        *key,
        "counts",
        "value_min",
        "value_max",
        "qualifier",
        "qualifiers_min",
        "qualifiers_max",
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
    at_max = values == out["value_max"].to_numpy()[numbers]
    out["qualifiers_min"] = _qualifiers_at(numbers[at_min], rank[at_min], len(groups))
    out["qualifiers_max"] = _qualifiers_at(numbers[at_max], rank[at_max], len(groups))
    out["counts"] = out["metric"].map(lambda m: METRICS[m]["counts"])
    return out[columns].reset_index(drop=True)


def ranges_of(
    figures: pd.DataFrame, event_ids: pd.Series | None, *, memo: Memos | None = None
) -> pd.DataFrame:
    """figure_ranges of the figures of some events (all when None; same grain, columns and
    order).

    Ranges are folded per event, so they are those of the whole table restricted to the
    events: the table is folded whole, once with `memo` (a dataset's), and each call picks its
    rows. The whole fold is read-only.
    """
    if memo is None:
        ranges = figure_ranges(figures)
    else:
        ranges = memo.ranges.get_or_make((figures,), lambda: figure_ranges(figures))
    if event_ids is None:
        return ranges
    return ranges[member(ranges["event_id"], event_ids).to_numpy()].reset_index(drop=True)


def headlines_of(
    figures: pd.DataFrame, metrics: tuple[str, ...], *, memo: Memos | None = None
) -> pd.DataFrame:
    """headline_range of every event's reported figures (same grain and columns).

    An event's headline depends on its own figures only, so it is made for the whole table
    (with `memo`, once per figures table and metrics) and each caller attaches the rows of
    its events: a filter change picks rows instead of folding them again.
    """
    if memo is None:
        return headline_range(figure_ranges(figures), metrics)
    return memo.ranges.get_or_make(
        (figures,), lambda: headline_range(ranges_of(figures, None, memo=memo), metrics),
        ("headline", metrics),
    )  # fmt: skip


def _qualifiers_at(groups: np.ndarray, ranks: np.ndarray, n_groups: int) -> pd.Series:
    """Per group number, its distinct qualifier ranks as codes, ";"-joined in QUALIFIERS order."""
    codes = list(QUALIFIERS)
    # One bit per qualifier: each group's set of qualifiers is a number below 2**len(codes).
    bits = np.zeros(n_groups, dtype=np.int64)
    valid = ranks >= 0
    np.bitwise_or.at(bits, groups[valid], np.left_shift(1, ranks[valid]).astype(np.int64))
    words = np.array(
        [";".join(c for i, c in enumerate(codes) if n >> i & 1) for n in range(1 << len(codes))],
        dtype=object,
    )
    return pd.Series(words[bits], dtype="str")


def headline_range(
    ranges: pd.DataFrame, metrics: tuple[str, ...], *, announced: bool = False
) -> pd.DataFrame:
    """For each event, the reported (after-event, whole-event) range of the first metric present;
    with `announced`, the range said before the event (pre-event or invited) instead.

    `metrics` is in order of preference (e.g. countries_and_regions before countries).
    Grain: one row per event_id that has such a figure. Columns: event_id, metric, value_min,
    value_max, qualifier (the lowest value's), qualifiers_min, qualifiers_max, conflict,
    source_ids.
    """
    said = (ranges["status"] != "reported") if announced else (ranges["status"] == "reported")
    rows = ranges[said & (ranges["scope"] == "") & ranges["metric"].isin(metrics)]
    # One row per (event, metric) here (announced: per status too; the first status is kept): keep each event's row of the most preferred metric.
    rank = pd.Index(metrics).get_indexer(rows["metric"])
    event, _ = pd.factorize(rows["event_id"], sort=True)
    order = np.lexsort((rank, event))
    starts = np.flatnonzero(np.diff(event[order], prepend=-1) != 0)
    first = rows.iloc[order[starts]]
    return first[["event_id", *HEADLINE_COLUMNS, "source_ids"]].reset_index(drop=True)
