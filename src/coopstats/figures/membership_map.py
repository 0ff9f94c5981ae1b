"""World map of memberships: how many of the selected processes each country belongs to.

A membership is not an attendance: this map has its own traces, colours and hover text, and never
reads participations. Like the participation map, it fills ISO-3 countries and draws the others
(territories without a shape) as markers, and needs `map_config` for its base map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from coopstats.figures.checks import UNCHECKED, check_columns
from coopstats.figures.participation_map import (
    _check_coordinates,
    _continuous_scale,
    country_traces,
    world_geo,
)
from coopstats.figures.text import escape

FRAME_COLUMNS = ("iso3", "name", "processes", "member_of", "observer_of", "has_polygon", "lat",
                 "lon")  # fmt: skip
# Keys of the `labels` mapping: the colour-bar title, then the hover labels.
LABEL_KEYS = ("colorbar", "processes", "member_of", "observer_of")
UIREVISION = "membership_map"


def membership_map(
    frame: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    colors: Sequence[str] | Sequence[Sequence[object]],
    title: str | None = None,
) -> go.Figure:
    """Countries coloured by the number of processes they are members of.

    `frame`: one row per country or territory (see aggregate.memberships.processes_per_country,
    with display names and map columns added), columns FRAME_COLUMNS; `member_of` and
    `observer_of` hold display names already. A country that only observes has processes = 0
    and is drawn in the lowest colour, with its observer status in the hover. `labels` holds
    the UI strings named in LABEL_KEYS; `colors` a sequential colorscale.
    """
    missing = [key for key in LABEL_KEYS if key not in labels]
    if missing:
        raise ValueError(f"labels lacks {', '.join(missing)}; it needs {LABEL_KEYS}")
    check_columns(frame, FRAME_COLUMNS, "membership map frame")
    frame = frame.reset_index(drop=True)
    shaped = frame["has_polygon"].fillna(False).astype(bool).to_numpy()
    _check_coordinates(frame[~shaped], "membership map frame", key="iso3")
    values = frame["processes"].to_numpy(dtype=float)
    customdata = frame[["name", "iso3", "processes", "member_of", "observer_of"]].to_numpy(
        dtype=object
    )
    hover = (
        "<b>%{customdata[0]}</b> (%{customdata[1]})<br>"
        f"{escape(labels['processes'])}: %{{customdata[2]}}<br>"
        f"{escape(labels['member_of'])}: %{{customdata[3]}}<br>"
        f"{escape(labels['observer_of'])}: %{{customdata[4]}}<extra></extra>"
    )
    colorbar: dict[str, object] = {"title": {"text": escape(labels["colorbar"])},
                                   "thickness": 12, "len": 0.6, "tickmode": "linear",
                                   "tick0": 0, "dtick": 1}  # fmt: skip
    top = float(values.max()) if len(values) else 1.0
    coloraxis = {"colorscale": _continuous_scale(colors), "colorbar": colorbar,
                 "cmin": 0, "cmax": max(top, 1.0), "showscale": bool(len(values))}  # fmt: skip
    layout: dict[str, object] = {
        "coloraxis": coloraxis,
        "geo": world_geo(UIREVISION),
        "margin": {"l": 0, "r": 0, "b": 0, "t": 40 if title else 0},
        "uirevision": UIREVISION,
    }
    if title:
        layout["title"] = {"text": escape(title), "x": 0, "xanchor": "left"}
    traces = country_traces(frame, shaped, values, customdata, hover, uid="members")
    return go.Figure(data=traces, layout=layout, **UNCHECKED)
