"""Pieces several figures draw alike: an axis of whole years, and the legend key for taking part
by video (an open circle)."""

from __future__ import annotations

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
