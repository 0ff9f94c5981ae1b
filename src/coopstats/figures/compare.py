"""A few editions side by side: reported and named counts, who was named where, and overlap.

Edition labels (short and unique, "GFMD 2024") are passed in as a mapping from edition id, so
that the axes never show raw ids. Everything from the data is escaped before Plotly sees it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from coopstats.figures import theme
from coopstats.figures.checks import UNCHECKED, check_columns, check_labels
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
PRESENCE_LABELS = ("present", "absent")
CHANGES_LABELS = ("returning", "new", "dropped")
MAX_PRESENCE_ROWS = 60
MAX_NAME_CHARS = 40


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
    # A few rows, picked a dozen times (per panel, per trace): as plain Python objects, each
    # pick is a numpy take instead of one per Arrow or masked column (17 ms to ~9 per chart).
    frame = frame[list(COMPARISON_COLUMNS)].sort_values("position", kind="stable").astype(object)
    order = [escape(v) for v in dict.fromkeys(frame["label"])]
    layout = _panels(tuple(escape(labels[p]) for p in COMPARISON_PANELS))
    traces: list[go.Scatter | go.Bar] = []
    for col, measure in enumerate(COMPARISON_PANELS, start=1):
        rows = frame[frame["measure"] == measure]
        first = col == 1
        on = {"xaxis": _axis_id("x", col), "yaxis": _axis_id("y", col)}

        def add(trace: go.Scatter | go.Bar, on: dict[str, str] = on) -> None:
            traces.append(trace.update(on))

        # Every edition gets its place on every panel, even one with nothing to draw there.
        add(
            go.Scatter(
                **UNCHECKED,
                x=order,
                y=[None] * len(order),
                mode="markers",
                showlegend=False,
                hoverinfo="skip",
                uid=f"editions-{measure}",
            )
        )
        if measure != "participants":
            add(
                go.Bar(
                    **UNCHECKED,
                    x=[escape(v) for v in rows["label"]],
                    y=rows["named"].fillna(0).astype(int),
                    marker={
                        "color": lighter(colors["named"], 0.75),
                        "line": {"color": colors["named"], "width": 1.5},
                    },  # 3:1 outline
                    name=escape(labels["named"]),
                    legendgroup="named",
                    showlegend=col == 2,
                    hovertext=[
                        f"<b>{escape(r.title)}</b><br>{escape(labels['named'])}: {count(r.named, labels)}"
                        for r in records(rows.fillna({"named": 0}), ("title", "named"))
                    ],
                    hovertemplate="%{hovertext}<extra></extra>",
                    uid=f"named-{measure}",
                )
            )
        add(_dot_range(rows, labels, colors["reported"], labels["reported"], measure, first))
        add(_reported_text(rows, colors["reported"], measure))
        if measure == "countries":
            combined = frame[(frame["measure"] == "combined") & frame["value_min"].notna()]
            if len(combined):
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
        missing = set(rows.loc[rows["value_min"].isna(), "label"])
        ticktext = [
            f"{tick}<br><span style='color:{theme.NO_FIGURE}'>{escape(labels['no_figure'])}</span>"
            if label in missing
            else tick
            for label, tick in zip(dict.fromkeys(frame["label"]), order, strict=True)
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
        values = [*rows["value_max"].dropna(), *rows["named"].dropna()]
        if measure == "countries":
            values += list(frame.loc[frame["measure"] == "combined", "value_max"].dropna())
        top = float(max(values, default=0)) or 1.0
        layout[_axis_key("yaxis", col)]["range"] = [0, top * 1.2]
    shown = frame.loc[frame["value_min"].notna() & (frame["measure"] != "combined"), "qualifier"]
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


def _dot_range(
    rows: pd.DataFrame,
    labels: Mapping[str, str],
    colour: str,
    name: str,
    measure: str,
    showlegend: bool,
    symbol: str | None = None,
) -> go.Scatter:
    rows = rows[rows["value_min"].notna()]
    lo = rows["value_min"].astype(float).to_numpy()
    spread = rows["value_max"].astype(float).to_numpy() - lo
    symbols = symbol or [theme.QUALIFIER_SYMBOLS.get(q, "circle") for q in rows["qualifier"]]
    hover = []
    for r in records(rows, ("title", "reported_label", "conflict")):
        text = f"<b>{escape(r.title)}</b><br>{escape(name)}: <b>{escape(r.reported_label)}</b>"
        if r.conflict:
            text += f"<br>{escape(labels['sources_differ'])}"
        hover.append(text)
    return go.Scatter(
        **UNCHECKED,
        x=[escape(v) for v in rows["label"]],
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


def _reported_text(rows: pd.DataFrame, colour: str, measure: str) -> go.Scatter:
    """The reported words (">240", "50–51") above the top of each dot-range."""
    rows = rows[rows["value_max"].notna()]
    return go.Scatter(
        **UNCHECKED,
        x=[escape(v) for v in rows["label"]],
        y=rows["value_max"].astype(float).to_numpy(),
        mode="markers+text",
        # An invisible marker as large as the dot, so the words clear it.
        marker={"size": 14, "opacity": 0},
        text=[escape(v) for v in rows["reported_label"]],
        textposition="top center",
        textfont={"color": colour},
        showlegend=False,
        hoverinfo="skip",
        cliponaxis=False,
        uid=f"reported-text-{measure}",
    )


def presence_heatmap(
    matrix: pd.DataFrame,
    names: Sequence[str],
    *,
    edition_labels: Mapping[str, str],
    labels: Mapping[str, str],
    colors: Sequence[str],
    max_rows: int = MAX_PRESENCE_ROWS,
) -> go.Figure:
    """Which participant was named at which edition: two colours and a tick, one row per participant.

    `matrix`: `Dataset.presence_matrix` (index participant_id, one boolean column per edition,
    rows sorted by editions named, most first); `names`: display names in the same row order.
    Only the first `max_rows` rows are drawn (the caller says so). `colors`: (absent,
    present). `labels`: PRESENCE_LABELS. The first participant is at the top.
    """
    check_labels(labels, PRESENCE_LABELS)
    if len(names) != len(matrix):
        raise ValueError(f"names has {len(names)} entries for a matrix of {len(matrix)} rows")
    shown = matrix.iloc[:max_rows]
    full = [escape(n) for n in list(names)[:max_rows]]
    rows = _unique([_shorten(n) for n in list(names)[:max_rows]])
    columns = [escape(edition_labels.get(e, e)) for e in shown.columns]
    z = shown.to_numpy(dtype=float)
    state = np.where(z > 0, escape(labels["present"]), escape(labels["absent"]))
    hover = [
        [f"<b>{r}</b><br>{c}: {state[i, j]}" for j, c in enumerate(columns)]
        for i, r in enumerate(full)
    ]
    absent, present = colors[0], colors[1]
    return go.Figure(
        go.Heatmap(
            **UNCHECKED,
            z=z,
            x=columns,
            y=rows,
            zmin=0,
            zmax=1,
            colorscale=[[0, absent], [0.5, absent], [0.5, present], [1, present]],
            colorbar={
                "tickmode": "array",
                "tickvals": [0.25, 0.75],
                "ticktext": [escape(labels["absent"]), escape(labels["present"])],
                "thickness": 12,
                "len": min(1.0, 160 / max(120, 22 * len(rows))),
                "y": 1,
                "yanchor": "top",
            },
            xgap=2,
            ygap=2,
            # A tick in every named cell: presence reads without telling the colours apart.
            text=np.where(z > 0, "✓", ""),
            texttemplate="%{text}",
            textfont={"color": theme.BACKGROUND},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            uid="presence",
        ),
        layout={
            "height": max(220, 22 * len(rows) + 90),
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "xaxis": {"type": "category", "side": "top"},
            "yaxis": {"type": "category", "autorange": "reversed"},
        },
        **UNCHECKED,
    )


def _shorten(name: str, limit: int = MAX_NAME_CHARS) -> str:
    """A display name cut to `limit` characters ("…" marks the cut), escaped."""
    text = name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
    return escape(text)


def _unique(labels: list[str]) -> list[str]:
    """Category labels made distinct (two cut names could collide and share a heatmap row)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def changes_chart(
    changes: pd.DataFrame,
    *,
    edition_labels: Mapping[str, str],
    labels: Mapping[str, str],
    colors: Mapping[str, str],
    height: int = 340,
) -> go.Figure:
    """Returning, new and dropped named participants between consecutive editions compared.

    `changes`: `Dataset.participant_changes` (one row per consecutive pair). Returning and new
    stack above zero (together: who is named at the later edition); dropped ("not named
    again") goes below zero. `colors` and `labels`: keys CHANGES_LABELS.
    """
    check_columns(changes, ("from_edition", "to_edition", *CHANGES_LABELS), "changes frame")
    check_labels(labels, CHANGES_LABELS)
    pairs = [
        f"{escape(edition_labels.get(a, a))} → {escape(edition_labels.get(b, b))}"
        for a, b in zip(changes["from_edition"], changes["to_edition"], strict=True)
    ]
    traces = []
    for column, sign in (("returning", 1), ("new", 1), ("dropped", -1)):
        values = changes[column].astype(int).to_numpy()
        traces.append(
            go.Bar(
                **UNCHECKED,
                x=pairs,
                y=sign * values,
                name=escape(labels[column]),
                marker={"color": colors[column]},
                text=[count(v, labels) for v in values],
                textposition="inside",
                hovertext=[
                    f"{p}<br>{escape(labels[column])}: {count(v, labels)}"
                    for p, v in zip(pairs, values, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                uid=f"changes-{column}",
            )
        )
    yaxis: dict[str, object] = {"zeroline": True, "zerolinewidth": 1.5, "tickformat": ",d"}
    tallest = int(changes[["returning", "new", "dropped"]].to_numpy().sum(axis=1).max(initial=0))
    if tallest <= 10:
        yaxis["dtick"] = 1  # whole participants: no "1, 1, 2, 2" from half steps
    layout = {
        "height": height,
        "barmode": "relative",
        "uniformtext": {"minsize": 10, "mode": "hide"},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": {"type": "category"},
        "yaxis": yaxis,
    }
    return go.Figure(data=traces, layout=layout, **UNCHECKED)


def overlap_heatmap(
    overlap: pd.DataFrame,
    *,
    edition_labels: Mapping[str, str],
    labels: Mapping[str, str],
    colors: Sequence[str],
) -> go.Figure:
    """Jaccard overlap of named participants between every pair of editions, annotated.

    `overlap`: `Dataset.overlap_matrix` (edition x edition, values 0..1, NaN where neither
    edition names anyone, shown as "–"). `colors`: a sequential scale, light to dark.
    `labels["overlap"]` names the value in hover text.
    """
    check_labels(labels, ("overlap",))
    ticks = [escape(edition_labels.get(e, e)) for e in overlap.index]
    z = overlap.to_numpy(dtype=float)
    text = np.where(np.isnan(z), "–", np.char.mod("%.2f", np.nan_to_num(z)))
    hover = [
        [
            f"{ticks[i]} · {ticks[j]}<br>{escape(labels['overlap'])}: {text[i, j]}"
            for j in range(len(ticks))
        ]
        for i in range(len(ticks))
    ]
    last = max(len(colors) - 1, 1)
    size = 80 * len(ticks) + 120
    return go.Figure(
        go.Heatmap(
            **UNCHECKED,
            z=z,
            x=ticks,
            y=ticks,
            zmin=0,
            zmax=1,
            colorscale=[[i / last, c] for i, c in enumerate(colors)],
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            colorbar={"title": {"text": escape(labels["overlap"])}, "thickness": 12},
            xgap=2,
            ygap=2,
            uid="overlap",
        ),
        layout={
            "height": min(max(size, 260), 620),
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "xaxis": {"type": "category"},
            "yaxis": {"type": "category", "autorange": "reversed"},
        },
        **UNCHECKED,
    )
