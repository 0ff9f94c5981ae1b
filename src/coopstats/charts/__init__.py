"""The one registry of the charts a user can see or export (see registry.py)."""

from coopstats.charts import links
from coopstats.charts.chart import Chart, ChartOptions, NothingToShow
from coopstats.charts.registry import CHARTS, build_chart, options_from_params

__all__ = [
    "CHARTS",
    "Chart",
    "ChartOptions",
    "NothingToShow",
    "build_chart",
    "links",
    "options_from_params",
]
