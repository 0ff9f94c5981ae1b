"""Words burned into an exported chart: title, the filters, the summary, sources, version, link.

`decorate` returns a copy of the figure with those as layout annotations in widened margins, so
that a PNG pasted into a briefing still says what it shows, for which selection, from which
sources and data version, and where to see it live. Positions are in pixels from the plot area
(annotation x/yshift), so they hold at any export size.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterable

import plotly.graph_objects as go

from coopstats.charts import Chart
from coopstats.export.credits import Credits
from coopstats.figures import theme
from coopstats.figures.locale import localise, sides_mirrored
from coopstats.figures.text import escape
from coopstats.i18n import is_rtl, translator

Translate = Callable[[str], str]

PAD = 18
TITLE_SIZE, SUBTITLE_SIZE, SUMMARY_SIZE, FOOTER_SIZE = 26, 15, 14, 11
LINE = 1.35  # line height as a multiple of the font size


def wrap(text: str, width_px: float, font_px: float) -> list[str]:
    """Lines of `text` that fit `width_px` at `font_px` (an estimate: no font metrics here)."""
    per_line = max(20, int(width_px / (font_px * 0.55)))
    if " " not in text.strip():  # e.g. Chinese: break anywhere
        return [text[i : i + per_line // 2] for i in range(0, len(text), per_line // 2)] or [""]
    return textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=False) or [""]


def _legend_to_side(fig: go.Figure) -> None:
    """A horizontal legend above or below the plot moves to the right, stacked.

    Above, it would collide with the title; below, with the footer; and how many rows it
    wraps to is only known once the browser has measured the text. On the right it pushes the
    margin itself (plotly's automargin), so nothing overlaps at any size.
    """
    legend = fig.layout.legend
    if legend.orientation == "h":
        fig.update_layout(
            legend={
                "orientation": "v",
                "x": 1.02,
                "xanchor": "left",
                "y": 1,
                "yanchor": "top",
                "xref": "paper",
                "yref": "paper",
            }
        )


def _has_x_axis(fig: go.Figure) -> bool:
    return any(t.type not in ("choropleth", "scattergeo", "table", "indicator") for t in fig.data)


def _chars(values: Iterable[object]) -> int:
    return max((len(str(v)) for v in values if v is not None), default=0)


def _side_margins(fig: go.Figure, left: int, right: int, width: int) -> tuple[int, int]:
    """Left and right margins wide enough for tick labels, legend and colour bar.

    plotly grows a margin that is too small for them (automargin), which would move text
    anchored to the plot area; asking for about enough up front keeps the footer in place.
    """
    char = 6.6  # px per character of 12 px text
    if _has_x_axis(fig):
        labels: list[object] = []
        for key in fig.layout:
            if key.startswith("yaxis") and fig.layout[key].ticktext:
                labels.extend(fig.layout[key].ticktext)
        for trace in fig.data:
            y = getattr(trace, "y", None)
            if y is not None and len(y) and isinstance(y[0], str):
                labels.extend(y)
        chars = max(_chars(labels), 6)
        titled = any(key.startswith("yaxis") and fig.layout[key].title.text for key in fig.layout)
        left = max(left, int(chars * char) + 20 + (28 if titled else 0))
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    if names and fig.layout.showlegend is not False and (fig.layout.legend.x or 0) >= 1:
        right = max(right, int(_chars(names) * char) + 70)
    if fig.layout.coloraxis.colorbar.title.text or any(
        getattr(t, "showscale", None) for t in fig.data
    ):
        right = max(right, 110)
    limit = int(width * 0.4)
    return min(left, limit), min(right, limit)


def _block_height(lines: int, size: int) -> int:
    return math.ceil(lines * size * LINE)


def decorate(
    chart: Chart,
    credits: Credits,
    *,
    width: int = 1600,
    height: int | None = 900,
    summary: bool = True,
) -> go.Figure:
    """A copy of the chart's figure with title, subtitle, summary and footer in its margins.

    `width` x `height` is the exported size in layout pixels; `height=None` leaves the height
    to the figure (the HTML export, which is as wide as the window; `width` is then the width
    the text is wrapped for). The title and subtitle are the figure's title, placed against
    the image edge (xref/yref "container"); the summary and footer are annotations under the
    plot, shifted out to the image edge by the margins set here.
    """
    _ = translator(credits.lang)
    fig = go.Figure(chart.figure)
    _legend_to_side(fig)
    margin = fig.layout.margin
    top = margin.t if margin.t is not None else 100
    bottom = margin.b if margin.b is not None else 80
    left, right = _side_margins(
        fig,
        margin.l if margin.l is not None else 80,
        margin.r if margin.r is not None else 80,
        width,
    )
    # The language's separators and, in Arabic, the mirrored legend, colour bar and bars
    # (figures/locale.py); what moved to the other side takes its margin along.
    localise(fig, credits.lang)
    if is_rtl(credits.lang) and sides_mirrored(fig):
        left, right = right, left
    if _has_x_axis(fig):
        # Tick labels and notes under the axis sit in the bottom margin: keep room for them
        # above the footer (a small margin only looks right because automargin grows it).
        bottom = max(bottom, 70)
    text_width = width - 2 * PAD - 40  # a little slack for automargin and font metrics

    title_lines = wrap(chart.title, text_width, TITLE_SIZE)
    subtitle_lines = wrap(credits.subtitle, text_width, SUBTITLE_SIZE)
    summary_lines = wrap(chart.sentences, text_width, SUMMARY_SIZE) if summary else []
    footer_lines = [
        line for raw in credits.footer_lines(_) for line in wrap(raw, text_width, FOOTER_SIZE)
    ]
    header = (
        PAD
        + _block_height(len(title_lines), TITLE_SIZE)
        + 6
        + _block_height(len(subtitle_lines), SUBTITLE_SIZE)
        + 14
    )
    footer = (
        PAD
        + _block_height(len(footer_lines), FOOTER_SIZE)
        + (_block_height(len(summary_lines), SUMMARY_SIZE) + 8 if summary_lines else 0)
    )
    new_top = max(top, 10) + header
    new_bottom = max(bottom, 10) + footer
    rtl = is_rtl(credits.lang)
    x, anchor = (1.0, "right") if rtl else (0.0, "left")
    xshift = (right - PAD) if rtl else -(left - PAD)

    def joined(lines: list[str]) -> str:
        # Plotly draws text left to right; in Arabic each line is isolated right to left
        # (U+2067 ... U+2069), so Latin names, dates and numbers inside it keep their places.
        if rtl:
            return "<br>".join(f"\u2067{escape(line)}\u2069" for line in lines)
        return "<br>".join(escape(line) for line in lines)

    def note(text: str, *, yshift: float, size: int, color: str) -> dict[str, object]:
        return {
            "text": text,
            "xref": "paper",
            "yref": "paper",
            "x": x,
            "y": 0,
            "xanchor": anchor,
            "yanchor": "bottom",
            "xshift": xshift,
            "yshift": yshift,
            "align": anchor,
            "showarrow": False,
            "font": {"family": theme.FONT_FAMILY, "size": size, "color": color},
        }

    link = credits.permalink
    # Shown decoded ("lang=العربية", not "%D8%A7..."), linked encoded; without a public
    # address, the line says how to open the view instead.
    link_lines = wrap(credits.link_line(_), text_width, FOOTER_SIZE)
    linked = "<br>".join(
        f'<a href="{escape(link)}" style="color:{theme.MUTED}">{escape(part)}</a>'
        if credits.linkable
        else escape(part)
        for part in link_lines
    )
    footer_text = "<br>".join(t for t in (joined(footer_lines[: -len(link_lines)]), linked) if t)
    annotations = list(fig.layout.annotations or [])
    annotations.append(
        note(footer_text, yshift=-(new_bottom - PAD), size=FOOTER_SIZE, color=theme.MUTED)
    )
    if summary_lines:
        above_footer = -(new_bottom - PAD) + _block_height(len(footer_lines), FOOTER_SIZE) + 8
        annotations.append(
            note(joined(summary_lines), yshift=above_footer, size=SUMMARY_SIZE, color=theme.TEXT)
        )

    title = {
        "text": f"<b>{joined(title_lines)}</b>",
        "subtitle": {
            "text": joined(subtitle_lines),
            "font": {"family": theme.FONT_FAMILY, "size": SUBTITLE_SIZE, "color": theme.MUTED},
        },
        "font": {"family": theme.FONT_FAMILY, "size": TITLE_SIZE, "color": theme.TEXT},
        "xref": "container",
        "yref": "container",
        "xanchor": anchor,
        "yanchor": "top",
        "pad": {"t": PAD, "l": PAD, "r": PAD},
        "automargin": True,
    }
    if height is not None:
        title.update(x=(1 - PAD / width) if rtl else PAD / width, y=1 - PAD / height, pad={})
    else:
        title.update(x=1.0 if rtl else 0.0, y=1.0)
    layout: dict[str, object] = {
        "annotations": annotations,
        "margin": {"l": left, "r": right, "t": new_top, "b": new_bottom},
        "title": title,
        "paper_bgcolor": theme.BACKGROUND,
        "width": width if height is not None else None,
        "height": height if height is not None else (fig.layout.height or 520) + header + footer,
        "autosize": height is None,
        "meta": {
            "coopstats": {
                "chart": chart.name,
                "version": credits.version,
                "permalink": credits.permalink,
            }
        },
    }
    fig.update_layout(**layout)
    return fig
