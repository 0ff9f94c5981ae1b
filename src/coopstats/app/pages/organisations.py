"""Organisations: which international organisations attended which editions, by type."""

import streamlit as st

from coopstats.app import charts
from coopstats.app.export_panel import export_panel
from coopstats.app.view import current
from coopstats.charts import ChartOptions, NothingToShow, labels
from coopstats.schema import ORGANISATION_TYPES

view = current()
_ = view._
st.title(_("International organisations"))
st.caption(
    _(
        "Which international organisations are named at which editions, by type. Sources name "
        "only some of those who came: a lower bound, never the total."
    )
)

type_labels = labels.organisation_types(_)
chosen = st.pills(
    _("Organisation type"),
    options=list(ORGANISATION_TYPES),
    format_func=type_labels.get,
    selection_mode="multi",
    key="orgtype",
    bind="query-params",
    help=_("Choose none to see every type."),
)
options = ChartOptions(org_types=tuple(chosen or ()))
try:
    by_year_chart = view.chart("organisations", options)
except NothingToShow:
    charts.empty(view, _("international organisations"))
    st.stop()

by_year, per_org = st.tabs([_("By year"), _("Editions per organisation")])
with by_year:
    charts.show(by_year_chart, key="organisations_matrix", view=view)
    export_panel(view, "organisations", options, key="export_organisations_matrix")
with per_org:
    charts.show(view.chart("organisations-bar", options), key="organisations_bar", view=view)
    export_panel(view, "organisations-bar", options, key="export_organisations_bar")
