"""Which international organisations came when: a dot matrix by year and a bar of editions.

Both charts colour organisations by type (`org_type`, the codes of schema.ORGANISATION_TYPES)
with the colours passed in, and list organisations by id on a category axis whose tick labels
are the display names passed in (so two organisations with the same name never merge).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from coopstats.figures import theme
from coopstats.figures.checks import UNCHECKED, check_columns, check_labels, trace_dict
from coopstats.figures.marks import video_key, year_axis
from coopstats.figures.text import escape, shortened

MATRIX_COLUMNS = ("org_id", "org_type", "year", "editions", "video_editions", "series_ids", "roles")
BAR_COLUMNS = ("org_id", "org_type", "editions", "by_video")

# Keys of the `labels` mapping.
MATRIX_LABEL_KEYS = ("year", "editions", "series", "roles", "type", "by_video")
BAR_LABEL_KEYS = ("editions", "type", "by_video", "yes", "no")

ROW_HEIGHT = 22


# A hover lists at most this many codes (every role fits), then how many more: an archive of
# hundreds of series would otherwise send every name in every dot.
HOVER_LIST_SHOWN = 6


def _codes(text: object, names: Mapping[str, str] | None) -> str:
    """Comma-joined codes shown with their display names, escaped for Plotly; beyond
    HOVER_LIST_SHOWN, the first ones and "… (+N)"."""
    if text is None or (isinstance(text, float) and np.isnan(text)) or text == "":
        return ""
    parts = [(names or {}).get(p, p) for p in str(text).split(", ") if p]
    return escape(shortened(parts, HOVER_LIST_SHOWN, ", "))


def _each_once(values: Sequence[object], write: Callable[[object], str]) -> list[str]:
    """write(value) for each of `values`, written once per distinct value: the rows of a big
    archive repeat a few hundred series and role lists thousands of times."""
    written: dict[object, str] = {}
    return [written[v] if v in written else written.setdefault(v, write(v)) for v in values]


def _org_axis(org_ids: Sequence[str], names: Mapping[str, str]) -> dict[str, object]:
    """A category axis of organisation ids, first at the top, labelled with display names."""
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": list(org_ids),
        "tickmode": "array",
        "tickvals": list(org_ids),
        "ticktext": [escape(names.get(o, o)) for o in org_ids],
        "autorange": "reversed",
        "title": {"text": ""},
    }


def _types_in_order(frame: pd.DataFrame, colors: Mapping[str, str]) -> list[str]:
    """The types present, in the order of `colors` (the vocabulary order), unknown ones last."""
    present = list(dict.fromkeys(frame["org_type"].dropna()))
    return [t for t in colors if t in present] + sorted(t for t in present if t not in colors)


def organisation_matrix(
    frame: pd.DataFrame,
    *,
    names: Mapping[str, str],
    type_labels: Mapping[str, str],
    colors: Mapping[str, str],
    labels: Mapping[str, str],
    series_names: Mapping[str, str] | None = None,
    role_labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Dot matrix: organisations (rows, in frame order) by year, coloured by type.

    `frame`: one row per (org_id, year), columns MATRIX_COLUMNS (organisation_years). A year in
    which the organisation took part by video at every edition it attended is an open marker;
    a bigger dot means more editions that year. `names` maps org_id to its axis label,
    `type_labels` and `colors` map org_type codes to a legend label and a colour, `labels` holds
    the UI strings in MATRIX_LABEL_KEYS; `series_names` and `role_labels` translate the codes in
    the hover text.
    """
    check_labels(labels, MATRIX_LABEL_KEYS)
    check_columns(frame, MATRIX_COLUMNS, "organisation matrix frame")
    org_ids = list(dict.fromkeys(frame["org_id"]))
    traces = []
    hovertemplate = (
        "<b>%{customdata[0]}</b> · %{x}"
        f"<br>{escape(labels['type'])}: %{{customdata[1]}}"
        f"<br>{escape(labels['editions'])}: %{{customdata[2]}}"
        f"<br>{escape(labels['series'])}: %{{customdata[3]}}"
        f"<br>{escape(labels['roles'])}: %{{customdata[4]}}"
        f"<br>{escape(labels['by_video'])}: %{{customdata[5]}}"
        "<extra></extra>"
    )
    # Every column read once, as arrays, and each trace's rows picked from them: a selection
    # of the frame per type and mode copied every column each time. The names and code lists
    # repeat across rows, so each distinct one is written once for all rows.
    types = frame["org_type"].to_numpy(dtype=object)
    editions = frame["editions"].astype(int).to_numpy()
    video_editions = frame["video_editions"].astype(int).to_numpy()
    video = video_editions >= editions
    years = frame["year"].astype(int).to_numpy()
    ids = frame["org_id"].to_numpy(dtype=object)
    sizes = 9 + 3 * np.minimum(editions, 3)
    shown_names = np.array(
        _each_once(ids.tolist(), lambda o: escape(names.get(o, o))), dtype=object
    )
    shown_series = np.array(
        _each_once(frame["series_ids"].tolist(), lambda s: _codes(s, series_names)), dtype=object
    )
    shown_roles = np.array(
        _each_once(frame["roles"].tolist(), lambda r: _codes(r, role_labels)), dtype=object
    )
    for org_type in _types_in_order(frame, colors):
        of_type = types == org_type
        color = colors.get(org_type, theme.KEY)
        legend = escape(type_labels.get(org_type, org_type))
        shown = False  # one legend entry per type, whichever trace comes first
        for by_video in (False, True):
            at = of_type & (video == by_video)
            if not at.any():
                continue
            customdata = np.empty((int(at.sum()), 6), dtype=object)
            customdata[:, 0] = shown_names[at]
            customdata[:, 1] = legend
            customdata[:, 2] = editions[at]
            customdata[:, 3] = shown_series[at]
            customdata[:, 4] = shown_roles[at]
            customdata[:, 5] = video_editions[at]
            traces.append(
                trace_dict(
                    "scatter",
                    x=years[at],
                    y=ids[at],
                    mode="markers",
                    marker={
                        "symbol": "circle-open" if by_video else "circle",
                        "color": color,
                        "size": sizes[at],
                        "line": {
                            "width": 2 if by_video else 0.5,
                            "color": color if by_video else theme.BACKGROUND,
                        },
                    },
                    customdata=customdata,
                    hovertemplate=hovertemplate,
                    name=legend,
                    legendgroup=org_type,
                    showlegend=not shown,
                    uid=f"{org_type}-{'video' if by_video else 'present'}",
                )
            )
            shown = True
    if (frame["video_editions"] > 0).any():
        traces.append(video_key(labels["by_video"], 10, showlegend=True))
    layout = dict(
        xaxis=year_axis(frame["year"], labels["year"]),
        yaxis=_org_axis(org_ids, names),
        height=max(260, ROW_HEIGHT * len(org_ids) + 120),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
        hovermode="closest",
    )
    return go.Figure(data=traces, layout=layout, **UNCHECKED)


