"""Timeline: the editions of the selected series over time, reported beside named.

One measure at a time (participants, countries and regions, organisations), kept in the URL as
`measure=countries` (ids, not labels: see app/urlstate.py). Reported figures keep their qualifiers (marker symbols) and disagreements (ranges);
events without a figure are grey ticks, never zeros; pre-event and invited figures are not
drawn. Below, named participants per edition and the running total of distinct ones.
"""

import streamlit as st

from coopstats.app import charts, urlstate
from coopstats.app.export_panel import export_panel
from coopstats.app.view import ask, current
from coopstats.export.catalogue import ChartOptions
from coopstats.figures import theme
from coopstats.figures.captions import cumulative_sentence, timeline_measure_sentence
from coopstats.figures.timeline import busiest, cumulative_participants_chart, edition_timeline
from coopstats.schema import EVENT_KINDS, QUALIFIERS

# The countries chart also shows combined counts (countries and organisations as one number).
DRAWN = {"participants": ("participants",), "countries": ("countries", "combined"),
         "organisations": ("organisations",)}  # fmt: skip

view = current()
_ = view._
st.title(_("Editions over time"))

measures = {"participants": _("Participants"), "countries": _("Countries and regions"),
            "organisations": _("International organisations")}  # fmt: skip
measure = urlstate.choice(st.segmented_control, _("Reported number of"), list(measures),
                         key="measure", default="participants", format_func=measures.get,
                         required=True) or "participants"  # fmt: skip

frame = ask(view, "edition_timeline", DRAWN[measure])
if frame.empty:
    charts.empty(view, _("the timeline"))
    st.stop()
frame, capped = busiest(frame, "event_id", _)
# Reported labels (">240", "50–51") and dates written for the interface language.
frame = frame.assign(label=frame["label"].map(view.label),
                     announced_label=frame["announced_label"].map(view.label),
                     start_date=frame["start_date"].map(view.date))  # fmt: skip

what = {"participants": _("participants"), "countries": _("countries and regions"),
        "organisations": _("international organisations")}[measure]  # fmt: skip
labels = {
    "y": _("{what} reported").format(what=measures[measure]),
    "reported": _("Reported after the event"),
    "sub_forum": _("Sub-forums and side meetings"),
    "combined": _("Combined count (countries and organisations)"),
    "named": _("Named in sources (a lower bound)"),
    "no_figure": _("No figure reported"),
    "sources_differ": _("Sources differ: the line spans their values"),
    "announced": _("Announced before the event (not attendance)"),
    "qualifiers": {code: _(spec["label"]) for code, spec in QUALIFIERS.items()},
}
fig = edition_timeline(frame, measure=measure, labels=labels,
                       colors={"series": theme.SERIES, "named": theme.NAMED})  # fmt: skip
if capped:
    st.caption(capped)
elif frame["series_id"].nunique() > len(theme.SERIES):
    st.caption(_("Colours repeat beyond {n} series: pick series in the sidebar to tell them apart.")
               .format(n=len(theme.SERIES)))  # fmt: skip
columns = {"series_name": _("Series"), "title": _("Event"), "start_date": _("Date"),
           "kind": _("Kind"), "measure": _("Measure"), "label": _("Reported"),
           "conflict": _("Sources differ"), "named": _("Named"),
           "announced_label": _("Announced before (not attendance)"),
           "source_ids": _("Sources")}  # fmt: skip
words = {**{k: _(v) for k, v in EVENT_KINDS.items()}, **measures,
         "combined": labels["combined"]}  # fmt: skip
table = frame.assign(kind=frame["kind"].map(words), measure=frame["measure"].map(words))
charts.show(fig, key="timeline_chart", view=view,
            summary=timeline_measure_sentence(frame, measure, what, _),
            table=table[list(columns)].rename(columns=columns))  # fmt: skip
export_panel(view, "timeline", ChartOptions(measure=measure), key="export_timeline_chart")

st.subheader(_("Named participants, edition by edition"))
cumulative = ask(view, "cumulative_timeline")
if cumulative.empty:
    charts.empty(view, _("named participants"))
    st.stop()
cumulative, capped = busiest(cumulative, "edition_id", _)
cumulative = cumulative.assign(start_date=cumulative["start_date"].map(view.date))
fig = cumulative_participants_chart(
    cumulative,
    labels={"y": _("Participants named"), "named": _("Named at the edition"),
            "new": _("Named for the first time"), "cumulative": _("Distinct so far")},
    colors=theme.SERIES,
)  # fmt: skip
columns = {"series_name": _("Series"), "title": _("Edition"), "start_date": _("Date"),
           "named": _("Named at the edition"), "new": _("Named for the first time"),
           "cumulative": _("Distinct so far")}  # fmt: skip
charts.show(fig, key="cumulative_chart", view=view, summary=cumulative_sentence(cumulative, _),
            table=cumulative[list(columns)].rename(columns=columns))  # fmt: skip
if capped:
    st.caption(capped)
export_panel(view, "cumulative", ChartOptions(), key="export_cumulative_chart")
