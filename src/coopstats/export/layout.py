"""Where things go on a briefing slide, shared by the PowerPoint and the PDF renderings.

A slide is 13.333 x 7.5 inches (16:9); boxes are (left, top, width, height) in inches. The PDF
draws the same slide as a 1600 x 900 px page, so an inch is PX_PER_IN pixels there.
"""

from __future__ import annotations

from coopstats.export.decorate import wrap
from coopstats.export.images import ImageSize
from coopstats.figures import theme
from coopstats.figures.text import escape

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
PX_PER_IN = 120  # a 1600 x 900 px page is the 13.333 x 7.5 in slide
CHART_PX = ImageSize("pack-chart", 1600, 600, 2.0)
PAGE_PX = ImageSize("pack-page", 1600, 900, 1.5)
SOURCES_PER_SLIDE = 12
URL_CHARS = 44
# Where things go on every slide, in inches: (left, top, width, height).
TITLE_BOX = (0.5, 0.3, 12.33, 0.75)
SUBTITLE_BOX = (0.5, 1.02, 12.33, 0.4)
PICTURE_BOX = (0.5, 1.45, 12.33, 12.33 * CHART_PX.height / CHART_PX.width)
SUMMARY_BOX = (0.5, 6.12, 12.33, 0.55)
FOOTER_BOX = (0.5, 6.7, 12.33, 0.7)
# python-pptx takes colours as RRGGBB without "#".
INK, MUTED, ACCENT = (c.lstrip("#").upper() for c in (theme.TEXT, theme.MUTED, theme.REPORTED))


def at(x_in: float, y_in: float) -> tuple[float, float]:
    """Slide inches (from the top left) to paper coordinates of a page figure."""
    return x_in / SLIDE_W_IN, 1 - y_in / SLIDE_H_IN


def lines(lines: list[str], width_in: float, size_px: float) -> str:
    return "<br>".join(
        escape(part) for line in lines for part in wrap(line, width_in * PX_PER_IN, size_px)
    )


def cell(value: object, breakable: bool) -> str:
    """A table cell's text; a URL (no spaces to wrap at) is broken every URL_CHARS characters."""
    text = escape(value)
    if not breakable:
        return text
    raw = str(value)
    return "<br>".join(escape(raw[i : i + URL_CHARS]) for i in range(0, len(raw), URL_CHARS))
