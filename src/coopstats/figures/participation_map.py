"""World map of who took part: a choropleth of ISO-3 countries plus markers for the rest.

The base map is not embedded in the figure: plotly.js fetches `topojsonURL + "world_50m.json"`
in the browser. Pass `map_config("app/static/")` as the chart config so that it comes from the
repository's `static/` folder and never from the plotly CDN (see static/README.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from coopstats.errors import DataError, Problem
from coopstats.figures import theme
from coopstats.figures.checks import UNCHECKED, Trace, check_columns, trace_dict
from coopstats.figures.text import escape as _escape
from coopstats.figures.text import shortened

MEASURES = ("editions", "last_year", "role")
CONTINUOUS_MEASURES = ("editions", "last_year")

FRAME_COLUMNS = (
    "iso3",
    "name",
    "editions",
    "first_year",
    "last_year",
    "roles",
    "has_polygon",
    "lat",
    "lon",
)
ROLE_COLUMN = "role_group"
HOST_COLUMNS = ("city", "lat", "lon", "events")

# Keys of the `labels` mapping: the colour-bar title, then the hover labels.
LABEL_KEYS = ("colorbar", "editions", "first_year", "last_year", "roles", "host_city")

# Neutral base-map colours. The land colour is what a country with no data shows; a choropleth
# cannot put "no data" in its colour bar, so the app says so in the caption.

UIREVISION = "participation_map"

_CUSTOMDATA_COLUMNS = ("name", "iso3", "editions", "first_year", "last_year", "roles")


def participation_map(
    frame: pd.DataFrame,
    *,
    measure: str,
    labels: Mapping[str, str],
    colors: Sequence[str] | Sequence[Sequence[object]],
    hosts: pd.DataFrame | None = None,
    title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """World map of participants, coloured by `measure`, with host cities as stars.

    `frame`: one row per country or territory taking part, columns FRAME_COLUMNS (plus
    `role_group` for the "role" measure). Rows with `has_polygon` are filled on the map by ISO-3
    code; the others are drawn as markers at lat/lon with the same colour axis, so that none is
    dropped. `measure` is "editions" or "last_year" (continuous; `colors` is a sequential
    colorscale) or "role" (categorical; `colors` lists one colour per role group, in the order of
    the categories of `role_group` when it is a pandas Categorical, otherwise sorted). `labels`
    holds the UI strings named in LABEL_KEYS. `hosts`: optional, one row per host city, columns
    HOST_COLUMNS. An empty frame gives a map with an empty choropleth and no colour bar.
    `height`: in pixels (plotly's default when None).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    missing_labels = [key for key in LABEL_KEYS if key not in labels]
    if missing_labels:
        raise ValueError(f"labels lacks {', '.join(missing_labels)}; it needs {LABEL_KEYS}")
    if len(colors) == 0:
        raise ValueError("colors is empty; pass a colorscale or a list of colours")

    required = FRAME_COLUMNS + ((ROLE_COLUMN,) if measure == "role" else ())
    check_columns(frame, required, "participation map frame")
    frame = frame.reset_index(drop=True)
    has_polygon = frame["has_polygon"].fillna(False).astype(bool).to_numpy()
    _check_coordinates(frame[~has_polygon], "participation map frame", key="iso3")

    values, coloraxis = _colour_values(frame, measure, labels, colors)
    _check_values(frame, values, measure)
    customdata = _customdata(frame)
    hovertemplate = _hovertemplate(labels)

    traces = country_traces(
        frame, has_polygon, values, customdata, hovertemplate, uid="participants"
    )
    if hosts is not None and len(hosts):
        traces.append(_host_trace(hosts, labels))

    if len(frame) == 0:
        coloraxis["showscale"] = False
    # The layout is given to the constructor: `update_layout` on a built figure walks every
    # key path through plotly's relayout machinery, about 10 ms per map, on every rerun.
    layout = dict(
        coloraxis=coloraxis,
        geo=world_geo(UIREVISION),
        legend={"x": 0, "y": 0, "xanchor": "left", "yanchor": "bottom"},
        margin={"l": 0, "r": 0, "b": 0, "t": 40 if title else 0},
        uirevision=UIREVISION,
    )
    if title:
        layout["title"] = {"text": _escape(title), "x": 0, "xanchor": "left"}
    if height is not None:
        layout["height"] = height
    return go.Figure(data=traces, layout=layout, **UNCHECKED)


def country_traces(
    frame: pd.DataFrame,
    shaped: np.ndarray,
    values: np.ndarray,
    customdata: np.ndarray,
    hovertemplate: str,
    *,
    uid: str,
) -> list[Trace]:
    """Countries with a shape as a choropleth, those without as dots, on one colour axis.

    `shaped` marks the rows whose country the base map draws; the others need `lat` and `lon`.
    """
    traces: list[Trace] = [
        trace_dict(
            "choropleth",
            locations=frame.loc[shaped, "iso3"].to_numpy(dtype=object),
            locationmode="ISO-3",
            z=values[shaped],
            coloraxis="coloraxis",
            customdata=customdata[shaped],
            hovertemplate=hovertemplate,
            marker={"line": {"color": theme.POLYGON_LINE, "width": 0.4}},
            name="",
            uid=uid,
        )
    ]
    if (~shaped).any():
        points = frame[~shaped]
        traces.append(
            trace_dict(
                "scattergeo",
                lat=points["lat"].to_numpy(dtype=float),
                lon=points["lon"].to_numpy(dtype=float),
                mode="markers",
                marker={
                    "color": values[~shaped],
                    "coloraxis": "coloraxis",
                    "size": 9,
                    "line": {"color": theme.POLYGON_LINE, "width": 1},
                },
                customdata=customdata[~shaped],
                hovertemplate=hovertemplate,
                showlegend=False,
                name="",
                uid=f"{uid}_points",
            )
        )
    return traces


def world_geo(uirevision: str) -> dict[str, object]:
    """The base map every world map shares: Robinson projection, 50m shapes, no Antarctica."""
    return {
        "scope": "world",
        "resolution": 50,
        "projection": {"type": "robinson"},
        "showframe": False,
        "showcountries": True,
        "countrycolor": theme.BORDER,
        "countrywidth": 0.5,
        "showcoastlines": False,
        "showland": True,
        "landcolor": theme.NO_DATA_LAND,
        "showocean": False,
        "showlakes": False,
        "bgcolor": "rgba(0,0,0,0)",
        # Antarctica takes a fifth of the height and never takes part.
        "lataxis": {"range": [-58, 85]},
        "fitbounds": False,
        "uirevision": uirevision,
    }


def map_config(topojson_url: str) -> dict[str, object]:
    """Plotly config for st.plotly_chart or write_html: base maps from `topojson_url`, no logo.

    plotly.js fetches `topojson_url + "world_50m.json"` (it adds the "/" when missing); in the
    Streamlit app pass "app/static/".
    """
    return {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": "participation_map",
            "scale": 2,
        },
    }


