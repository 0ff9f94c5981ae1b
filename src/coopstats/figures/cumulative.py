"""Named participants edition by edition: bars of those named at each edition beside a step
line of the distinct ones named so far, per series (the Timeline page's second chart)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from coopstats.figures import theme
from coopstats.figures.checks import UNCHECKED, Trace, check_columns, check_labels, trace_dict
from coopstats.figures.legibility import lighter
from coopstats.figures.marks import date_axis, series_colours
from coopstats.figures.text import count, escape, records

CUMULATIVE_COLUMNS = (
    "series_id",
    "series_name",
    "title",
    "start_date",
    "plot_date",
    "named",
    "new",
    "cumulative",
)
CUMULATIVE_LABELS = ("y", "named", "new", "cumulative")

DAY_MS = 86_400_000


def cumulative_participants_chart(
    frame: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    colors: Sequence[str],
    height: int = 380,
) -> go.Figure:
    """Named participants per edition (bars) and distinct ones so far (step line), per series.

    `frame`: `Dataset.cumulative_timeline` rows (CUMULATIVE_COLUMNS), one per edition. One
    colour per series, from `colors` in order of series_id; bars are lighter than the line.
    `labels`: CUMULATIVE_LABELS.
    """
    check_columns(frame, CUMULATIVE_COLUMNS, "cumulative frame")
    check_labels(labels, CUMULATIVE_LABELS)
    palette = series_colours(frame, colors)
    several = len(palette) > 1
    traces: list[Trace] = []
    # Hover text written once for all rows (the series name is each row's own), then split.
    hover = [
        f"<b>{escape(r.title)}</b><br>{escape(r.series_name)} · {escape(r.start_date)}"
        f"<br>{escape(labels['named'])}: {count(r.named, labels)}"
        f"<br>{escape(labels['new'])}: {count(r.new, labels)}"
        f"<br>{escape(labels['cumulative'])}: {count(r.cumulative, labels)}"
        for r in records(
            frame, ("title", "series_name", "start_date", "named", "new", "cumulative")
        )
    ]
    by_series = dict(tuple(frame.assign(hover=hover).groupby("series_id", sort=False)))
    for turn, (series_id, colour) in enumerate(palette.items()):
        # Series that share a colour (more series than colours) differ by shape and dash.
        cycle = turn // len(colors)
        symbol = theme.SERIES_SYMBOLS[cycle % len(theme.SERIES_SYMBOLS)]
        dash = theme.SERIES_DASHES[cycle % len(theme.SERIES_DASHES)]
        mine = by_series[series_id]
        name = escape(mine["series_name"].iloc[0])
        hover = mine["hover"].tolist()
        prefix = f"{name}: " if several else ""
        # Lighter than the line, outlined in the full colour (3:1 on white); hatched in the
        # full colour from the second turn of colours on.
        bar_marker: dict[str, object] = {
            "color": lighter(colour),
            "line": {"color": colour, "width": 1.5},
        }
        if cycle:
            hatch = theme.SERIES_HATCHES[cycle % len(theme.SERIES_HATCHES)]
            bar_marker["pattern"] = {"shape": hatch, "fgcolor": colour, "fillmode": "overlay"}
        traces.append(
            trace_dict(
                "bar",
                x=mine["plot_date"].to_numpy(),
                y=mine["named"].astype(int),
                width=[120 * DAY_MS] * len(mine),
                marker=bar_marker,
                name=prefix + escape(labels["named"]),
                legendgroup=series_id,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                uid=f"{series_id}-named",
            )
        )
        traces.append(
            trace_dict(
                "scatter",
                x=mine["plot_date"].to_numpy(),
                y=mine["cumulative"].astype(int),
                mode="lines+markers",
                line={"color": colour, "width": 2.5, "shape": "hv", "dash": dash},
                marker={"color": colour, "size": 7, "symbol": symbol},
                name=prefix + escape(labels["cumulative"]),
                legendgroup=series_id,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                uid=f"{series_id}-cumulative",
            )
        )
    layout = dict(
        height=height,
        barmode="overlay",
        hovermode="closest",
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis=date_axis(frame["plot_date"]),
        yaxis={"title": {"text": escape(labels["y"])}, "rangemode": "tozero"},
    )
    # All traces and the layout at once: Figure.add_trace and update_layout would walk the
    # figure again (see checks.UNCHECKED).
    return go.Figure(data=traces, layout=layout, **UNCHECKED)
