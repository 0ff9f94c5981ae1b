"""Reported figures summarised per event: qualifiers kept, conflicting sources shown as a range.

Sources are never averaged or silently picked. When they agree the value is shown once with its
qualifier (">240"); when they disagree the range is shown ("50–51"), and a qualifier that differs
between sources with the same value is shown too (">240 / ~240").
"""

from __future__ import annotations

import pandas as pd

from coopstats.schema import METRICS, QUALIFIERS


def format_count(value: int, qualifier: str = "exact") -> str:
    """A number with its qualifier sign and thousands separators: 2000, 'nearly' -> '~2,000'."""
    return f"{QUALIFIERS[qualifier]['sign']}{int(value):,}"


def range_label(values: list[int], qualifiers: list[str]) -> str:
    """The label for one metric's values from several sources (see the module docstring)."""
    order = list(QUALIFIERS)
    pairs = sorted(
        set(zip(values, qualifiers, strict=True)), key=lambda p: (p[0], order.index(p[1]))
    )
    if not pairs:
        return ""
    lo, hi = pairs[0][0], pairs[-1][0]
    if lo == hi:
        return " / ".join(format_count(v, q) for v, q in pairs)
    lo_q = {q for v, q in pairs if v == lo}
    hi_q = {q for v, q in pairs if v == hi}
    lo_label = format_count(lo, next(iter(lo_q))) if len(lo_q) == 1 else f"{lo:,}"
    hi_label = format_count(hi, next(iter(hi_q))) if len(hi_q) == 1 else f"{hi:,}"
    return f"{lo_label}–{hi_label}"


def figure_ranges(figures: pd.DataFrame) -> pd.DataFrame:
    """Every reported figure folded per event, metric, scope and status.

    Grain: one row per (event_id, metric, scope, status); scope "" means the whole event.
    Columns: event_id, metric, scope, status, counts (what kind of thing the metric counts),
    value_min, value_max, label, n_sources, conflict (sources give different values or
    qualifiers), source_ids (";"-joined, sorted). Sorted by the key.
    """
    key = ["event_id", "metric", "scope", "status"]
    columns = [
        *key,
        "counts",
        "value_min",
        "value_max",
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
    grouped = frame.groupby(key, sort=True, dropna=False)
    out = grouped.agg(
        value_min=("value", "min"),
        value_max=("value", "max"),
        n_sources=("source_id", "nunique"),
        n_variants=(
            "qualifier",
            lambda s: len(set(zip(frame.loc[s.index, "value"], s, strict=True))),
        ),
        source_ids=("source_id", lambda s: ";".join(sorted(set(s)))),
    ).reset_index()
    labels = grouped.apply(
        lambda g: range_label(g["value"].tolist(), g["qualifier"].tolist()), include_groups=False
    ).rename("label")
    out = out.merge(labels.reset_index(), on=key, how="left")
    out["conflict"] = out.pop("n_variants") > 1
    out["counts"] = out["metric"].map(lambda m: METRICS[m]["counts"])
    return out[columns].reset_index(drop=True)


def headline_range(ranges: pd.DataFrame, metrics: tuple[str, ...]) -> pd.DataFrame:
    """For each event, the reported (after-event, whole-event) range of the first metric present.

    `metrics` is in order of preference (e.g. countries_and_regions before countries).
    Grain: one row per event_id that has such a figure. Columns: event_id, metric, value_min,
    value_max, label, conflict, source_ids.
    """
    rows = ranges[
        (ranges["status"] == "reported") & (ranges["scope"] == "") & ranges["metric"].isin(metrics)
    ]
    rank = {m: i for i, m in enumerate(metrics)}
    rows = rows.assign(_rank=rows["metric"].map(rank)).sort_values(["event_id", "_rank"])
    first = rows.drop_duplicates("event_id", keep="first")
    return first[
        ["event_id", "metric", "value_min", "value_max", "label", "conflict", "source_ids"]
    ].reset_index(drop=True)
