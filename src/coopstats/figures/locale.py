"""Figures in the interface language: number separators and, in Arabic, a mirrored layout.

`localise(fig, lang)` is applied to every figure the app draws (app/charts.py) and every figure it
exports, after the figure is built, so the figure builders stay language-free.

Right to left (Arabic):
- a row of legend keys above or below the plot moves to the right, its keys in reverse order
  so that the first reads first from the right; titles and hover labels align right;
- maps mirror their furniture: the colour bar goes to the left, the legend to the right;
- horizontal bar charts mirror completely: bars grow from right to left and their category
  labels (names) stand on the right, where an Arabic reader starts; a legend column or colour
  bar goes to the left;
- time and other numeric x axes keep running left to right, as charts in Arabic publications
  usually do (years are read as numbers, and numbers are written left to right), so the y axis
  and its title stay at the left, at the start of the time axis, and a legend column or colour
  bar stays on the right, where it does not cover the y ticks (`sides_mirrored` says which).

Plotly always writes axis ticks with the digits 0-9, which is also what CLDR's `ar` locale uses
(see coopstats.numbers); `separators` gives each language its decimal and group symbols.
"""

from __future__ import annotations

import plotly.graph_objects as go
from babel import Locale

from coopstats.i18n import CLDR_LOCALES, is_rtl

_FLIP = {"left": "right", "right": "left", "center": "center", "auto": "auto"}
# Traces drawn without x/y axes (maps, tables, indicators, pies).
_NOT_CARTESIAN = frozenset(
    {"choropleth", "scattergeo", "choroplethmap", "scattermap", "table", "indicator", "pie"}
)


def separators(lang: str) -> str:
    """Plotly's `separators`: the language's decimal symbol, then its group symbol (".," in en)."""
    symbols = Locale.parse(CLDR_LOCALES.get(lang, "en")).number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def _mirror_x(
    x: float | None, anchor: str | None, default_x: float, default_anchor: str = "auto"
) -> tuple[float, str]:
    """The mirror image of a paper-x position and its anchor ("auto" resolved as plotly does)."""
    x = default_x if x is None else float(x)
    anchor = anchor or default_anchor
    if anchor == "auto":
        anchor = "left" if x <= 1 / 3 else "right" if x >= 2 / 3 else "center"
    return 1 - x, _FLIP.get(anchor, anchor)


def _colorbars(trace: go.BaseTraceType) -> list[object]:
    bars = []
    if "colorbar" in trace and trace.showscale is not False:
        bars.append(trace.colorbar)
    marker = getattr(trace, "marker", None)
    if marker is not None and "colorbar" in marker and marker.showscale:
        bars.append(marker.colorbar)
    return bars


def _cartesian(fig: go.Figure) -> list[go.BaseTraceType]:
    return [t for t in fig.data if t.type not in _NOT_CARTESIAN]


def sides_mirrored(fig: go.Figure) -> bool:
    """Whether `localise` in Arabic swaps what stands left and right of the plot.

    True for maps and other figures without x/y axes, and for figures made only of horizontal
    bars (their y axis moves to the right). Other charts keep their y axis on the left, so a
    vertical legend or a colour bar stays on the right: on the left it would cover the ticks.
    """
    cartesian = _cartesian(fig)
    return not cartesian or all(t.type == "bar" and t.orientation == "h" for t in cartesian)


def localise(fig: go.Figure, lang: str) -> go.Figure:
    """`fig` set up for `lang` (in place, and returned): separators; mirrored in Arabic."""
    fig.update_layout(separators=separators(lang))
    if not is_rtl(lang):
        return fig
    layout = fig.layout
    sides = sides_mirrored(fig)
    fig.update_layout(hoverlabel_align="right")
    if layout.showlegend is not False:
        legend = layout.legend
        if legend.orientation == "h":  # a row above or below: the row starts at the right
            x, anchor = _mirror_x(legend.x, legend.xanchor, 0.0)
            grouped = "grouped" in (legend.traceorder or "")
            fig.update_layout(
                legend={"x": x, "xanchor": anchor,
                        "traceorder": "reversed+grouped" if grouped else "reversed"}
            )  # fmt: skip
        elif sides:  # a column beside the plot, plotly's default on the right -> on the left
            x, anchor = _mirror_x(legend.x, legend.xanchor, 1.02)
            fig.update_layout(legend={"x": x, "xanchor": anchor})
    if layout.title.text:
        x, anchor = _mirror_x(layout.title.x, layout.title.xanchor, 0.05)
        fig.update_layout(title={"x": x, "xanchor": anchor})
    if sides:
        bars = [bar for trace in fig.data for bar in _colorbars(trace)]
        bars += [layout[k].colorbar for k in layout if k.startswith("coloraxis")]
        for colorbar in bars:
            x, anchor = _mirror_x(colorbar.x, colorbar.xanchor, 1.02, "left")
            colorbar.update(x=x, xanchor=anchor)
        for trace in _cartesian(fig):
            x_name = "xaxis" + (trace.xaxis or "x")[1:]
            y_name = "yaxis" + (trace.yaxis or "y")[1:]
            fig.update_layout({x_name: {"autorange": "reversed"}, y_name: {"side": "right"}})
    return fig
