"""Editions of forum series over time: reported figures with their qualifiers and ranges.

The x axis is a date axis (each event at its start, or the middle of its known period), so a
skipped year leaves a gap and two editions in one year stand apart. A reported figure is a
marker at the lowest value the sources give, its symbol the qualifier of that value ("more
than" is a triangle pointing up), with a line up to the highest value when sources disagree.
Only after-event figures are drawn; an event without one is a grey tick along the bottom, never
a zero. Named participants, a lower bound, are a separate dash in their own colour.

Beyond as many series as colours, colours repeat. Marker shapes already carry the qualifier,
so a series that shares its colour with an earlier one is told apart by a line joining its
editions, dashed for the second turn of colours and dotted for the third (SERIES_DASHES); the
first turn keeps bare markers, so that no line is read as a value between two editions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from coopstats.figures import theme
from coopstats.figures.captions import series_shown_sentence
from coopstats.figures.checks import UNCHECKED, Trace, check_columns, check_labels, trace_dict
from coopstats.figures.legibility import lighter
from coopstats.figures.marks import date_axis, series_colours
from coopstats.figures.text import count, escape, records
from coopstats.figures.theme import qualifier_key_trace, qualifier_keys

TIMELINE_COLUMNS = (
    "series_id",
    "series_name",
    "event_id",
    "kind",
    "title",
    "start_date",
    "plot_date",
    "measure",
    "value_min",
    "value_max",
    "qualifier",
    "label",
    "conflict",
    "announced_label",
    "named",
)
TIMELINE_LABELS = (
    "y",
    "reported",
    "sub_forum",
    "combined",
    "named",
    "no_figure",
    "sources_differ",
    "announced",
    "qualifiers",
)

UIREVISION = "edition_timeline"


# A timeline draws at most this many series: beyond a dozen, lines and legend entries are a
# tangle (and a big archive has hundreds). The others stay one sidebar choice away.
SERIES_SHOWN = 12


def busiest_series(frame: pd.DataFrame, key: str, limit: int | None = None) -> list[str]:
    """The series a timeline draws: every series of `frame` when there are at most `limit`
    (default SERIES_SHOWN), else the `limit` with the most distinct `key` values (events or
    editions), ties by id. Returned in series_id order.
    """
    limit = SERIES_SHOWN if limit is None else limit
    counts = frame.groupby("series_id")[key].nunique()
    if len(counts) <= limit:
        return sorted(counts.index)
    ranked = counts.reset_index().sort_values([key, "series_id"], ascending=[False, True])
    return sorted(ranked["series_id"].head(limit))


def busiest(frame: pd.DataFrame, key: str, _: Callable[[str], str]) -> tuple[pd.DataFrame, str]:
    """The rows of the series a timeline draws (see busiest_series), and the sentence that
    says so in the language of `_` ("" when every series is drawn)."""
    drawn = busiest_series(frame, key)
    total = frame["series_id"].nunique()
    if len(drawn) == total:
        return frame, ""
    kept = frame[frame["series_id"].isin(drawn)].reset_index(drop=True)
    return kept, series_shown_sentence(len(drawn), total, _)


def _scatter(**properties: object) -> Trace:
    return trace_dict("scatter", **properties)


def edition_timeline(
    frame: pd.DataFrame,
    *,
    measure: str,
    labels: Mapping[str, object],
    colors: Mapping[str, object],
    height: int = 460,
) -> go.Figure:
    """Reported values of `measure` per event over time, beside the named counts.

    `frame`: `Dataset.edition_timeline` rows with `label` and `announced_label`, its reported
    and announced figures written for the reader by the chart layer
    (numbers.reported_column); TIMELINE_COLUMNS. Rows of `measure` are drawn,
    and rows of measure "combined", when present and `measure` is another, as a hollow square
    per series labelled `labels["combined"]` (a combined count is never a country count). A
    `status` column, when present, keeps only "reported" rows: announced and invited figures
    are never attendance. Traces: per series, editions (and sub-forums or side meetings, when
    any, as a lighter trace); the named count as one dash trace in `colors["named"]`; events
    without a figure as grey ticks on a hidden second y axis; one legend key per qualifier
    shown. `colors["series"]` gives one colour per series, in order of series_id; a series that
    reuses a colour has its markers joined by a dashed (then dotted) line. `labels`:
    TIMELINE_LABELS, where "qualifiers" maps qualifier codes to words.
    """
    check_columns(frame, TIMELINE_COLUMNS, "timeline frame")
    check_labels(labels, TIMELINE_LABELS)
    if "status" in frame.columns:
        frame = frame[frame["status"] == "reported"]
    # The columns drawn only: each selection below copies every column it keeps.
    frame = frame[list(TIMELINE_COLUMNS)]
    rows = frame[frame["measure"] == measure]
    combined = frame[(frame["measure"] == "combined") & (measure != "combined")]
    palette = series_colours(frame, colors["series"])  # type: ignore[arg-type]
    several = len(palette) > 1
    qualifiers: Mapping[str, str] = labels["qualifiers"]  # type: ignore[assignment]

    traces: list[Trace] = []
    # Split once by series and kind: a mask per series costs a pass over every row each time.
    # Hover text is written once for all rows, before the split, for the same reason, and the
    # split is of plain arrays: a small frame per trace costs more than the trace.
    known = rows[rows["value_min"].notna()]
    parts = _split(known, _hover(known, labels), [known["series_id"], known["kind"] == "edition"])
    combined = combined[combined["value_min"].notna()]
    hover = _hover(combined, labels, what=labels["combined"])
    hollows = _split(combined, hover, [combined["series_id"]])
    names = dict(zip(known["series_id"].tolist(), known["series_name"].tolist(), strict=True))
    for turn, (series_id, colour) in enumerate(palette.items()):
        name = str(names.get(series_id, series_id))
        dash = _turn_dash(turn, len(colors["series"]))  # type: ignore[arg-type]
        for is_edition in (True, False):
            part = parts.get((series_id, is_edition))
            if part is None:
                continue
            trace_name = labels["reported"] if is_edition else labels["sub_forum"]
            if several:
                trace_name = f"{name}: {trace_name}" if not is_edition else name
            traces.append(
                _reported_trace(part, colour, escape(trace_name), series_id, is_edition, dash)
            )
        hollow = hollows.get((series_id,))
        if hollow is not None:
            trace_name = labels["combined"] if not several else f"{name}: {labels['combined']}"
            traces.append(_combined_trace(hollow, colour, escape(trace_name), series_id, dash))

    # Sub-forums' named counts are in their hover text: dashes for each crowd the editions'.
    named = rows[(rows["kind"] == "edition") & (rows["named"].fillna(0) > 0)]
    if len(named):
        traces.append(_named_trace(named, labels, str(colors["named"])))
    unknown = rows[rows["value_min"].isna()]
    if len(unknown):
        traces.append(_no_figure_trace(unknown, labels))
    for code in qualifier_keys(rows.loc[rows["value_min"].notna(), "qualifier"]):
        traces.append(qualifier_key_trace(code, qualifiers))

    layout = dict(
        height=height,
        hovermode="closest",
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={**date_axis(rows["plot_date"]), "anchor": "y2"},
        yaxis={"title": {"text": escape(labels["y"])}, "rangemode": "tozero", "domain": [0.1, 1]},
        # A thin strip under the plot for events without a figure, so that they never sit
        # on the value axis (where they would read as zero).
        yaxis2={"domain": [0, 0.06], "range": [0, 1], "visible": False, "fixedrange": True},
        uirevision=UIREVISION,
    )
    # All traces and the layout at once: Figure.add_trace and update_layout would walk the
    # figure again (see checks.UNCHECKED).
    return go.Figure(data=traces, layout=layout, **UNCHECKED)


def _turn_dash(turn: int, colours: int) -> str | None:
    """The line dash of the `turn`-th series drawn with `colours` colours: None (bare markers)
    while colours are still new, then SERIES_DASHES past "solid" for each later turn."""
    cycle = turn // colours
    if cycle == 0:
        return None
    dashes = theme.SERIES_DASHES[1:]
    return dashes[(cycle - 1) % len(dashes)]


def _joined(colour: str, dash: str | None) -> dict[str, object]:
    """Mode and line of a trace whose markers are joined by a `dash` line (bare when None)."""
    if dash is None:
        return {"mode": "markers"}
    return {"mode": "lines+markers", "line": {"color": colour, "width": 1.5, "dash": dash}}


Columns = dict[str, np.ndarray]


def _split(frame: pd.DataFrame, hover: list[str], by: list[pd.Series]) -> dict[tuple, Columns]:
    """The rows of `frame` (with their `hover` text) by the keys of `by`, as the arrays the
    trace builders read (_TRACE_COLUMNS), in frame order within each key; no key is empty."""
    columns = {
        "plot_date": frame["plot_date"].to_numpy(),
        "value_min": frame["value_min"].to_numpy(dtype=float, na_value=np.nan),
        "value_max": frame["value_max"].to_numpy(dtype=float, na_value=np.nan),
        "qualifier": frame["qualifier"].to_numpy(dtype=object),
        "hover": np.array(hover, dtype=object),
    }
    if frame.empty:
        return {}
    groups = frame.groupby(by, sort=False).indices
    return {
        (key if isinstance(key, tuple) else (key,)): {c: v[at] for c, v in columns.items()}
        for key, at in groups.items()
    }


def _by_date(part: Columns, dash: str | None) -> Columns:
    """`part` in date order when its markers are joined by a line (`dash`), else as it is."""
    if dash is None:
        return part
    order = np.argsort(part["plot_date"], kind="stable")
    return {c: v[order] for c, v in part.items()}


def _reported_trace(
    part: Columns,
    colour: str,
    name: str,
    series_id: str,
    is_edition: bool,
    dash: str | None = None,
) -> Trace:
    part = _by_date(part, dash)
    lo = part["value_min"]
    spread = part["value_max"] - lo
    return _scatter(
        x=part["plot_date"],
        y=lo,
        **_joined(colour, dash),
        marker={
            "symbol": [
                theme.QUALIFIER_SYMBOLS.get(q, "circle") for q in part["qualifier"].tolist()
            ],
            # Sub-forums lighter, outlined in the full colour (3:1 on white).
            "color": colour if is_edition else lighter(colour, 0.6),
            "size": 12 if is_edition else 9,
            "line": {"color": colour, "width": 1.5},
        },
        error_y={
            "type": "data",
            "symmetric": False,
            "array": spread,
            "arrayminus": np.zeros(len(lo)),
            "visible": bool((spread > 0).any()),
            "color": colour,
            "thickness": 2,
            "width": 0,
        },
        name=name,
        legendgroup=series_id,
        hovertext=part["hover"].tolist(),
        hovertemplate="%{hovertext}<extra></extra>",
        uid=f"{series_id}-{'editions' if is_edition else 'sub'}",
    )


def _combined_trace(
    part: Columns,
    colour: str,
    name: str,
    series_id: str,
    dash: str | None = None,
) -> Trace:
    part = _by_date(part, dash)
    lo = part["value_min"]
    spread = part["value_max"] - lo
    return _scatter(
        x=part["plot_date"],
        y=lo,
        **_joined(colour, dash),
        marker={"symbol": theme.COMBINED_SYMBOL, "color": colour, "size": 11, "line": {"width": 2}},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": spread,
            "arrayminus": np.zeros(len(lo)),
            "visible": bool((spread > 0).any()),
            "color": colour,
            "width": 0,
        },
        name=name,
        legendgroup=series_id,
        hovertext=part["hover"].tolist(),
        hovertemplate="%{hovertext}<extra></extra>",
        uid=f"{series_id}-combined",
    )


def _named_trace(rows: pd.DataFrame, labels: Mapping[str, object], colour: str) -> Trace:
    hover = [
        f"<b>{escape(r.title)}</b><br>{escape(r.series_name)} · {escape(r.start_date)}"
        f"<br>{escape(labels['named'])}: {count(r.named, labels)}"
        for r in records(rows, ("title", "series_name", "start_date", "named"))
    ]
    return _scatter(
        x=rows["plot_date"].to_numpy(),
        y=rows["named"].astype(float).to_numpy(),
        mode="markers",
        marker={
            "symbol": theme.NAMED_SYMBOL,
            "size": 16,
            "color": colour,
            "line": {"color": colour, "width": 3},
        },
        name=escape(labels["named"]),
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        uid="named",
    )


def _no_figure_trace(rows: pd.DataFrame, labels: Mapping[str, object]) -> Trace:
    hover = [
        f"<b>{escape(r.title)}</b><br>{escape(r.series_name)} · {escape(r.start_date)}"
        f"<br>{escape(labels['no_figure'])}"
        + (
            f"<br>{escape(labels['announced'])}: {escape(r.announced_label)}"
            if r.announced_label
            else ""
        )
        for r in records(rows, ("title", "series_name", "start_date", "announced_label"))
    ]
    return _scatter(
        x=rows["plot_date"].to_numpy(),
        y=[0.5] * len(rows),
        yaxis="y2",
        mode="markers",
        marker={
            "symbol": theme.NO_FIGURE_SYMBOL,
            "size": 12,
            "color": theme.NO_FIGURE,
            "line": {"color": theme.NO_FIGURE, "width": 2},
        },
        name=escape(labels["no_figure"]),
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        uid="no_figure",
    )


_HOVER_COLUMNS = ("title", "series_name", "start_date", "label", "conflict", "named",
                  "announced_label")  # fmt: skip


def _hover(part: pd.DataFrame, labels: Mapping[str, object], what: object = None) -> list[str]:
    """Hover text of reported rows, one per row of `part` (what: the value's words)."""
    what = labels["y"] if what is None else what
    out = []
    for r in records(part, _HOVER_COLUMNS):
        text = (
            f"<b>{escape(r.title)}</b><br>{escape(r.series_name)} · {escape(r.start_date)}"
            f"<br>{escape(what)}: <b>{escape(r.label)}</b>"
        )
        if r.conflict:
            text += f"<br>{escape(labels['sources_differ'])}"
        if pd.notna(r.named):
            text += f"<br>{escape(labels['named'])}: {count(r.named, labels)}"
        if r.announced_label:
            text += f"<br>{escape(labels['announced'])}: {escape(r.announced_label)}"
        out.append(text)
    return out
