"""The look of every chart, defined once: palettes, marker symbols, the plot template and the
qualifier legend.

Every chart on a page, in an export, in the briefing pack and in the embed view takes its colours
from here (passed into the figure functions by the chart layer) and is drawn with `TEMPLATE`
(`themed(fig)`): the same white background, grid, fonts and colour order wherever it appears.
Streamlit draws page charts with `theme=None`, so its own theme does not repaint them.

Colours are plain data (hex strings) so that they can be checked and changed in this one place
(contrast and colour-vision checks: figures/legibility.py). Nothing here is set globally: no
`pio.templates.default`, no `px.defaults`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from coopstats.figures.checks import Trace, trace_dict
from coopstats.figures.text import escape
from coopstats.schema import ORGANISATION_TYPES, PARTICIPANT_TYPES, ROLES

# -- palettes ----------------------------------------------------------------------------------

# Six colours, as in .streamlit/config.toml, that reach 3:1 against the white background and the
# grey of land without data (WCAG 1.4.11), and whose every pair stays at least 12 apart (CIEDE2000)
# under deuteranopia, protanopia and tritanopia (Machado 2009; figures/legibility.py, tested in
# tests/figures/test_palettes.py). Okabe-Ito's blue and vermillion, then black, rose, violet and
# brown: its orange, sky blue, yellow, green and pink are lighter than 3:1 on white. Beyond six,
# marker shape and line dash tell series apart (SERIES_SYMBOLS, SERIES_DASHES).
CATEGORICAL: tuple[str, ...] = ("#0072B2", "#D55E00", "#000000", "#994466", "#1100AA", "#772200")
# One blue whose lightness falls (order reads without colour vision), from 3:1 against the
# no-data grey to navy, so that every value-carrying fill stands out (docs/accessibility.md).
SEQUENTIAL: tuple[str, ...] = ("#3f86c4", "#3574b2", "#2b629f", "#21518e", "#16407c", "#08306b")
# Every categorical colour is dark enough for small markers on white.
MARKERS: tuple[str, ...] = CATEGORICAL

# What sources reported (blue) beside who they named (vermillion), on the timeline and compare.
REPORTED = "#0072B2"
NAMED = "#D55E00"
# Series on a timeline: the categorical colours but vermillion, which is kept for named counts.
SERIES: tuple[str, ...] = tuple(c for c in CATEGORICAL if c != NAMED)
# Series that share a colour (more series than colours) differ by these, one per turn of the
# colours: marker shapes and line dashes (cumulative chart), line dashes past "solid" joining
# the markers (edition timeline, whose shapes say the qualifier), bar hatches.
SERIES_SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "cross", "x")
SERIES_DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash")
SERIES_HATCHES: tuple[str, ...] = ("", "/", ".", "x", "-")
# Not named: a mid grey that is itself a mark (3.5:1); named: navy, with a tick in the cell.
PRESENCE: tuple[str, str] = ("#8a8a8a", "#08306b")
CHANGES: Mapping[str, str] = {"returning": "#0072B2", "new": "#D55E00", "dropped": "#994466"}
PARTICIPANT_TYPE_COLORS: Mapping[str, str] = dict(
    zip(PARTICIPANT_TYPES, ("#0072B2", "#D55E00", "#772200"), strict=True)
)
ROLE_COLORS: Mapping[str, str] = dict(zip(ROLES, MARKERS, strict=False))
ORGANISATION_TYPE_COLORS: Mapping[str, str] = dict(zip(ORGANISATION_TYPES, MARKERS, strict=False))

# Grey is kept for "no data" only (as OWID does); dark enough to be seen (3.5:1 on white).
NO_FIGURE = "#8a8a8a"
# Legend keys that explain a symbol, not a series; and marks of no category.
KEY = "#555555"

# Maps.
NO_DATA_LAND = "#e4e4e4"
BORDER = "#ffffff"
POLYGON_LINE = "#6e6e6e"
HOST_MARKER = "#1a1a1a"

# Text and surfaces.
BACKGROUND = "#ffffff"
TEXT = "#1a1a1a"
MUTED = "#555555"
GRID = "#e6e6e6"
TABLE_HEADER = "#e8eef5"
# Words marked as evidence in a news item (Contribute page), under TEXT: contrast about 14:1.
EVIDENCE_MARK = "#fde68a"

# Fonts that cover Latin, Cyrillic, Arabic (DejaVu Sans) and Chinese (WenQuanYi Micro Hei).
FONT_FAMILY = (
    '"Source Sans Pro", "Open Sans", "DejaVu Sans", "WenQuanYi Micro Hei", '
    '"Noto Sans CJK SC", "Noto Naskh Arabic", Arial, sans-serif'
)

# -- symbols -----------------------------------------------------------------------------------

# A reported figure's marker says how exact it is ("more than" points up).
QUALIFIER_SYMBOLS: Mapping[str, str] = {
    "exact": "circle",
    "more_than": "triangle-up",
    "about": "diamond",
    "nearly": "diamond",
    "at_least": "triangle-up-open",
    "up_to": "triangle-down",
}
COMBINED_SYMBOL = "square-open"
NAMED_SYMBOL = "line-ew"
NO_FIGURE_SYMBOL = "line-ns-open"
# One marker shape per role (host first, as in schema.ROLES), so that roles differ without colour.
ROLE_SYMBOLS: Mapping[str, str] = {
    "host": "star",
    "organiser": "diamond",
    "co_chair": "square",
    "participant": "circle",
    "speaker": "triangle-up",
    "observer": "cross",
}

# -- the plot template -------------------------------------------------------------------------

_AXIS = {
    "gridcolor": GRID,
    "linecolor": GRID,
    "zerolinecolor": GRID,
    "tickcolor": GRID,
    "title": {"standoff": 8},
}
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT_FAMILY, "color": TEXT},
        "paper_bgcolor": BACKGROUND,
        "plot_bgcolor": BACKGROUND,
        "colorway": list(CATEGORICAL),
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "geo": {"bgcolor": BACKGROUND},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "legend": {"bgcolor": "rgba(255,255,255,0)"},
        "colorscale": {"sequential": [[i / 5, c] for i, c in enumerate(SEQUENTIAL)]},
    }
)


def themed(fig: go.Figure) -> go.Figure:
    """`fig` drawn with the project's template (in place, and returned)."""
    fig.update_layout(template=TEMPLATE)
    return fig


# -- the qualifier legend ----------------------------------------------------------------------


def qualifier_keys(shown: pd.Series) -> list[str]:
    """The qualifiers that need a legend key, in QUALIFIERS order; "nearly" shares "about"'s."""
    present = set(shown)
    if "nearly" in present:
        present = (present - {"nearly"}) | {"about"}
    return [q for q in QUALIFIER_SYMBOLS if q in present]


def qualifier_key_trace(code: str, qualifiers: Mapping[str, str]) -> Trace:
    """A legend entry explaining one marker symbol, in the words of `qualifiers`; it draws nothing."""
    words = qualifiers.get(code, code)
    if code == "about":
        words = f"{words} / {qualifiers.get('nearly', 'nearly')}"
    return trace_dict(
        "scatter",
        x=[None],
        y=[None],
        mode="markers",
        marker={"symbol": QUALIFIER_SYMBOLS[code], "color": KEY, "size": 10},
        name=escape(words),
        legendgroup="qualifiers",
        hoverinfo="skip",
        uid=f"key-{code}",
    )
