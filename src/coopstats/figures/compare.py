"""A few editions side by side: reported and named counts (who was named where, the changes
between them and their overlap are in figures/presence.py).

Edition labels (short and unique, "GFMD 2024") are passed in as a mapping from edition id, so
that the axes never show raw ids. Everything from the data is escaped before Plotly sees it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from coopstats.figures import theme
from coopstats.figures.checks import UNCHECKED, Trace, check_columns, check_labels, trace_dict
from coopstats.figures.legibility import lighter
from coopstats.figures.text import count, escape, records
from coopstats.figures.theme import qualifier_key_trace, qualifier_keys

COMPARISON_COLUMNS = (
    "position",
    "edition_id",
    "label",
    "title",
    "measure",
    "value_min",
    "value_max",
    "qualifier",
    "reported_label",
    "conflict",
    "named",
)
COMPARISON_PANELS = ("participants", "countries", "organisations")
COMPARISON_LABELS = (
    "participants",
    "countries",
    "organisations",
    "combined",
    "named",
    "reported",
    "no_figure",
    "sources_differ",
    "qualifiers",
)


def edition_comparison(
    frame: pd.DataFrame,
    *,
    labels: Mapping[str, str],
    colors: Mapping[str, str],
    height: int = 380,
) -> go.Figure:
    """Reported figures and named counts of a few editions, one panel per measure.

    `frame`: `Dataset.edition_comparison` rows, one per (edition, measure), with
    `reported_label` and `announced_label`: its reported and announced figures written for the
    reader by the chart layer (numbers.reported_column); COMPARISON_COLUMNS. Panels: participants, countries and regions, international organisations; x is
    the edition, in `position` order. Named participants (exact counts of names, a lower bound)
    are bars in `colors["named"]`. A reported figure is never a bar: ">240" is not a length. It
    is a dot at the lowest value the sources give, its symbol the qualifier, with a line up to
    the highest value when they disagree, and the reported text above it, in
    `colors["reported"]`; a combined count (countries and organisations together) is a hollow
    square in the countries panel. An edition without a figure gets the words
    `labels["no_figure"]` at the foot of its panel, not a zero. People are not named, so the
    participants panel has no bars. `labels`: COMPARISON_LABELS.
    """
    check_columns(frame, COMPARISON_COLUMNS, "comparison frame")
    check_labels(labels, COMPARISON_LABELS)
    # Two dozen rows at most, each read a dozen times (per panel, per trace): as plain Python
    # records, in `position` order. Each pandas pick or cast of so small a frame costs about
    # a millisecond whatever its rows: the chart took 40 ms at 10^5 in them before.
    every = sorted(records(frame, COMPARISON_COLUMNS), key=lambda r: r.position)
    order = [escape(v) for v in dict.fromkeys(r.label for r in every)]
    layout = _panels(tuple(escape(labels[p]) for p in COMPARISON_PANELS))
    traces: list[Trace] = []
    for col, measure in enumerate(COMPARISON_PANELS, start=1):
        rows = [r for r in every if r.measure == measure]
        combined = [r for r in every if r.measure == "combined" and not _missing(r.value_min)]
        first = col == 1
        on = {"xaxis": _axis_id("x", col), "yaxis": _axis_id("y", col)}

        def add(trace: Trace, on: dict[str, str] = on) -> None:
            traces.append({**trace, **on})

        # Every edition gets its place on every panel, even one with nothing to draw there.
        add(
            trace_dict(
                "scatter",
                x=order,
                y=[None] * len(order),
                mode="markers",
                showlegend=False,
                hoverinfo="skip",
                uid=f"editions-{measure}",
            )
        )
        if measure != "participants":
            named = [0 if _missing(r.named) else int(r.named) for r in rows]
            add(
                trace_dict(
                    "bar",
                    x=[escape(r.label) for r in rows],
                    y=np.array(named, dtype=np.int64),
                    marker={
                        "color": lighter(colors["named"], 0.75),
                        "line": {"color": colors["named"], "width": 1.5},
                    },  # 3:1 outline
                    name=escape(labels["named"]),
                    legendgroup="named",
                    showlegend=col == 2,
                    hovertext=[
                        f"<b>{escape(r.title)}</b><br>{escape(labels['named'])}: {count(n, labels)}"
                        for r, n in zip(rows, named, strict=True)
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                    uid=f"named-{measure}",
                )
            )
        add(_dot_range(rows, labels, colors["reported"], labels["reported"], measure, first))
        add(_reported_text(rows, colors["reported"], measure))
        if measure == "countries" and combined:
            add(
                _dot_range(
                    combined,
                    labels,
                    colors["reported"],
                    labels["combined"],
                    "combined",
                    True,
                    symbol=theme.COMBINED_SYMBOL,
                )
            )
            add(_reported_text(combined, colors["reported"], "combined"))
        # An edition without a figure says so under its name, never as a zero on the axis.
        missing = {r.label for r in rows if _missing(r.value_min)}
        ticktext = [
            f"{tick}<br><span style='color:{theme.NO_FIGURE}'>{escape(labels['no_figure'])}</span>"
            if label in missing
            else tick
            for label, tick in zip(dict.fromkeys(r.label for r in every), order, strict=True)
        ]
        layout[_axis_key("xaxis", col)].update(
            type="category",
            categoryorder="array",
            categoryarray=order,
            tickmode="array",
            tickvals=order,
            ticktext=ticktext,
            range=[-0.5, len(order) - 0.5],
        )
        # Headroom for the reported words above the highest dot.
        tops = [*rows, *(r for r in every if r.measure == "combined")]
        values = [r.value_max for r in (tops if measure == "countries" else rows)]
        values += [r.named for r in rows]
        top = float(max((v for v in values if not _missing(v)), default=0)) or 1.0
        layout[_axis_key("yaxis", col)]["range"] = [0, top * 1.2]
    shown = [r.qualifier for r in every
             if not _missing(r.value_min) and r.measure != "combined"]  # fmt: skip
    traces += [qualifier_key_trace(code, labels["qualifiers"]) for code in qualifier_keys(shown)]
    layout.update(
        height=height,
        barmode="overlay",
        bargap=0.35,
        legend={"orientation": "h", "x": 0, "y": 1.12, "xanchor": "left", "yanchor": "bottom"},
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
    )
    # One figure made from finished parts: plotly's object model checks a figure on every
    # update (make_subplots, add_trace by row and column, update_xaxes), which cost several
    # times the drawing itself for this small chart.
    return go.Figure(data=traces, layout=layout, **UNCHECKED)


def _axis_id(letter: str, col: int) -> str:
    return letter if col == 1 else f"{letter}{col}"


def _axis_key(name: str, col: int) -> str:
    return name if col == 1 else f"{name}{col}"


@functools.lru_cache(maxsize=32)
def _panels_frozen(titles: tuple[str, ...]) -> str:
    """The layout of one row of panels titled `titles` (axes and titles, no template), as
    plotly's make_subplots lays them out, in JSON: made once per set of titles."""
    fig = make_subplots(rows=1, cols=len(titles), horizontal_spacing=0.07, subplot_titles=titles)
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)
    return json.dumps(layout)