def _check_coordinates(frame: pd.DataFrame, what: str, *, key: str) -> None:
    """Rows drawn as markers need lat and lon, or Plotly would drop them without a word."""
    missing = (frame["lat"].isna() | frame["lon"].isna()).to_numpy(dtype=bool)
    if missing.any():
        lacking = frame[missing]
        raise DataError(
            [
                Problem(
                    f"{what}: {row[key]} has neither a map polygon nor coordinates",
                    column="lat, lon",
                    value=None,
                    expected="a latitude and longitude for an entity drawn as a marker",
                    hint="add lat/lon to data/reference/countries.csv",
                )
                for _, row in lacking.iterrows()
            ]
        )


def _check_values(frame: pd.DataFrame, values: np.ndarray, measure: str) -> None:
    """A row with no value would be left uncoloured (Plotly skips NaN), so refuse it."""
    column = ROLE_COLUMN if measure == "role" else measure
    blank = np.isnan(values)
    if blank.any():
        raise DataError(
            [
                Problem(
                    f"participation map frame: {iso3} has no value to colour by",
                    column=column,
                    value=frame.at[i, column],
                    expected="a number" if measure != "role" else "one of the role groups",
                    hint="drop the row before mapping, or fill the value",
                )
                for i, iso3 in zip(np.flatnonzero(blank), frame.loc[blank, "iso3"], strict=True)
            ]
        )


