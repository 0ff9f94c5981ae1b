"""Figures in the interface language: number separators and, in Arabic, a mirrored layout.

`localise(fig, lang)` is applied to every figure the app draws (app/charts.py) and every figure it
exports, after the figure is built, so the figure builders stay language-free.

Right to left (Arabic):
- legends and colour bars move to the other side (a legend at the top left goes to the top
  right, its keys in reverse order so that the first reads first from the right; a colour bar
  on the right goes to the left), chart titles align right, hover labels align right;
- horizontal bar charts mirror completely: bars grow from right to left and their category
  labels (names) stand on the right, where an Arabic reader starts;
- time and other numeric x axes keep running left to right, as charts in Arabic publications
  usually do (years are read as numbers, and numbers are written left to right), so the y axis
  and its title stay at the left, at the start of the time axis.

Plotly always writes axis ticks with the digits 0-9, which is also what CLDR's `ar` locale uses
(see coopstats.numbers); `separators` gives each language its decimal and group symbols.
"""

from __future__ import annotations

import plotly.graph_objects as go
from babel import Locale

from coopstats.i18n import CLDR_LOCALES, is_rtl

# Fonts that cover Latin, Cyrillic, Arabic (DejaVu Sans) and Chinese (WenQuanYi Micro Hei).
FONT_FAMILY = (
    '"Source Sans Pro", "Open Sans", "DejaVu Sans", "WenQuanYi Micro Hei", '
    '"Noto Sans CJK SC", "Noto Naskh Arabic", Arial, sans-serif'
)
_FLIP = {"left": "right", "right": "left", "center": "center", "auto": "auto"}


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


def localise(fig: go.Figure, lang: str) -> go.Figure:
    """`fig` set up for `lang` (in place, and returned): separators; mirrored in Arabic."""
    fig.update_layout(separators=separators(lang))
    if not is_rtl(lang):
        return fig
    layout = fig.layout
    fig.update_layout(hoverlabel_align="right")
    if layout.showlegend is not False:
        legend = layout.legend
        if legend.orientation == "h" or legend.x is not None:
            x, anchor = _mirror_x(
                legend.x, legend.xanchor, 0.0 if legend.orientation == "h" else 1.02
            )
            fig.update_layout(legend={"x": x, "xanchor": anchor})
        else:  # plotly's default: a vertical legend right of the plot -> left of it
            fig.update_layout(legend={"x": -0.02, "xanchor": "right"})
        if legend.orientation == "h":  # a row of keys reads from the right: first key rightmost
            grouped = "grouped" in (legend.traceorder or "")
            fig.update_layout(legend_traceorder="reversed+grouped" if grouped else "reversed")
    if layout.title.text:
        x, anchor = _mirror_x(layout.title.x, layout.title.xanchor, 0.05)
        fig.update_layout(title={"x": x, "xanchor": anchor})
    for colorbar in [bar for trace in fig.data for bar in _colorbars(trace)]:
        x, anchor = _mirror_x(colorbar.x, colorbar.xanchor, 1.02, "left")
        colorbar.update(x=x, xanchor=anchor)
    coloraxes = [k for k in layout if k.startswith("coloraxis")]
    for name in coloraxes:
        bar = layout[name].colorbar
        x, anchor = _mirror_x(bar.x, bar.xanchor, 1.02, "left")
        bar.update(x=x, xanchor=anchor)
    horizontal = [t for t in fig.data if t.type == "bar" and t.orientation == "h"]
    if horizontal:
        axes = {(t.xaxis or "x", t.yaxis or "y") for t in horizontal}
        for xaxis, yaxis in axes:
            x_name = "xaxis" + xaxis[1:]
            y_name = "yaxis" + yaxis[1:]
            fig.update_layout({x_name: {"autorange": "reversed"}, y_name: {"side": "right"}})
    return fig
