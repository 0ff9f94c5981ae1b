"""Overview: headline figures for the current filters, the latest edition, a small map."""

import streamlit as st

from coopstats.app import charts
from coopstats.app.text import plain
from coopstats.app.view import ask, current
from coopstats.figures.captions import event_sentence, map_sentence

view = current()
_ = view._
st.title(_("International cooperation forums at a glance"))

events = ask(view, "events")
summary = ask(view, "event_summary")
history = ask(view, "participant_history")
editions = events[events["kind"] == "edition"]

cols = st.columns(4)
cols[0].metric(_("Editions"), f"{len(editions):,}", help=_("Sub-forums and side meetings are not counted here."))
cols[1].metric(_("Countries and territories named"),
               f"{int(history['participant_type'].isin(['country', 'territory']).sum()):,}",
               help=_("Distinct, across the selected events. Sources name only some participants: a lower bound."))  # fmt: skip
cols[2].metric(_("Organisations named"), f"{int((history['participant_type'] == 'organisation').sum()):,}")
cols[3].metric(_("Events with a reported attendance"),
               f"{int((summary['participants_label'] != '').sum()):,} / {len(summary):,}")  # fmt: skip

if editions.empty:
    charts.empty(view, _("editions"))
    st.stop()

latest = editions.iloc[-1]
row = summary.set_index("event_id").loc[latest["event_id"]]
with st.container(border=True):
    st.subheader(_("Latest edition: {title}").format(title=plain(latest["title"])))
    st.caption(plain(f"{latest['start_date']} · {latest['city'] or ''} · {view.series_name(latest['series_id'])}"))
    c = st.columns(4)
    c[0].metric(_("Participants reported"), row["participants_label"] or _("not reported"))
    c[1].metric(_("Countries and regions reported"), row["countries_label"] or _("not reported"))
    c[2].metric(_("Organisations reported"), row["organisations_label"] or _("not reported"))
    c[3].metric(_("Combined count"), row["combined_label"] or _("not reported"),
                help=_("Countries, regions and organisations counted as one number: not a country count."))  # fmt: skip
    st.write(plain(event_sentence({**row.to_dict(), "year": latest["year"]}, _)))

frame = ask(view, "country_map", view.lang)
if frame.empty:
    charts.empty(view, _("the map"))
else:
    fig = charts.world_map(view, frame, "editions", height=380)
    charts.show(fig, key="overview_map", is_map=True, view=view,
                summary=map_sentence(history, len(editions), int((~frame["has_polygon"]).sum()), "", _),
                table=frame[["name", "iso3", "editions", "first_year", "last_year", "roles"]])  # fmt: skip
    st.page_link(view.pages["map"], label=_("Open the full map"), icon="🗺️")
