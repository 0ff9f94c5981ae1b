"""Who was named at which of a few editions: the presence grid, the changes from one edition
to the next, and how much any two overlap.

Edition labels (short and unique, "GFMD 2024") are passed in as a mapping from edition id, so
that the axes never show raw ids. Everything from the data is escaped before Plotly sees it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from coopstats.figures import theme
from coopstats.figures.checks import UNCHECKED, check_columns, check_labels
from coopstats.figures.text import count, escape

PRESENCE_LABELS = ("present", "absent")
CHANGES_LABELS = ("returning", "new", "dropped")
MAX_PRESENCE_ROWS = 60
MAX_NAME_CHARS = 40


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
