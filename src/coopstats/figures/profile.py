"""One participant's record: its editions on a timeline by series, and who came with it most.

Codes (series ids, roles, participant types, participant ids) are drawn on category axes and
shown through the display names passed in, escaped: text from data is never markup.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from coopstats.figures import theme
from coopstats.figures.checks import UNCHECKED, check_columns, check_labels, trace_dict
from coopstats.figures.marks import video_key, year_axis
from coopstats.figures.text import escape

TIMELINE_COLUMNS = ("edition_id", "series_id", "year", "events", "roles", "top_role", "by_video")
CO_ATTENDEE_COLUMNS = ("participant_id", "participant_type", "shared_editions")

TIMELINE_LABEL_KEYS = ("year", "series", "roles", "events", "by_video", "video_marker", "yes", "no")
CO_ATTENDEE_LABEL_KEYS = ("shared_editions",)

ROW_HEIGHT = 26


def _category_axis(ids: list[str], names: Mapping[str, str]) -> dict[str, object]:
    """A category axis of ids, first at the top, labelled with escaped display names."""
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": ids,
        "tickmode": "array",
        "tickvals": ids,
        "ticktext": [escape(names.get(i, i)) for i in ids],
        "autorange": "reversed",
        "title": {"text": ""},
    }


def participant_timeline(
    frame: pd.DataFrame,
    *,
    series_names: Mapping[str, str],
    role_labels: Mapping[str, str],
    colors: Mapping[str, str],
    labels: Mapping[str, str],
    edition_titles: Mapping[str, str] | None = None,
    symbols: Mapping[str, str] = theme.ROLE_SYMBOLS,
) -> go.Figure:
    """Editions attended: x year, y series, one marker per edition shaped and coloured by top role.

    `frame`: one row per edition, columns TIMELINE_COLUMNS (participant_editions). An edition
    attended by video at least once is an open marker. Series rows follow their first year in
    the frame. `colors` and `symbols` map role codes (schema.ROLES) to a colour and a marker;
    `labels` holds the UI strings in TIMELINE_LABEL_KEYS.
    """
    check_labels(labels, TIMELINE_LABEL_KEYS)
    check_columns(frame, TIMELINE_COLUMNS, "participant timeline frame")
    # Each column read once, each row's hover text written once, and each role's rows taken
    # from those arrays: a participant named at 600 editions cost 60 ms of pandas picks and of
    # iterating Arrow text per role before.
    series = frame["series_id"].tolist()
    series_ids = list(dict.fromkeys(series))
    titles = edition_titles or {}
    hovertemplate = (
        "<b>%{customdata[0]}</b>"
        f"<br>{escape(labels['series'])}: %{{customdata[1]}}"
        f"<br>{escape(labels['year'])}: %{{x}}"
        f"<br>{escape(labels['roles'])}: %{{customdata[2]}}"
        f"<br>{escape(labels['events'])}: %{{customdata[3]}}"
        f"<br>{escape(labels['by_video'])}: %{{customdata[4]}}"
        "<extra></extra>"
    )
    top_roles = frame["top_role"].to_numpy(dtype=object)
    videos = frame["by_video"].astype(bool).to_numpy()
    years = frame["year"].astype(int).to_numpy()
    events = frame["events"].astype(int).to_numpy()
    written = {
        text: escape(", ".join(role_labels.get(r, r) for r in str(text).split(", ") if r))
        for text in set(frame["roles"].tolist())
    }
    texts = np.empty((len(frame), 5), dtype=object)
    texts[:, 0] = [escape(titles.get(e, e)) for e in frame["edition_id"].tolist()]
    texts[:, 1] = [escape(series_names.get(s, s)) for s in series]
    texts[:, 2] = [written[text] for text in frame["roles"].tolist()]
    texts[:, 4] = [escape(labels["yes"] if v else labels["no"]) for v in videos]
    series_column = np.array(series, dtype=object)
    traces = []
    present = list(dict.fromkeys(top_roles.tolist()))
    for role in [r for r in colors if r in present] + [r for r in present if r not in colors]:
        at = np.flatnonzero(top_roles == role)
        video = videos[at]
        symbol = symbols.get(role, "circle")
        color = colors.get(role, theme.KEY)
        customdata = texts[at]
        customdata[:, 3] = events[at]
        traces.append(
            trace_dict(
                "scatter",
                x=years[at],
                y=series_column[at],
                mode="markers",
                marker={
                    "symbol": [f"{symbol}-open" if v else symbol for v in video],
                    "color": color,
                    "size": 14,
                    "line": {"width": 2, "color": color},
                },
                customdata=customdata,
                hovertemplate=hovertemplate,
                name=escape(role_labels.get(role, role)),
                uid=f"role-{role}",
            )
        )
    if videos.any():
        traces.append(video_key(labels["video_marker"], 12))
    layout = {
        "xaxis": year_axis(frame["year"], labels["year"]),
        "yaxis": _category_axis(series_ids, series_names),
        "height": max(220, ROW_HEIGHT * len(series_ids) + 140),
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 40},
    }
    return go.Figure(data=traces, layout=layout, **UNCHECKED)


def co_attendees_bar(
    frame: pd.DataFrame,
    *,
    names: Mapping[str, str],
    type_labels: Mapping[str, str],
    colors: Mapping[str, str],
    labels: Mapping[str, str],
) -> go.Figure:
    """Horizontal bars: editions shared with each other participant (rows in frame order).

    `frame`: one row per other participant, columns CO_ATTENDEE_COLUMNS (co_attendees; pass the
    top rows to draw). Bars are coloured by participant_type with `colors`; `labels` holds the
    UI strings in CO_ATTENDEE_LABEL_KEYS.
    """
    check_labels(labels, CO_ATTENDEE_LABEL_KEYS)
    check_columns(frame, CO_ATTENDEE_COLUMNS, "co-attendees frame")
    # Fifteen rows or so: each column read once, each type's rows taken from the arrays.
    participants = frame["participant_id"].to_numpy(dtype=object)
    types = frame["participant_type"].to_numpy(dtype=object)
    shared = frame["shared_editions"].astype(int).to_numpy()
    ids = list(dict.fromkeys(participants.tolist()))
    traces = []
    present = list(dict.fromkeys(types.tolist()))
    for kind in [t for t in colors if t in present] + [t for t in present if t not in colors]:
        at = np.flatnonzero(types == kind)
        customdata = np.array(
            [[escape(names.get(p, p))] for p in participants[at]], dtype=object
        ).reshape(-1, 1)
        traces.append(
            trace_dict(
                "bar",
                x=shared[at],
                y=participants[at],
                orientation="h",
                marker={"color": colors.get(kind, theme.KEY)},
                customdata=customdata,
                hovertemplate=(
                    f"<b>%{{customdata[0]}}</b><br>{escape(labels['shared_editions'])}: %{{x}}"
                    "<extra></extra>"
                ),
                name=escape(type_labels.get(kind, kind)),
                uid=f"type-{kind}",
            )
        )
    layout = dict(
        xaxis={
            "title": {"text": escape(labels["shared_editions"])},
            "tickformat": "d",
            "rangemode": "tozero",
        },
        yaxis=_category_axis(ids, names),
        barmode="overlay",
        height=max(220, 24 * len(ids) + 120),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
    )
    return go.Figure(data=traces, layout=layout, **UNCHECKED)