def _panels(titles: tuple[str, ...]) -> dict:
    """A fresh copy of `_panels_frozen(titles)`, to fill in."""
    return json.loads(_panels_frozen(titles))


def _missing(value: object) -> bool:
    """Whether a value read from the frame is missing (None, NA or NaN)."""
    return value is None or value is pd.NA or value != value  # NaN: unequal to itself


def _floats(values: list[object]) -> np.ndarray:
    return np.array([np.nan if _missing(v) else float(v) for v in values], dtype=float)


def _dot_range(
    rows: list,
    labels: Mapping[str, str],
    colour: str,
    name: str,
    measure: str,
    showlegend: bool,
    symbol: str | None = None,
) -> Trace:
    rows = [r for r in rows if not _missing(r.value_min)]
    lo = _floats([r.value_min for r in rows])
    spread = _floats([r.value_max for r in rows]) - lo
    symbols = symbol or [theme.QUALIFIER_SYMBOLS.get(r.qualifier, "circle") for r in rows]
    hover = []
    for r in rows:
        text = f"<b>{escape(r.title)}</b><br>{escape(name)}: <b>{escape(r.reported_label)}</b>"
        if r.conflict:
            text += f"<br>{escape(labels['sources_differ'])}"
        hover.append(text)
    return trace_dict(
        "scatter",
        x=[escape(r.label) for r in rows],
        y=lo,
        mode="markers",
        marker={
            "symbol": symbols,
            "color": colour,
            "size": 12,
            "line": {"color": colour, "width": 2},
        },
        error_y={
            "type": "data",
            "symmetric": False,
            "array": spread,
            "arrayminus": np.zeros(len(rows)),
            "visible": bool((spread > 0).any()),
            "color": colour,
            "thickness": 2,
            "width": 0,
        },
        name=escape(name),
        legendgroup=f"reported-{symbol or ''}",
        showlegend=showlegend,
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        cliponaxis=False,
        uid=f"reported-{measure}",
    )


def _reported_text(rows: list, colour: str, measure: str) -> Trace:
    """The reported words (">240", "50–51") above the top of each dot-range."""
    rows = [r for r in rows if not _missing(r.value_max)]
    return trace_dict(
        "scatter",
        x=[escape(r.label) for r in rows],
        y=_floats([r.value_max for r in rows]),
        mode="markers+text",
        # An invisible marker as large as the dot, so the words clear it.
        marker={"size": 14, "opacity": 0},
        text=[escape(r.reported_label) for r in rows],
        textposition="top center",
        textfont={"color": colour},
        showlegend=False,
        hoverinfo="skip",
        cliponaxis=False,
        uid=f"reported-text-{measure}",
    )