def _colour_values(
    frame: pd.DataFrame,
    measure: str,
    labels: Mapping[str, str],
    colors: Sequence[str] | Sequence[Sequence[object]],
) -> tuple[np.ndarray, dict[str, object]]:
    """The value each row is coloured by, and the shared colour axis that maps it to a colour."""
    colorbar: dict[str, object] = {
        "title": {"text": _escape(labels["colorbar"])},
        "thickness": 12,
        "len": 0.6,
    }
    if measure in CONTINUOUS_MEASURES:
        values = frame[measure].to_numpy(dtype=float)
        if len(values) and np.nanmax(values) - np.nanmin(values) <= 10:
            # Whole editions and whole years: no 2.5 editions on the colour bar.
            colorbar.update(tickmode="linear", tick0=float(np.nanmin(values)), dtick=1)
        axis = {"colorscale": _continuous_scale(colors), "colorbar": colorbar}
        return values, axis

    column = frame[ROLE_COLUMN]
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = list(column.cat.categories)
    else:
        categories = sorted(column.dropna().unique())
    code = {category: i for i, category in enumerate(categories)}
    values = np.array([code.get(v, np.nan) for v in column], dtype=float)
    count = max(len(categories), 1)
    colorbar.update(
        tickmode="array",
        tickvals=list(range(len(categories))),
        ticktext=[_escape(c) for c in categories],
    )
    axis = {
        "colorscale": _step_scale(colors, count),
        "cmin": -0.5,
        "cmax": count - 0.5,
        "colorbar": colorbar,
    }
    return values, axis


def _continuous_scale(colors: Sequence[str] | Sequence[Sequence[object]]) -> list[list[object]]:
    if not isinstance(colors[0], str):
        return [list(stop) for stop in colors]  # already [position, colour] pairs
    if len(colors) == 1:
        return [[0.0, colors[0]], [1.0, colors[0]]]
    last = len(colors) - 1
    return [[i / last, colour] for i, colour in enumerate(colors)]


def _step_scale(colors: Sequence[object], count: int) -> list[list[object]]:
    """A colorscale of `count` flat bands, so category i (cmin=-0.5) gets colors[i] exactly.

    Categories as a stepped continuous scale keep one colour axis for the choropleth and the
    markers, and render far faster than one trace per category (plotly.py#2633).
    """
    scale: list[list[object]] = []
    for i in range(count):
        colour = colors[i % len(colors)]
        scale.append([i / count, colour])
        scale.append([(i + 1) / count, colour])
    return scale


def _customdata(frame: pd.DataFrame) -> np.ndarray:
    data = np.empty((len(frame), len(_CUSTOMDATA_COLUMNS)), dtype=object)
    for j, column in enumerate(_CUSTOMDATA_COLUMNS):
        if column in ("name", "roles"):
            data[:, j] = [_escape(v) for v in frame[column]]
        elif column == "iso3":
            data[:, j] = frame[column].astype(str).to_numpy()
        else:
            data[:, j] = [None if pd.isna(v) else int(v) for v in frame[column]]
    return data


def _hovertemplate(labels: Mapping[str, str]) -> str:
    return (
        "<b>%{customdata[0]}</b> (%{customdata[1]})"
        f"<br>{_escape(labels['editions'])}: %{{customdata[2]}}"
        f"<br>{_escape(labels['first_year'])}: %{{customdata[3]}}"
        f"<br>{_escape(labels['last_year'])}: %{{customdata[4]}}"
        f"<br>{_escape(labels['roles'])}: %{{customdata[5]}}"
        "<extra></extra>"
    )


# A star's hover lists this many of the events held there, then how many more: an archive of
# thousands of events would otherwise send every title of every city with the map.
HOST_TITLES_SHOWN = 5


def _first_titles(events: object) -> str:
    """The first HOST_TITLES_SHOWN of "; "-joined titles, then "… (+N)" for the rest."""
    return shortened(str(events).split("; "), HOST_TITLES_SHOWN, "; ")


def _host_trace(hosts: pd.DataFrame, labels: Mapping[str, str]) -> Trace:
    check_columns(hosts, HOST_COLUMNS, "host cities frame")
    _check_coordinates(hosts, "host cities frame", key="city")
    customdata = np.empty((len(hosts), 2), dtype=object)
    customdata[:, 0] = [_escape(v) for v in hosts["city"]]
    customdata[:, 1] = [_escape(_first_titles(v)) for v in hosts["events"]]
    return trace_dict(
        "scattergeo",
        lat=hosts["lat"].to_numpy(dtype=float),
        lon=hosts["lon"].to_numpy(dtype=float),
        mode="markers",
        marker={
            "symbol": "star",
            "size": 13,
            "color": theme.HOST_MARKER,
            "line": {"color": theme.BORDER, "width": 1},
        },
        customdata=customdata,
        hovertemplate=(
            f"<b>%{{customdata[0]}}</b><br>{_escape(labels['host_city'])}"
            "<br>%{customdata[1]}<extra></extra>"
        ),
        name=_escape(labels["host_city"]),
        showlegend=True,
        uid="hosts",
    )
