"""Where things go on a briefing slide (powerpoint.py), and the size of each chart's picture.

A slide is 13.333 x 7.5 inches (16:9); boxes are (left, top, width, height) in inches.
"""

from __future__ import annotations

from coopstats.export.images import ImageSize
from coopstats.figures import theme

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
CHART_PX = ImageSize("pack-chart", 1600, 600, 2.0)
SOURCES_PER_SLIDE = 12
# Where things go on every slide, in inches: (left, top, width, height).
TITLE_BOX = (0.5, 0.3, 12.33, 0.75)
SUBTITLE_BOX = (0.5, 1.02, 12.33, 0.4)
PICTURE_BOX = (0.5, 1.45, 12.33, 12.33 * CHART_PX.height / CHART_PX.width)
SUMMARY_BOX = (0.5, 6.12, 12.33, 0.55)
FOOTER_BOX = (0.5, 6.7, 12.33, 0.7)
# python-pptx takes colours as RRGGBB without "#".
INK, MUTED, ACCENT = (c.lstrip("#").upper() for c in (theme.TEXT, theme.MUTED, theme.REPORTED))