def organisation_editions_bar(
    frame: pd.DataFrame,
    *,
    names: Mapping[str, str],
    type_labels: Mapping[str, str],
    colors: Mapping[str, str],
    labels: Mapping[str, str],
) -> go.Figure:
    """Horizontal bars: editions attended per organisation (rows in frame order), one colour per type.

    `frame`: one row per organisation, columns BAR_COLUMNS (organisations_by_type, which groups
    rows by type). `labels` holds the UI strings in BAR_LABEL_KEYS.
    """
    check_labels(labels, BAR_LABEL_KEYS)
    check_columns(frame, BAR_COLUMNS, "organisation bar frame")
    org_ids = list(dict.fromkeys(frame["org_id"]))
    traces = []
    hovertemplate = (
        "<b>%{customdata[0]}</b>"
        f"<br>{escape(labels['type'])}: %{{customdata[1]}}"
        f"<br>{escape(labels['editions'])}: %{{x}}"
        f"<br>{escape(labels['by_video'])}: %{{customdata[2]}}"
        "<extra></extra>"
    )
    for org_type in _types_in_order(frame, colors):
        rows = frame[frame["org_type"] == org_type]
        legend = escape(type_labels.get(org_type, org_type))
        customdata = np.empty((len(rows), 3), dtype=object)
        customdata[:, 0] = [escape(names.get(o, o)) for o in rows["org_id"]]
        customdata[:, 1] = legend
        customdata[:, 2] = [
            escape(labels["yes"] if v else labels["no"]) for v in rows["by_video"].astype(bool)
        ]
        traces.append(
            trace_dict(
                "bar",
                x=rows["editions"].astype(int).to_numpy(),
                y=rows["org_id"].to_numpy(dtype=object),
                orientation="h",
                marker={"color": colors.get(org_type, theme.KEY)},
                customdata=customdata,
                hovertemplate=hovertemplate,
                name=legend,
                legendgroup=org_type,
                uid=org_type,
            )
        )
    layout = dict(
        xaxis={
            "title": {"text": escape(labels["editions"])},
            "tickformat": "d",
            "rangemode": "tozero",
        },
        yaxis=_org_axis(org_ids, names),
        barmode="overlay",
        height=max(260, ROW_HEIGHT * len(org_ids) + 120),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
    )
    return go.Figure(data=traces, layout=layout, **UNCHECKED)
