"""Timeline: the editions of the selected series over time, reported beside named.

One measure at a time (participants, countries and regions, organisations), kept in the URL as
`measure=countries` (ids, not labels: see app/urlstate.py). Reported figures keep their
qualifiers (marker symbols) and disagreements (ranges); events without a figure are grey ticks,
never zeros; pre-event and invited figures are not drawn. Below, named participants per edition
and the running total of distinct ones. Both charts come from the registry (charts/timeline.py).
"""

import streamlit as st

from coopstats.app import charts, urlstate
from coopstats.app.export_panel import export_panel
from coopstats.app.view import current
from coopstats.charts import ChartOptions, NothingToShow, labels
from coopstats.charts.labels import TIMELINE_MEASURES

view = current()
_ = view._
st.title(_("Editions over time"))

measures = labels.timeline_measures(_)
measure = urlstate.choice(st.segmented_control, _("Reported number of"), list(TIMELINE_MEASURES),
                         key="measure", default="participants", format_func=measures.get,
                         required=True) or "participants"  # fmt: skip
options = ChartOptions(measure=measure)
try:
    charts.show(view.chart("timeline", options), key="timeline_chart", view=view)
except NothingToShow:
    charts.empty(view, _("the timeline"))
    st.stop()
export_panel(view, "timeline", options, key="export_timeline_chart")

st.subheader(_("Named participants, edition by edition"))
try:
    charts.show(view.chart("cumulative"), key="cumulative_chart", view=view)
except NothingToShow as nothing:
    charts.empty(view, nothing.what)
    st.stop()
export_panel(view, "cumulative", ChartOptions(), key="export_cumulative_chart")
