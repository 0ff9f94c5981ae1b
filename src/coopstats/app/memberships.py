"""The map's membership measure: who belongs to the membership-based processes, never who came.

Called by the Map page when `?measure=membership`; the chart, its notes and words are the
registry's (charts/memberships.py), as every export of it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coopstats.app import charts
from coopstats.app.export_panel import export_panel
from coopstats.app.text import plain
from coopstats.app.view import View
from coopstats.charts import ChartOptions, NothingToShow, labels
from coopstats.charts.memberships import membership_notes
from coopstats.schema import MEMBERSHIP_STATUSES


def membership_section(view: View) -> None:
    """The registry's membership map with its notes, summary, table and export panel."""
    options = ChartOptions(measure=labels.MEMBERSHIP)
    try:
        chart = view.chart("membership-map", options)
    except NothingToShow:
        for note in membership_notes(view.ds, view.filters, view.lang):
            st.caption(plain(note))
        charts.empty(view, view._("memberships"))
        return
    charts.show(chart, key="membership_map", view=view)
    export_panel(view, "membership-map", options, key="export_membership_map")


def membership_list(view: View, participant_id: str) -> None:
    """A profile's memberships: process, status, years and source. Not attendance."""
    _ = view._
    rows = view.ds.memberships_of(participant_id)
    st.subheader(_("Memberships"))
    if rows.empty:
        st.caption(_("No membership of a membership-based process is recorded."))
        return
    st.caption(_("Standings in a process, from its member lists: not attendance."))
    sources = view.ds.tables.sources.set_index("source_id")["url"]
    unknown = "—"
    st.dataframe(
        {
            _("Process"): [view.series_name(s) for s in rows["series_id"]],
            _("Status"): [_(MEMBERSHIP_STATUSES[s]["label"]) for s in rows["status"]],
            _("Since"): [unknown if pd.isna(y) else view.year(y) for y in rows["start_year"]],
            _("Until"): [unknown if pd.isna(y) else view.year(y) for y in rows["end_year"]],
            _("Source"): [sources.get(s) for s in rows["source_id"]],
        },
        hide_index=True,
        width="stretch",
        column_config={_("Source"): st.column_config.LinkColumn()},
        key="profile_memberships",
    )
