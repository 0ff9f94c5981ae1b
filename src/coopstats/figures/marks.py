"""Pieces several figures draw alike: an axis of whole years, a date axis labelled by year, one
colour per series, and the legend key for taking part by video (an open circle)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from coopstats.figures import theme
from coopstats.figures.checks import Trace, trace_dict
from coopstats.figures.text import escape


def year_axis(years: pd.Series, title: str) -> dict[str, object]:
    """A linear axis of whole years: one tick per year over a short span, no "2,015"."""
    axis: dict[str, object] = {
        "type": "linear",
        "tickformat": "d",
        "title": {"text": escape(title)},
    }
    if len(years) and int(years.max()) - int(years.min()) <= 12:
        axis.update(tickmode="linear", tick0=int(years.min()), dtick=1)
    return axis


def video_key(name: str, size: int, **trace: object) -> Trace:
    """A legend entry alone (no point drawn): the open circle that marks taking part by video."""
    return trace_dict(
        "scatter",
        x=[None],
        y=[None],
        mode="markers",
        marker={"symbol": "circle-open", "color": theme.KEY, "size": size, "line": {"width": 2}},
        name=escape(name),
        hoverinfo="skip",
        uid="video-legend",
        **trace,
    )


def series_colours(frame: pd.DataFrame, colors: Sequence[str]) -> dict[str, str]:
    """One colour per series of `frame`, from `colors` in order of series_id (repeating)."""
    if len(colors) == 0:
        raise ValueError("colors is empty; pass one colour per series")
    ids = sorted(frame["series_id"].dropna().unique())
    return {s: colors[i % len(colors)] for i, s in enumerate(ids)}


def date_axis(dates: pd.Series) -> dict[str, object]:
    """A date axis labelled by year, padded around `dates`; one tick a year over a short span."""
    axis: dict[str, object] = {"type": "date", "tickformat": "%Y", "showgrid": False}
    dates = pd.to_datetime(dates).dropna()
    if dates.empty:
        return axis
    lo, hi = dates.min(), dates.max()
    pad = pd.Timedelta(days=200)
    axis["range"] = [(lo - pad).strftime("%Y-%m-%d"), (hi + pad).strftime("%Y-%m-%d")]
    if (hi - lo) <= pd.Timedelta(days=366 * 12):
        # One tick a year, each label centred on its year: a September 2015 edition then sits
        # under "2015", not just left of a "2016" tick at 1 January.
        axis.update(
            dtick="M12", tick0="2000-01-01", ticklabelmode="period", showgrid=True, griddash="dot"
        )
    return axis
