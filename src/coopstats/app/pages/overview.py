"""Overview: headline figures for the current filters, the latest edition, a small map."""

import streamlit as st

from coopstats.app import charts
from coopstats.app.export_panel import briefing_pack, export_panel
from coopstats.app.text import plain
from coopstats.app.view import ask, current
from coopstats.charts import NothingToShow
from coopstats.figures.captions import event_sentence

view = current()
_ = view._
st.title(_("International cooperation forums at a glance"))

events = ask(view, "events")
summary = ask(view, "event_summary")
history = ask(view, "participant_history")
editions = events[events["kind"] == "edition"]

cols = st.columns(4)
cols[0].metric(
    _("Editions"),
    view.number(len(editions)),
    help=_("Sub-forums and side meetings are not counted here."),
)
cols[1].metric(_("Countries and territories named"),
               view.number(history['participant_type'].isin(['country', 'territory']).sum()),
               help=_("Distinct, across the selected events. Sources name only some participants: a lower bound."))  # fmt: skip
cols[2].metric(
    _("Organisations named"), view.number((history["participant_type"] == "organisation").sum())
)
cols[3].metric(_("Events with a reported attendance"),
               f"{view.number(summary['participants_min'].notna().sum())} / {view.number(len(summary))}")  # fmt: skip

if editions.empty:
    charts.empty(view, _("editions"))
    st.stop()

latest = editions.iloc[-1]
row = summary.set_index("event_id").loc[latest["event_id"]]
with st.container(border=True):
    st.subheader(_("Latest edition: {title}").format(title=plain(latest["title"])))
    st.caption(
        plain(
            f"{view.date(latest['start_date'])} · {latest['city'] or ''} · {view.series_name(latest['series_id'])}"
        )
    )
    c = st.columns(4)
    c[0].metric(_("Participants reported"), view.reported(row, "participants") or _("not reported"))
    c[1].metric(
        _("Countries and regions reported"), view.reported(row, "countries") or _("not reported")
    )
    c[2].metric(
        _("Organisations reported"), view.reported(row, "organisations") or _("not reported")
    )
    c[3].metric(_("Combined count"), view.reported(row, "combined") or _("not reported"),
                help=_("Countries, regions and organisations counted as one number: not a country count."))  # fmt: skip
    st.write(plain(event_sentence({**row.to_dict(), "year": latest["year"]}, _)))

try:
    charts.show(view.chart("overview-map"), key="overview_map", view=view)
    export_panel(view, "overview-map", key="overview_export_map")
    st.page_link(view.pages["map"], label=_("Open the full map"))
except NothingToShow:
    charts.empty(view, _("the map"))

st.subheader(_("Briefing pack"))
st.caption(_("The current filters as slides: key figures, the map, the timeline and a comparison, "
             "with their sources."))  # fmt: skip
briefing_pack(view)
